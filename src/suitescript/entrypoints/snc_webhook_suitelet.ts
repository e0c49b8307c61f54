/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */

import runtime = require('N/runtime');
import type { EntryPoints } from 'N/types';
import { acceptDelivery } from '../netsuite/eventProcessing';
import { asSuiteScriptError } from '../netsuite/errors';
import { resolveSettingsId } from '../netsuite/settingsStore';

function header(headers: Record<string, string>, name: string): string {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? '' : (headers[key] ?? '');
}

/**
 * Direct mode: Stripe posts its webhook here as is (deployment available without login). Same checks as the
 * RESTlet; a Suitelet answers 200 unless the script throws, so every refusal is thrown.
 */
export const onRequest: EntryPoints.Suitelet.onRequest = (context) => {
  try {
    if (context.request.method !== 'POST')
      throw Object.assign(new Error('Stripe webhooks are POSTed'), { code: 'SNC_METHOD_NOT_ALLOWED' });
    const settingsId = resolveSettingsId(
      runtime.getCurrentScript().getParameter({ name: 'custscript_snc_webhook_sl_settings' }),
    );
    const envelope = { signature: header(context.request.headers, 'stripe-signature'), payload: context.request.body };
    context.response.setHeader({ name: 'Content-Type', value: 'application/json' });
    context.response.write({ output: JSON.stringify(acceptDelivery(envelope, settingsId)) });
  } catch (cause) {
    throw asSuiteScriptError(cause);
  }
};
