/**
 * @NApiVersion 2.1
 * @NScriptType ScheduledScript
 * @NModuleScope SameAccount
 */

import log = require('N/log');
import runtime = require('N/runtime');
import type { EntryPoints } from 'N/types';
import type { ImportOutcome } from '../backfill/historicalImport';
import { finishImport, importSettings } from '../netsuite/historicalImportRun';
import { loadSettings, settingsIdsToServe } from '../netsuite/settingsStore';

/** Goes on with the historical imports started from the console, page by page, within governance. */
export const execute: EntryPoints.Scheduled.execute = (context) => {
  const parameter = runtime.getCurrentScript().getParameter({ name: 'custscript_snc_import_settings' });
  const outcomes: ImportOutcome[] = [];
  for (const settingsId of settingsIdsToServe(parameter)) {
    try {
      const outcome = importSettings(loadSettings(settingsId));
      if (outcome === null) continue;
      outcomes.push(outcome);
      log.audit({ title: `Stripe historical import, settings ${settingsId}`, details: JSON.stringify(outcome) });
      // Out of units: the next run resumes this record's import, then the records after it.
      if (outcome.status === 'continue') break;
    } catch (error) {
      // One account's failure (a missing API key, Stripe unreachable) must not hold back the others; its run
      // stays saved at the last page done, and Start on the console queues it again.
      log.error({ title: `Stripe historical import failed for settings ${settingsId}`, details: error });
    }
  }
  log.audit({
    title: 'Stripe historical import',
    details: JSON.stringify({ type: context.type, ...finishImport(outcomes) }),
  });
};
