import { nsError } from '../errors';
import type { FieldDef, FieldValue, RecordTypeDef } from '../schema';
import { cloneValue, type Line } from '../store';
import { subrecordFields, sublistSubrecordDef } from './addressSubrecord';
import { coerceValue, invalidValue } from './values';

/** What a record needs from the account while it is edited: sourcing and system-filled lists. */
export interface RecordHost {
  strictFields: boolean;
  /** Called after a body field changes in dynamic mode, so dependent fields and lists can be sourced. */
  sourceField(record: EmulatedRecord, fieldId: string): void;
  /** Called when a line value changes in dynamic mode (item → rate, description). */
  sourceLine(record: EmulatedRecord, sublistId: string, line: Line, fieldId: string): void;
  displayText(def: FieldDef, value: FieldValue): string;
  /** A line field NetSuite fills that a script may still change on this line (a deposit's foreign amount). */
  lineFieldWritable?(record: EmulatedRecord, sublistId: string, line: Line, fieldId: string): boolean;
}

function invalidSublistOperation(detail: string): Error {
  return nsError(
    'SSS_INVALID_SUBLIST_OPERATION',
    `You have attempted an invalid sublist or line item operation. You are either trying to access a field on a non-existent line or you are trying to add or remove lines from a static sublist. (${detail})`,
  );
}

type FieldArg = string | { fieldId: string; value?: unknown; text?: unknown; ignoreFieldChange?: boolean };

/**
 * A record being edited by a script: a detached copy of the stored one. Implements the parts of
 * N/record.Record a connector uses, in standard and dynamic mode.
 */
export class EmulatedRecord {
  /** Set by N/record: saving charges governance and goes through the engine. */
  saveHandler: ((record: EmulatedRecord, options: { ignoreMandatoryFields?: boolean }) => number) | null = null;
  /** Subrecords (a sublist line's address): called after each change, to write it back to the line. */
  onChange: (() => void) | null = null;
  /** Lines being edited in dynamic mode, per sublist. */
  private readonly current = new Map<string, { index: number; line: Line; isNew: boolean }>();

  constructor(
    readonly host: RecordHost,
    readonly def: RecordTypeDef,
    public id: number | null,
    readonly isDynamic: boolean,
    public fields: Record<string, FieldValue>,
    public sublists: Record<string, Line[]>,
    /** Version of the stored record this copy was read from (null: new). */
    public version: number | null,
  ) {}

  get type(): string {
    return this.def.type;
  }

  fieldDef(fieldId: string): FieldDef | undefined {
    const def = this.def.fields[fieldId];
    if (def) return def;
    if (this.host.strictFields && !fieldId.startsWith('custbody') && !fieldId.startsWith('custentity')) {
      throw nsError('SSS_INVALID_FIELD_ID', `Field "${fieldId}" does not exist on record type ${this.type}`);
    }
    return undefined;
  }

  sublistDef(sublistId: string): NonNullable<RecordTypeDef['sublists'][string]> {
    const def = this.def.sublists[sublistId];
    if (!def)
      throw nsError('SSS_INVALID_SUBLIST_ID', `Sublist "${sublistId}" does not exist on record type ${this.type}`);
    return def;
  }

  lineFieldDef(sublistId: string, fieldId: string): FieldDef {
    const def = this.sublistDef(sublistId).fields[fieldId];
    if (!def)
      throw nsError(
        'SSS_INVALID_FIELD_ID',
        `Field "${fieldId}" does not exist on sublist ${sublistId} of ${this.type}`,
      );
    return def;
  }

  getValue(arg: FieldArg): FieldValue {
    const fieldId = typeof arg === 'string' ? arg : arg.fieldId;
    this.fieldDef(fieldId);
    return cloneValue(this.fields[fieldId] ?? null);
  }

  getText(arg: FieldArg): string {
    const fieldId = typeof arg === 'string' ? arg : arg.fieldId;
    const def = this.fieldDef(fieldId);
    const value = this.fields[fieldId] ?? null;
    return def ? this.host.displayText(def, value) : String(value ?? '');
  }

  setValue(arg: FieldArg, maybeValue?: unknown): this {
    const fieldId = typeof arg === 'string' ? arg : arg.fieldId;
    const value = typeof arg === 'string' ? maybeValue : arg.value;
    const def = this.fieldDef(fieldId);
    if (def?.readOnly) throw invalidValue(fieldId, value, 'the field is set by NetSuite and cannot be set by a script');
    this.fields[fieldId] = def ? coerceValue(def, value) : ((value ?? null) as FieldValue);
    const ignore = typeof arg === 'object' && arg.ignoreFieldChange === true;
    // Standard mode sources nothing until save (Oracle help, "SuiteScript 2.x Standard and Dynamic Modes").
    if (this.isDynamic && !ignore) this.host.sourceField(this, fieldId);
    this.onChange?.();
    return this;
  }

  setText(arg: FieldArg, maybeText?: unknown): this {
    const fieldId = typeof arg === 'string' ? arg : arg.fieldId;
    const text = typeof arg === 'string' ? maybeText : arg.text;
    const def = this.fieldDef(fieldId);
    if (
      def &&
      (def.type === 'select' || def.type === 'multiselect' || def.type === 'date' || def.type === 'datetime')
    ) {
      throw nsError(
        'EMULATOR_UNSUPPORTED',
        `setText on ${def.type} field ${fieldId}: use setValue with an internal ID or Date`,
      );
    }
    return this.setValue({ fieldId, value: text });
  }

  getFields(): string[] {
    return Object.keys(this.def.fields);
  }

  getSublists(): string[] {
    return Object.keys(this.def.sublists);
  }

  getSublistFields(options: { sublistId: string }): string[] {
    return Object.keys(this.sublistDef(options.sublistId).fields);
  }

  lines(sublistId: string): Line[] {
    this.sublistDef(sublistId);
    return (this.sublists[sublistId] ??= []);
  }

  getLineCount(options: { sublistId: string }): number {
    return this.lines(options.sublistId).length;
  }

  private lineAt(sublistId: string, line: number): Line {
    const found = this.lines(sublistId)[line];
    if (!found) throw invalidSublistOperation(`${sublistId} has no line ${line}`);
    return found;
  }

  getSublistValue(options: { sublistId: string; fieldId: string; line: number }): FieldValue {
    this.lineFieldDef(options.sublistId, options.fieldId);
    return cloneValue(this.lineAt(options.sublistId, options.line)[options.fieldId] ?? null);
  }

  getSublistText(options: { sublistId: string; fieldId: string; line: number }): string {
    const def = this.lineFieldDef(options.sublistId, options.fieldId);
    return this.host.displayText(def, this.lineAt(options.sublistId, options.line)[options.fieldId] ?? null);
  }

  private setLineValue(sublistId: string, line: Line, fieldId: string, value: unknown): void {
    const def = this.lineFieldDef(sublistId, fieldId);
    if (def.readOnly && this.host.lineFieldWritable?.(this, sublistId, line, fieldId) !== true)
      throw invalidValue(fieldId, value, `the ${sublistId} line field is set by NetSuite`);
    line[fieldId] = coerceValue(def, value);
    // Standard mode sources lines on save (Oracle help, "SuiteScript 2.x Standard and Dynamic Modes").
    if (this.isDynamic) this.host.sourceLine(this, sublistId, line, fieldId);
  }

  setSublistValue(options: { sublistId: string; fieldId: string; line: number; value: unknown }): this {
    if (this.isDynamic) {
      throw nsError(
        'SSS_INVALID_API_USAGE',
        'setSublistValue is for standard mode; in dynamic mode select the line and use setCurrentSublistValue',
      );
    }
    this.setLineValue(options.sublistId, this.lineAt(options.sublistId, options.line), options.fieldId, options.value);
    return this;
  }

  insertLine(options: { sublistId: string; line: number }): this {
    const lines = this.lines(options.sublistId);
    if (this.sublistDef(options.sublistId).systemFilled)
      throw invalidSublistOperation(`${options.sublistId} is filled by NetSuite`);
    if (options.line < 0 || options.line > lines.length)
      throw invalidSublistOperation(`line ${options.line} is out of range`);
    lines.splice(options.line, 0, {});
    if (this.isDynamic) this.current.set(options.sublistId, { index: options.line, line: {}, isNew: true });
    return this;
  }

  removeLine(options: { sublistId: string; line: number }): this {
    if (this.sublistDef(options.sublistId).systemFilled)
      throw invalidSublistOperation(`${options.sublistId} is filled by NetSuite`);
    this.lineAt(options.sublistId, options.line);
    this.lines(options.sublistId).splice(options.line, 1);
    this.current.delete(options.sublistId);
    return this;
  }

  findSublistLineWithValue(options: { sublistId: string; fieldId: string; value: unknown }): number {
    const def = this.lineFieldDef(options.sublistId, options.fieldId);
    const wanted = coerceValue(def, options.value);
    return this.lines(options.sublistId).findIndex((line) => {
      const value = line[options.fieldId] ?? null;
      return value instanceof Date && wanted instanceof Date ? value.getTime() === wanted.getTime() : value === wanted;
    });
  }

  // Dynamic mode.
  private requireDynamic(call: string): void {
    if (!this.isDynamic) throw nsError('SSS_INVALID_API_USAGE', `${call} is only available in dynamic mode`);
  }

  selectLine(options: { sublistId: string; line: number }): this {
    this.requireDynamic('selectLine');
    const existing = this.lineAt(options.sublistId, options.line);
    this.current.set(options.sublistId, { index: options.line, line: { ...existing }, isNew: false });
    return this;
  }

  selectNewLine(options: { sublistId: string }): this {
    this.requireDynamic('selectNewLine');
    if (this.sublistDef(options.sublistId).systemFilled)
      throw invalidSublistOperation(`${options.sublistId} is filled by NetSuite`);
    this.current.set(options.sublistId, { index: this.lines(options.sublistId).length, line: {}, isNew: true });
    return this;
  }

  private currentLine(sublistId: string): { index: number; line: Line; isNew: boolean } {
    this.requireDynamic('the current line');
    const current = this.current.get(sublistId);
    if (!current) throw invalidSublistOperation(`no line of ${sublistId} is selected`);
    return current;
  }

  getCurrentSublistIndex(options: { sublistId: string }): number {
    return this.current.get(options.sublistId)?.index ?? this.lines(options.sublistId).length;
  }

  getCurrentSublistValue(options: { sublistId: string; fieldId: string }): FieldValue {
    this.lineFieldDef(options.sublistId, options.fieldId);
    return cloneValue(this.currentLine(options.sublistId).line[options.fieldId] ?? null);
  }

  setCurrentSublistValue(options: { sublistId: string; fieldId: string; value: unknown }): this {
    this.setLineValue(options.sublistId, this.currentLine(options.sublistId).line, options.fieldId, options.value);
    return this;
  }

  commitLine(options: { sublistId: string }): this {
    const current = this.currentLine(options.sublistId);
    const lines = this.lines(options.sublistId);
    if (current.isNew && current.index >= lines.length) lines.push(current.line);
    else lines[current.index] = current.line;
    this.current.delete(options.sublistId);
    return this;
  }

  cancelLine(options: { sublistId: string }): this {
    const current = this.currentLine(options.sublistId);
    if (
      current.isNew &&
      current.index < this.lines(options.sublistId).length &&
      Object.keys(current.line).length === 0
    ) {
      this.lines(options.sublistId).splice(current.index, 1);
    }
    this.current.delete(options.sublistId);
    return this;
  }

  /**
   * A subrecord held by a line field (an entity's address, `addressbook` / `addressbookaddress`), made empty
   * when the line has none; its changes go to that line and are saved with this record. Standard mode only
   * (Oracle help, "Record.getSublistSubrecord(options)").
   */
  getSublistSubrecord(options: { sublistId: string; fieldId: string; line: number }): EmulatedRecord {
    if (this.isDynamic)
      throw nsError(
        'SSS_INVALID_API_USAGE',
        'getSublistSubrecord is for standard mode; in dynamic mode select the line and use getCurrentSublistSubrecord',
      );
    return this.subrecordOf(options.sublistId, options.fieldId, this.lineAt(options.sublistId, options.line));
  }

  /** The selected line's subrecord; dynamic mode only (Oracle help, "Record.getCurrentSublistSubrecord(options)"). */
  getCurrentSublistSubrecord(options: { sublistId: string; fieldId: string }): EmulatedRecord {
    return this.subrecordOf(options.sublistId, options.fieldId, this.currentLine(options.sublistId).line);
  }

  private subrecordOf(sublistId: string, fieldId: string, line: Line): EmulatedRecord {
    this.lineFieldDef(sublistId, fieldId);
    const def = sublistSubrecordDef(sublistId, fieldId);
    const subrecord = new EmulatedRecord(
      this.host,
      def,
      null,
      this.isDynamic,
      subrecordFields(line, fieldId),
      {},
      null,
    );
    subrecord.onChange = () => {
      line[fieldId] = JSON.stringify(subrecord.fields);
    };
    return subrecord;
  }

  save(options: { ignoreMandatoryFields?: boolean; enableSourcing?: boolean } = {}): number {
    if (!this.saveHandler) throw nsError('SSS_INVALID_API_USAGE', 'This record cannot be saved');
    return this.saveHandler(this, options);
  }

  /** Lines edited but not committed are dropped on save, as NetSuite does in dynamic mode. */
  pendingLines(): string[] {
    return [...this.current.keys()];
  }

  toJSON(): {
    id: string | null;
    type: string;
    isDynamic: boolean;
    fields: Record<string, FieldValue>;
    sublists: Record<string, Line[]>;
  } {
    return {
      id: this.id === null ? null : String(this.id),
      type: this.type,
      isDynamic: this.isDynamic,
      fields: this.fields,
      sublists: this.sublists,
    };
  }

  toString(): string {
    return `${this.type} ${this.id ?? '(new)'}`;
  }
}
