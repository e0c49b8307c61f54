// Calls the account-check RESTlet with token-based authentication, as the relay calls the connector.
import { randomNonce, signRequest, type TbaCredentials } from '../../relay/src/oauth';
import { parseReport, type CheckReport } from './report';

export const CHECK_SCRIPT = 'customscript_snc_check_rl';
export const CHECK_DEPLOYMENT = 'customdeploy_snc_check_rl';

/** NetSuite's RESTlet domain for an account ID (`1234567_SB1` → `1234567-sb1.restlets.api.netsuite.com`). */
export function restletUrl(accountId: string): string {
  const host = `${accountId.toLowerCase().replace(/_/g, '-')}.restlets.api.netsuite.com`;
  return `https://${host}/app/site/hosting/restlet.nl?script=${CHECK_SCRIPT}&deploy=${CHECK_DEPLOYMENT}`;
}

export interface CheckRequestBody {
  subsidiary?: number;
  incomeAccount?: number;
}

export async function runAccountCheck(
  url: string,
  credentials: TbaCredentials,
  body: CheckRequestBody = {},
): Promise<CheckReport> {
  const { authorization } = signRequest({
    method: 'POST',
    url,
    credentials,
    timestamp: Math.floor(Date.now() / 1000),
    nonce: randomNonce(),
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: authorization, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(300_000),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`The account-check RESTlet answered HTTP ${response.status}: ${text.slice(0, 1000)}`);
  return parseReport(text);
}
