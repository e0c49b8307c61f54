/**
 * @NApiVersion 2.1
 * @NScriptType Restlet
 * @NModuleScope SameAccount
 */

import runtime = require('N/runtime');
import type { EntryPoints } from 'N/types';
import { acceptDelivery } from '../netsuite/eventProcessing';
import { asSuiteScriptError } from '../netsuite/errors';
import { resolveSettingsId } from '../netsuite/settingsStore';
import { parseEnvelope } from '../webhooks/envelope';

/** The relay posts the envelope (text/plain) here; the answer is JSON text. */
export const post: EntryPoints.RESTlet.post = (body) => {
  try {
    const settingsId = resolveSettingsId(
      runtime.getCurrentScript().getParameter({ name: 'custscript_snc_webhook_settings' }),
    );
    return JSON.stringify(acceptDelivery(parseEnvelope(body), settingsId));
  } catch (cause) {
    throw asSuiteScriptError(cause);
  }
};
