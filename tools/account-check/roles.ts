// Role and deployment rules, checked from outside NetSuite: who may call a RESTlet is decided before any
// script runs, so a RESTlet cannot check it for itself. Run with the relay's own token against the
// connector's deployed RESTlets.
import type { TbaCredentials } from 'stripe-netsuite-relay';
import { signedFetch } from './client';
import type { CheckReport } from './report';

type CheckResult = CheckReport['results'][number];

export interface ConnectorEndpoints {
  /** The connector's webhook RESTlet, whose audience is the relay roles. */
  webhookUrl: string;
  /** The connector's Info RESTlet, deployed for administrators only. */
  infoUrl: string;
}

const AUTHENTICATION = 'Oracle help, "RESTlet Authentication" (Web Services Only roles get INVALID_LOGIN_CREDENTIALS)';
const AUDIENCE = 'Oracle help, "Defining Script Audience" and "Setting Script Deployment Status"';

/** NetSuite refused the caller before any script ran (the code is a documented guess: 401/403). */
function accessRefused(response: { status: number; text: string }): boolean {
  return (
    response.status === 401 || response.status === 403 || /INSUFFICIENT_PERMISSION|INVALID_LOGIN/.test(response.text)
  );
}

/** The connector answers a body that is no relay envelope with its own error code: the script ran. */
function scriptRan(text: string): boolean {
  return /SNC_[A-Z_]+/.test(text);
}

export async function relayRoleChecks(endpoints: ConnectorEndpoints, relay: TbaCredentials): Promise<CheckResult[]> {
  const webhook = await signedFetch(endpoints.webhookUrl, relay, {
    method: 'POST',
    body: 'not a relay envelope',
    contentType: 'text/plain',
  });
  const info = await signedFetch(endpoints.infoUrl, relay, { method: 'GET' });
  const answered = (r: { status: number; text: string }): string => `HTTP ${r.status}: ${r.text.slice(0, 200)}`;
  return [
    {
      name: "the relay's role may call the webhook RESTlet (not Web Services Only, in the deployment's audience)",
      source: `${AUTHENTICATION}; ${AUDIENCE}`,
      ok: scriptRan(webhook.text),
      detail: answered(webhook),
    },
    {
      name: "the relay's role is kept out of a RESTlet deployed for administrators only",
      source: AUDIENCE,
      ok: accessRefused(info) && !scriptRan(info.text),
      detail: answered(info),
    },
  ];
}

/** The report with more results, its counts recomputed. */
export function withResults(report: CheckReport, more: readonly CheckResult[]): CheckReport {
  const results = [...report.results, ...more];
  return {
    ...report,
    results,
    passed: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
  };
}
