/** NetSuite errors by their name (SuiteScriptError.name is NetSuite's error code). Pure: no N/ imports. */

export function errorName(error: unknown): string {
  return error && typeof error === 'object' && 'name' in error ? String(error.name) : '';
}

/**
 * NetSuite's answers to a second record with the same external ID. The exact code is not documented
 * (REFERENCE.md §2), so every name seen for it counts.
 */
export const DUPLICATE_RECORD_ERRORS: ReadonlySet<string> = new Set([
  'DUP_RCRD',
  'DUP_RECORD',
  'DUPLICATE_EXTERNAL_ID',
  'DUP_CSTM_RCRD_ENTRY',
  'DUP_ITEM',
  'DUP_ENTITY',
]);

/** A save refused because a record with the same external ID exists (a redelivery, or a concurrent run). */
export function isDuplicate(error: unknown): boolean {
  return DUPLICATE_RECORD_ERRORS.has(errorName(error));
}
