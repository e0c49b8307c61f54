/**
 * @NApiVersion 2.1
 * @NScriptType Restlet
 * @NModuleScope SameAccount
 */

import runtime = require('N/runtime');
import type { EntryPoints } from 'N/types';
import { acceptDelivery } from '../netsuite/eventProcessing';
import { asSuiteScriptError } from '../netsuite/errors';
import { countSignatureFailure } from '../netsuite/consoleData';
import { nowSeconds } from '../netsuite/eventProcessing';
import { IntakeError } from '../webhooks/intake';
import { resolveSettingsId } from '../netsuite/settingsStore';
import { parseEnvelope } from '../webhooks/envelope';

/** The relay posts the envelope (text/plain) here; the answer is JSON text. */
export const post: EntryPoints.RESTlet.post = (body) => {
  let settingsId: number | null = null;
  try {
    settingsId = resolveSettingsId(
      runtime.getCurrentScript().getParameter({ name: 'custscript_snc_webhook_settings' }),
    );
    return JSON.stringify(acceptDelivery(parseEnvelope(body), settingsId));
  } catch (cause) {
    // The console shows refused deliveries: counted here, where NetSuite sees them.
    if (cause instanceof IntakeError && cause.code === 'SNC_SIGNATURE_INVALID' && settingsId !== null) {
      try {
        countSignatureFailure(settingsId, nowSeconds());
      } catch {
        // Counting is for the console only: the delivery's answer stays the signature error.
      }
    }
    throw asSuiteScriptError(cause);
  }
};
