// Platform rules the connector's safety rests on: external-ID uniqueness, field lengths, N/cache limits.
import cache = require('N/cache');
import record = require('N/record');
import { errorNameOf, expectThat, type Check } from '../check';
import type { Fixtures } from '../fixtures';

/**
 * The names the connector takes for "a record with this external ID exists" (src/suitescript/
 * netsuiteErrors.ts; a test keeps the two lists equal). NetSuite does not document which one it sends.
 */
export const DUPLICATE_RECORD_ERRORS: readonly string[] = [
  'DUP_RCRD',
  'DUP_RECORD',
  'DUPLICATE_EXTERNAL_ID',
  'DUP_CSTM_RCRD_ENTRY',
  'DUP_ITEM',
  'DUP_ENTITY',
];

const CHECK_RECORD = 'customrecord_snc_check';

/** Saves a scratch record with `value` in `fieldId`; answers the error name, or null when it saved. */
function saveText(fixtures: Fixtures, fieldId: string, value: string): string | null {
  const rec = record.create({ type: CHECK_RECORD });
  rec.setValue({ fieldId: 'name', value: 'snc check' });
  return errorNameOf(() => {
    rec.setValue({ fieldId, value });
    fixtures.track(CHECK_RECORD, rec.save());
  });
}

function lengthCheck(fixtures: Fixtures, label: string, fieldId: string, limit: number): Check {
  return {
    name: `${label} holds ${limit.toLocaleString('en-US')} characters and refuses one more`,
    source: 'Oracle help, "Custom Field Type Reference" (field type lengths)',
    run() {
      const fits = saveText(fixtures, fieldId, 'x'.repeat(limit));
      expectThat(fits === null, `${limit} characters failed with ${String(fits)}`);
      const over = saveText(fixtures, fieldId, 'x'.repeat(limit + 1));
      expectThat(over !== null, `${limit + 1} characters were saved`);
      return `over the limit: ${String(over)}`;
    },
  };
}

export function platformChecks(fixtures: Fixtures): Check[] {
  return [
    {
      name: 'a second record with the same external ID is refused with a duplicate error',
      source: 'Oracle help, "Using External IDs"',
      run() {
        const externalId = `snc-check-dup-${Date.now().toString(36)}`;
        const first = fixtures.customer();
        record.submitFields({ type: record.Type.CUSTOMER, id: first, values: { externalid: externalId } });
        const second = fixtures.customer();
        const name = errorNameOf(() =>
          record.submitFields({ type: record.Type.CUSTOMER, id: second, values: { externalid: externalId } }),
        );
        expectThat(name !== null && DUPLICATE_RECORD_ERRORS.includes(name), `the duplicate answered ${String(name)}`);
        return String(name);
      },
    },
    lengthCheck(fixtures, 'free-form text', 'custrecord_snc_check_text', 300),
    lengthCheck(fixtures, 'text area', 'custrecord_snc_check_textarea', 4000),
    {
      name: 'N/cache refuses a value over 500 KB and a key over 4 KB',
      source: 'Oracle help, "Cache.put(options)"',
      run() {
        const store = cache.getCache({ name: 'snc_check', scope: cache.Scope.PRIVATE });
        const bigValue = errorNameOf(() => store.put({ key: 'big', value: 'x'.repeat(500 * 1024 + 1) }));
        const bigKey = errorNameOf(() => store.put({ key: 'k'.repeat(4 * 1024 + 1), value: 'x' }));
        expectThat(bigValue !== null, 'a value of 500 KB + 1 was kept');
        expectThat(bigKey !== null, 'a key of 4 KB + 1 was kept');
        return `value: ${String(bigValue)}, key: ${String(bigKey)}`;
      },
    },
  ];
}
