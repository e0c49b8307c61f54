/**
 * @NApiVersion 2.1
 * @NScriptType Restlet
 * @NModuleScope SameAccount
 */

import runtime = require('N/runtime');
import type { EntryPoints } from 'N/types';
import { runChecks, type Check } from './check';
import { platformChecks } from './checks/platform';
import { invoiceLifecycleChecks } from './checks/invoiceLifecycle';
import { orderChecks } from './checks/orders';
import { recordChecks } from './checks/records';
import { suiteqlChecks } from './checks/suiteql';
import { Fixtures } from './fixtures';

/** Units kept back for deleting what the checks made. */
const CLEANUP_RESERVE = 600;

interface CheckRequest {
  subsidiary?: number;
  incomeAccount?: number;
  bankAccount?: number;
  taxCode?: number;
}

function requestOf(body: unknown): CheckRequest {
  const parsed: unknown = typeof body === 'string' && body.trim() !== '' ? JSON.parse(body) : body;
  return parsed && typeof parsed === 'object' ? (parsed as CheckRequest) : {};
}

/** POST {subsidiary?, incomeAccount?, bankAccount?, taxCode?}: runs every check, deletes what it made, answers the report. */
export const post: EntryPoints.RESTlet.post = (body: unknown) => {
  const request = requestOf(body);
  const user = runtime.getCurrentUser();
  const fixtures = new Fixtures({
    subsidiary: request.subsidiary ?? (user.subsidiary ? Number(user.subsidiary) : null),
    incomeAccount: request.incomeAccount ?? null,
    bankAccount: request.bankAccount ?? null,
    taxCode: request.taxCode ?? null,
  });
  const checks: Check[] = [
    ...recordChecks(fixtures),
    ...suiteqlChecks(fixtures),
    ...platformChecks(fixtures),
    ...invoiceLifecycleChecks(fixtures),
    ...orderChecks(fixtures),
  ];
  const script = runtime.getCurrentScript();
  const results = runChecks(checks, () => script.getRemainingUsage(), CLEANUP_RESERVE);
  const left = fixtures.cleanup();
  return JSON.stringify({
    account: runtime.accountId,
    passed: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
    results,
    notDeleted: left,
  });
};
