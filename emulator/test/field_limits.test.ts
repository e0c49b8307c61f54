import * as path from 'node:path';
import type * as NRecord from 'N/record';
import { NetSuiteEmulator } from '../src/emulator';

// Conformance: Oracle help, "Field Type Descriptions for Custom Fields" (Free-Form Text 300, Text Area 4,000,
// Long Text 1,000,000; limits counted in bytes, up to four per non-English character). The error code
// EXCEEDED_MAX_FIELD_LENGTH and its wording are NetSuite's as public scripts quote them.
const projectDir = path.join(__dirname, 'fixtures/sdf-limits');
const TYPE = 'customrecord_t_limits';

async function recordModule(options: { fieldLengthLimits?: boolean } = {}): Promise<typeof NRecord> {
  const ns = await NetSuiteEmulator.create({ projectDir, options });
  return ns.testModules().modules['N/record'] as typeof NRecord;
}

function failure(fn: () => unknown): { name: string; message: string } | null {
  try {
    fn();
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  return null;
}

describe('text field limits (Oracle help, "Field Type Descriptions for Custom Fields")', () => {
  it.each([
    ['custrecord_t_text', 'Free-Form Text', 300],
    ['custrecord_t_area', 'Text Area', 4000],
    ['custrecord_t_long', 'Long Text', 1_000_000],
  ])('%s (%s) holds %i characters and refuses one more', async (fieldId, _label, limit) => {
    const record = await recordModule();
    const created = record.create({ type: TYPE });
    created.setValue({ fieldId, value: 'x'.repeat(limit) });
    expect(created.getValue({ fieldId })).toHaveLength(limit);
    expect(failure(() => created.setValue({ fieldId, value: 'x'.repeat(limit + 1) }))).toEqual({
      name: 'EXCEEDED_MAX_FIELD_LENGTH',
      message: `The field ${fieldId} contained more than the maximum number ( ${limit} ) of characters allowed.`,
    });
  });

  it('counts bytes: 300 two-byte characters do not fit a Free-Form Text field, 150 do', async () => {
    const record = await recordModule();
    const created = record.create({ type: TYPE });
    expect(failure(() => created.setValue({ fieldId: 'custrecord_t_text', value: 'é'.repeat(150) }))).toBeNull();
    expect(failure(() => created.setValue({ fieldId: 'custrecord_t_text', value: 'é'.repeat(151) }))?.name).toBe(
      'EXCEEDED_MAX_FIELD_LENGTH',
    );
  });

  it("a field's own <maxlength> (SDF customrecordcustomfield) is its limit", async () => {
    const record = await recordModule();
    const created = record.create({ type: TYPE });
    created.setValue({ fieldId: 'custrecord_t_short', value: '0123456789' });
    expect(failure(() => created.setValue({ fieldId: 'custrecord_t_short', value: '0123456789A' }))?.message).toContain(
      '( 10 )',
    );
  });

  it('submitFields refuses an over-long value and leaves the record as it was', async () => {
    const record = await recordModule();
    const created = record.create({ type: TYPE });
    created.setValue({ fieldId: 'name', value: 'r1' });
    created.setValue({ fieldId: 'custrecord_t_area', value: 'before' });
    const id = created.save();
    const tooLong = { custrecord_t_area: 'y'.repeat(4001) };
    expect(failure(() => record.submitFields({ type: TYPE, id, values: tooLong }))?.name).toBe(
      'EXCEEDED_MAX_FIELD_LENGTH',
    );
    expect(record.load({ type: TYPE, id }).getValue({ fieldId: 'custrecord_t_area' })).toBe('before');
  });

  it('guess: rich text and email fields hold 1,000,000 and 300 bytes', async () => {
    const record = await recordModule();
    const created = record.create({ type: TYPE });
    expect(failure(() => created.setValue({ fieldId: 'custrecord_t_rich', value: 'r'.repeat(1_000_001) }))?.name).toBe(
      'EXCEEDED_MAX_FIELD_LENGTH',
    );
    expect(failure(() => created.setValue({ fieldId: 'custrecord_t_email', value: 'e'.repeat(301) }))?.name).toBe(
      'EXCEEDED_MAX_FIELD_LENGTH',
    );
  });

  it('option fieldLengthLimits: false keeps any length', async () => {
    const record = await recordModule({ fieldLengthLimits: false });
    const created = record.create({ type: TYPE });
    created.setValue({ fieldId: 'custrecord_t_text', value: 'x'.repeat(301) });
    expect(created.getValue({ fieldId: 'custrecord_t_text' })).toHaveLength(301);
  });
});
