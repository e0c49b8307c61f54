/**
 * @NApiVersion 2.1
 * @NScriptType ScheduledScript
 * @NModuleScope SameAccount
 */

import log = require('N/log');
import runtime = require('N/runtime');
import type { EntryPoints } from 'N/types';
import type { CatchUpOutcome } from '../catchup/eventCatchUp';
import { catchUpSettings, finishCatchUp } from '../netsuite/eventCatchUpRun';
import { loadSettings, settingsIdsToServe } from '../netsuite/settingsStore';

/** Lists Stripe's events since the last catch-up and queues those no webhook brought (hourly, or on demand). */
export const execute: EntryPoints.Scheduled.execute = (context) => {
  const parameter = runtime.getCurrentScript().getParameter({ name: 'custscript_snc_catchup_settings' });
  const outcomes: CatchUpOutcome[] = [];
  for (const settingsId of settingsIdsToServe(parameter)) {
    try {
      const outcome = catchUpSettings(loadSettings(settingsId));
      outcomes.push(outcome);
      log.audit({ title: `Stripe catch-up, settings ${settingsId}`, details: JSON.stringify(outcome) });
      // Out of units: the next run resumes this record's cursor, then the records after it.
      if (outcome.status === 'continue') break;
    } catch (error) {
      // One account's failure (a missing API key, Stripe unreachable) must not hold back the others.
      log.error({ title: `Stripe catch-up failed for settings ${settingsId}`, details: error });
    }
  }
  log.audit({ title: 'Stripe catch-up', details: JSON.stringify({ type: context.type, ...finishCatchUp(outcomes) }) });
};
