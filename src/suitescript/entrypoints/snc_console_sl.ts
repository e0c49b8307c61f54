/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */

import format = require('N/format');
import runtime = require('N/runtime');
import serverWidget = require('N/ui/serverWidget');
import type { EntryPoints } from 'N/types';
import type { CalendarDay } from '../backfill/historicalImport';
import {
  FIELD,
  IMPORT_FIELD,
  PARKED_QUEUE_ID,
  PARKED_SELECT,
  PARKED_SUBLIST,
  pageModel,
  parseAction,
  type ConsoleAction,
  type PageModel,
} from '../console/consoleModel';
import {
  checkSettings,
  consoleHealth,
  historicalImportProgress,
  parkedEvents,
  payoutRows,
  syncNow,
} from '../netsuite/consoleData';
import { requestCatchUp } from '../netsuite/eventCatchUpRun';
import { requestSavedSearchInstall } from '../netsuite/savedSearchInstall';
import { nowSeconds, requestQueueRun } from '../netsuite/eventProcessing';
import { requeueEvents, requeueParked } from '../netsuite/eventQueue';
import { startImport } from '../netsuite/historicalImportRun';
import { loadSettings, resolveSettingsId } from '../netsuite/settingsStore';

/** The admin's console: GET shows health, parked events, payouts and the settings check; POST acts, then shows. */
export const onRequest: EntryPoints.Suitelet.onRequest = (context) => {
  const settingsId = consoleSettingsId();
  let message: string | null = null;
  if (context.request.method === 'POST') message = act(postedAction(context.request), settingsId);
  const view = {
    now: nowSeconds(),
    settingsId,
    health: consoleHealth(settingsId),
    parked: parkedEvents(),
    payouts: payoutRows(),
    settingsProblems: checkSettings(settingsId),
    message,
    historicalImport: historicalImportProgress(settingsId),
  };
  context.response.writePage({ pageObject: renderForm(pageModel(view)) });
};

function consoleSettingsId(): number | null {
  try {
    return resolveSettingsId(runtime.getCurrentScript().getParameter({ name: 'custscript_snc_console_settings' }));
  } catch {
    // No settings record (or several without the parameter): the settings check says what to do.
    return null;
  }
}

function postedAction(request: EntryPoints.Suitelet.onRequestContext['request']): ConsoleAction {
  const selected: string[] = [];
  const lines = request.getLineCount({ group: PARKED_SUBLIST });
  for (let line = 0; line < lines; line++) {
    if (request.getSublistValue({ group: PARKED_SUBLIST, name: PARKED_SELECT, line }) === 'T') {
      selected.push(request.getSublistValue({ group: PARKED_SUBLIST, name: PARKED_QUEUE_ID, line }));
    }
  }
  return parseAction(request.parameters[FIELD.action] ?? '', selected, request.parameters[FIELD.stripeId] ?? '', {
    from: postedDay(request.parameters[IMPORT_FIELD.from]),
    to: postedDay(request.parameters[IMPORT_FIELD.to]),
    now: nowSeconds(),
  });
}

/** A posted Date field (in the user's date format) as the calendar day it names; null when empty or no date. */
function postedDay(text: string | undefined): CalendarDay | null {
  if (!text) return null;
  try {
    const parsed: unknown = format.parse({ value: text, type: format.Type.DATE });
    if (!(parsed instanceof Date) || Number.isNaN(parsed.getTime())) return null;
    return { year: parsed.getFullYear(), month: parsed.getMonth() + 1, day: parsed.getDate() };
  } catch {
    return null;
  }
}

function act(action: ConsoleAction, settingsId: number | null): string | null {
  switch (action.kind) {
    case 'none':
      return null;
    case 'invalid':
      return action.message;
    case 'retry':
    case 'retryAll': {
      const count = action.kind === 'retry' ? requeueEvents(action.queueIds) : requeueParked();
      const started = count > 0 && requestQueueRun();
      return `${count} parked event(s) queued again${started ? '; the queue Map/Reduce was started' : count > 0 ? '; the queue Map/Reduce already running picks them up' : ''}.`;
    }
    case 'sync':
      if (settingsId === null) return 'Sync now needs a settings record (see the settings check).';
      return syncNow(loadSettings(settingsId), action.stripeId, nowSeconds());
    case 'catchUp':
      return requestCatchUp()
        ? 'Catch-up queued: it lists Stripe events since the last one stored and queues what is missing.'
        : 'A catch-up is already queued or running: it continues from where it stopped.';
    case 'installSearches':
      return requestSavedSearchInstall()
        ? "Saved searches queued: the script creates the connector's searches or brings them back to the shipped criteria."
        : 'The saved searches script is already queued or running.';
    case 'importStart': {
      if (settingsId === null) return 'The historical import needs a settings record (see the settings check).';
      const result = startImport(settingsId, action, nowSeconds());
      if (!result.started)
        return 'A historical import is under way: it goes on from where it stopped (progress below).';
      return `Historical import started${result.queued ? '' : ' (its script is already queued)'}: it queues Stripe's objects created in the range, and the queue Map/Reduce books them.`;
    }
  }
}

function renderForm(model: PageModel): serverWidget.Form {
  const form = serverWidget.createForm({ title: model.title });
  for (const group of model.groups) {
    form.addFieldGroup({ id: group.id, label: group.label });
    for (const value of group.fields) {
      const field = form.addField({
        id: value.id,
        label: value.label,
        type: serverWidget.FieldType.TEXT,
        container: group.id,
      });
      field.defaultValue = value.value;
      field.updateDisplayType({ displayType: serverWidget.FieldDisplayType.INLINE });
    }
  }
  form.addFieldGroup({ id: 'custpage_snc_actions', label: 'Actions' });
  const action = form.addField({
    id: FIELD.action,
    label: 'Action',
    type: serverWidget.FieldType.SELECT,
    container: 'custpage_snc_actions',
  });
  for (const option of model.actions) action.addSelectOption({ value: option.value, text: option.text });
  form.addField({
    id: FIELD.stripeId,
    label: 'Stripe ID (Sync now)',
    type: serverWidget.FieldType.TEXT,
    container: 'custpage_snc_actions',
  });
  for (const [id, label] of [
    [IMPORT_FIELD.from, 'From (historical import)'],
    [IMPORT_FIELD.to, 'To (historical import)'],
  ] as const) {
    form.addField({ id, label, type: serverWidget.FieldType.DATE, container: 'custpage_snc_actions' });
  }
  for (const sublist of model.sublists) {
    const list = form.addSublist({ id: sublist.id, label: sublist.label, type: serverWidget.SublistType.LIST });
    for (const column of sublist.columns) {
      const field = list.addField({
        id: column.id,
        label: column.label,
        type: column.checkbox ? serverWidget.FieldType.CHECKBOX : serverWidget.FieldType.TEXT,
      });
      if (column.checkbox) field.updateDisplayType({ displayType: serverWidget.FieldDisplayType.ENTRY });
    }
    sublist.rows.forEach((row, line) => {
      for (const column of sublist.columns) list.setSublistValue({ id: column.id, line, value: row[column.id] || ' ' });
    });
  }
  form.addSubmitButton({ label: model.submitLabel });
  return form;
}
