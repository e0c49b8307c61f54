import search = require('N/search');
import { EVENT_STATUS_LIST, PAYOUT_STATUS_LIST } from '../connectorLists';
import { errorName } from '../netsuiteErrors';
import {
  savedSearchDefinitions,
  type SavedSearchSpec,
  type SearchColumnSpec,
  type SearchFilterSpec,
  type SearchStatusIds,
} from '../searches/savedSearchDefinitions';
import { listValue } from './listValues';
import { submitScheduledScript } from './scheduledTasks';

/**
 * Creates the connector's saved searches in the account, or brings existing ones back to the shipped
 * definition (title, criteria, columns). Safe to run again: a search is found by its script ID with
 * search.load (Oracle help, "search.load(options)") and saved again, which keeps its internal ID and
 * what only the UI sets (audience, "Available as Reminder", dashboard use); one not found is created
 * with search.create and Search.save() (Oracle help, "Search.save()"). Units: 10 (list values, or 1 from
 * the cache) + 10 per search (load 5, save 5).
 */
export type SearchInstallAction = 'created' | 'updated' | 'failed';

export interface SearchInstallResult {
  id: string;
  title: string;
  action: SearchInstallAction;
  /** Internal ID of the saved search (absent when it failed). */
  searchId?: number;
  error?: string;
}

/** The list values the searches filter on, resolved by script ID in this account. */
export function searchStatusIds(): SearchStatusIds {
  return {
    eventParked: listValue(EVENT_STATUS_LIST, 'parked'),
    eventQueued: listValue(EVENT_STATUS_LIST, 'queued'),
    payoutUnreconciled: listValue(PAYOUT_STATUS_LIST, 'unreconciled'),
  };
}

function filterOf(spec: SearchFilterSpec): search.Filter {
  const options: search.CreateSearchFilterOptions = {
    name: spec.name,
    operator: search.Operator[spec.operator.toUpperCase() as keyof typeof search.Operator],
    values: spec.values,
  };
  if (spec.formula !== undefined) options.formula = spec.formula;
  return search.createFilter(options);
}

function columnOf(spec: SearchColumnSpec): search.Column {
  const options: search.CreateSearchColumnOptions = { name: spec.name };
  if (spec.label !== undefined) options.label = spec.label;
  if (spec.summary !== undefined) options.summary = search.Summary[spec.summary];
  if (spec.sort !== undefined) options.sort = search.Sort[spec.sort];
  return search.createColumn(options);
}

/** The saved search with this script ID, or null when there is none (any load failure counts as none:
 * creating it then fails with SSS_DUPLICATE_SEARCH_SCRIPT_ID if it did exist). */
function loadExisting(id: string): search.Search | null {
  try {
    return search.load({ id });
  } catch {
    return null;
  }
}

function install(spec: SavedSearchSpec): SearchInstallResult {
  const filters = spec.filters.map(filterOf);
  const columns = spec.columns.map(columnOf);
  const existing = loadExisting(spec.id);
  if (existing) {
    existing.title = spec.title;
    existing.filters = filters;
    existing.columns = columns;
    return { id: spec.id, title: spec.title, action: 'updated', searchId: existing.save() };
  }
  const created = search.create({ type: spec.type, title: spec.title, id: spec.id, filters, columns });
  return { id: spec.id, title: spec.title, action: 'created', searchId: created.save() };
}

/** Installs every shipped search; one that fails (e.g. its title taken by another search) does not stop the others. */
export function installSavedSearches(): SearchInstallResult[] {
  return savedSearchDefinitions(searchStatusIds()).map((spec) => {
    try {
      return install(spec);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { id: spec.id, title: spec.title, action: 'failed', error: `${errorName(error)}: ${message}` };
    }
  });
}

/** Queues the saved searches script's on-demand deployment (the console's action); false when already queued. */
export function requestSavedSearchInstall(): boolean {
  return submitScheduledScript('customscript_snc_searches_ss', 'customdeploy_snc_searches_now');
}
