/**
 * @NApiVersion 2.1
 * @NScriptType ScheduledScript
 * @NModuleScope SameAccount
 */

import log = require('N/log');
import type { EntryPoints } from 'N/types';
import { installSavedSearches } from '../netsuite/savedSearchInstall';

/** On demand (after each deploy): creates or refreshes the connector's saved searches. */
export const execute: EntryPoints.Scheduled.execute = (context) => {
  const results = installSavedSearches();
  for (const failed of results.filter((r) => r.action === 'failed')) {
    log.error({ title: `Stripe saved search ${failed.id} not installed`, details: failed.error });
  }
  log.audit({ title: 'Stripe saved searches', details: JSON.stringify({ type: context.type, results }) });
};
