/**
 * @NApiVersion 2.1
 * @NScriptType ScheduledScript
 * @NModuleScope SameAccount
 */

import log = require('N/log');
import runtime = require('N/runtime');
import type { EntryPoints } from 'N/types';
import { nowSeconds } from '../netsuite/eventProcessing';
import { loadSettings, settingsIdsToServe } from '../netsuite/settingsStore';
import { checkPayouts, checkSilence, continueUpkeep, trimPayloads, upkeepSettings } from '../netsuite/upkeepRun';
import type { ConnectorSettings, UpkeepSettings } from '../settings';

/** Hourly: tells the admin about silence and stuck payouts, then trims old payloads (continuing when units run low). */
export const execute: EntryPoints.Scheduled.execute = (context) => {
  const now = nowSeconds();
  const parameter = runtime.getCurrentScript().getParameter({ name: 'custscript_snc_upkeep_settings' });
  const served: { settings: ConnectorSettings; upkeep: UpkeepSettings }[] = [];
  for (const settingsId of settingsIdsToServe(parameter)) {
    try {
      const entry = { settings: loadSettings(settingsId), upkeep: upkeepSettings(settingsId) };
      served.push(entry);
      checkSilence(entry.settings, entry.upkeep, now);
    } catch (error) {
      // One account's invalid settings must not hold back the others.
      log.error({ title: `Stripe upkeep failed for settings ${settingsId}`, details: error });
    }
  }
  const [first] = served;
  const payouts = first
    ? checkPayouts(
        served.map((s) => s.settings),
        first.upkeep.payoutAlertHours,
        now,
      )
    : [];
  const trims: Record<number, number> = {};
  let continued = false;
  for (const { settings, upkeep } of served) {
    const outcome = trimPayloads(settings.id, upkeep.retentionDays, now);
    trims[settings.id] = outcome.trimmed;
    if (outcome.status === 'continue') {
      continued = continueUpkeep();
      break;
    }
  }
  log.audit({ title: 'Stripe upkeep', details: JSON.stringify({ type: context.type, payouts, trims, continued }) });
};
