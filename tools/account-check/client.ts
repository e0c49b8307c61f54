// Calls the account-check RESTlet with token-based authentication, as the relay calls the connector.
import { randomNonce, signRequest, type TbaCredentials } from 'stripe-netsuite-relay';
import { parseReport, type CheckReport } from './report';

export const CHECK_SCRIPT = 'customscript_snc_check_rl';
export const CHECK_DEPLOYMENT = 'customdeploy_snc_check_rl';

/** NetSuite's RESTlet domain for an account ID (`1234567_SB1` → `1234567-sb1.restlets.api.netsuite.com`). */
export function restletUrl(accountId: string, script = CHECK_SCRIPT, deployment = CHECK_DEPLOYMENT): string {
  const host = `${accountId.toLowerCase().replace(/_/g, '-')}.restlets.api.netsuite.com`;
  return `https://${host}/app/site/hosting/restlet.nl?script=${script}&deploy=${deployment}`;
}

export interface CheckRequestBody {
  subsidiary?: number;
  incomeAccount?: number;
  bankAccount?: number;
  /** A Tax Code with a rate above zero, for the per-line tax check; absent: the first active one. */
  taxCode?: number;
}

/** A request signed with token-based auth (OAuth 1.0a, HMAC-SHA256), as the relay signs its calls. */
export async function signedFetch(
  url: string,
  credentials: TbaCredentials,
  init: { method: 'GET' | 'POST'; body?: string; contentType?: string },
): Promise<{ status: number; text: string }> {
  const { authorization } = signRequest({
    method: init.method,
    url,
    credentials,
    timestamp: Math.floor(Date.now() / 1000),
    nonce: randomNonce(),
  });
  const response = await fetch(url, {
    method: init.method,
    headers: { Authorization: authorization, 'Content-Type': init.contentType ?? 'application/json' },
    body: init.body,
    signal: AbortSignal.timeout(300_000),
  });
  return { status: response.status, text: await response.text() };
}

export async function runAccountCheck(
  url: string,
  credentials: TbaCredentials,
  body: CheckRequestBody = {},
): Promise<CheckReport> {
  const response = await signedFetch(url, credentials, { method: 'POST', body: JSON.stringify(body) });
  if (response.status !== 200)
    throw new Error(`The account-check RESTlet answered HTTP ${response.status}: ${response.text.slice(0, 1000)}`);
  return parseReport(response.text);
}
