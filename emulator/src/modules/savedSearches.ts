/**
 * The account's saved searches (Lists > Search > Saved Searches), as Search.save() stores them and
 * search.load(options) reads them back. One list per emulator (keyed by its services object).
 *
 * Rules, from Oracle help "Search.save()": a new search needs a title (SSS_MISSING_REQD_ARGUMENT); a
 * title another saved search has is refused (NAME_ALREADY_IN_USE); a script ID another saved search has is
 * refused (SSS_DUPLICATE_SEARCH_SCRIPT_ID, "… If you are trying to modify an existing saved search, use
 * search.load()."); without an ID NetSuite generates one ("Search.id"); save returns the internal ID as a
 * number. Script IDs start with customsearch ("Search.id"). Guesses (emulator/README.md): a script ID
 * that does not start with customsearch is refused (SSS_INVALID_SRCH_ID), titles are unique across
 * search types, a missing search loads as INVALID_SEARCH "That search or mass update does not exist.".
 */
import type { EmulatorServices } from '../context';
import { nsError } from '../errors';

export interface SavedFilters {
  /** Filter objects (ANDed) or a filter expression, as the search had them when saved. */
  list: Record<string, unknown>[] | null;
  expression: unknown[];
}

export interface SavedSearch {
  searchId: number;
  id: string;
  title: string;
  type: string;
  isPublic: boolean;
  filters: SavedFilters;
  columns: Record<string, unknown>[];
}

const SCRIPT_ID_PREFIX = 'customsearch';

export class SavedSearches {
  private readonly byId = new Map<number, SavedSearch>();
  private lastId = 0;

  all(): SavedSearch[] {
    return [...this.byId.values()].map((s) => structuredClone(s));
  }

  /** By internal ID (number or numeric string) or script ID (case-insensitive). */
  find(id: string | number): SavedSearch | undefined {
    const text = String(id).trim();
    const found = /^\d+$/.test(text)
      ? this.byId.get(Number(text))
      : [...this.byId.values()].find((s) => s.id === text.toLowerCase());
    return found ? structuredClone(found) : undefined;
  }

  load(id: string | number): SavedSearch {
    const found = this.find(id);
    if (!found) throw nsError('INVALID_SEARCH', 'That search or mass update does not exist.');
    return found;
  }

  /** Stores a new search (searchId < 0) or replaces a loaded one; returns its internal ID. */
  save(search: Omit<SavedSearch, 'searchId'> & { searchId: number }): number {
    if (!search.title) throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: title');
    const existing = search.searchId > 0 ? this.byId.get(search.searchId) : undefined;
    const searchId = existing ? existing.searchId : this.lastId + 1;
    const id = (search.id || existing?.id || `${SCRIPT_ID_PREFIX}${searchId}`).toLowerCase();
    if (!id.startsWith(SCRIPT_ID_PREFIX)) {
      throw nsError('SSS_INVALID_SRCH_ID', `Saved search script IDs start with ${SCRIPT_ID_PREFIX}: ${search.id}.`);
    }
    for (const other of this.byId.values()) {
      if (other.searchId === searchId) continue;
      if (other.id === id) {
        throw nsError(
          'SSS_DUPLICATE_SEARCH_SCRIPT_ID',
          'Saved search script IDs must be unique. Please choose another script ID. If you are trying to modify an existing saved search, use search.load().',
        );
      }
      if (other.title.toLowerCase() === search.title.toLowerCase()) {
        throw nsError(
          'NAME_ALREADY_IN_USE',
          'A search has already been saved with that name. Please use a different name.',
        );
      }
    }
    if (!existing) this.lastId = searchId;
    this.byId.set(searchId, structuredClone({ ...search, searchId, id }));
    return searchId;
  }
}

const perAccount = new WeakMap<EmulatorServices, SavedSearches>();

/** The saved searches of the account these services belong to. */
export function savedSearchesOf(services: EmulatorServices): SavedSearches {
  let searches = perAccount.get(services);
  if (!searches) {
    searches = new SavedSearches();
    perAccount.set(services, searches);
  }
  return searches;
}
