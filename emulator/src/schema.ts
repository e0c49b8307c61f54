/** Record type definitions: what fields and sublists a record type has, and how values are typed. */

export type FieldType =
  | 'text'
  | 'textarea'
  | 'email'
  | 'url'
  | 'select'
  | 'multiselect'
  | 'checkbox'
  | 'currency'
  | 'float'
  | 'percent'
  | 'integer'
  | 'date'
  | 'datetime';

/** A stored value. select = internal ID as string, multiselect = string[], dates = Date. */
export type FieldValue = string | number | boolean | Date | string[] | null;

export interface FieldDef {
  id: string;
  type: FieldType;
  label?: string;
  /** Must hold a value when the record is saved. */
  mandatory?: boolean;
  /** For select fields: the record type (or group: 'entity', 'item', 'transaction') its IDs point at. */
  selectType?: string;
  /** Set by NetSuite, not by scripts (e.g. amountremaining, status). */
  readOnly?: boolean;
  defaultValue?: FieldValue;
  /**
   * SDF `defaultselection` of a select field, `customlist_x.val_y`: the list value selected on new records,
   * resolved to its internal ID once the account holds the list.
   */
  defaultSelection?: string;
  /**
   * Text fields: the most UTF-8 bytes the field holds (NetSuite counts its limits in bytes: one per
   * English letter, up to four for other characters). Longer values fail with EXCEEDED_MAX_FIELD_LENGTH.
   */
  maxLength?: number;
}

export interface SublistDef {
  id: string;
  fields: Readonly<Record<string, FieldDef>>;
  /** NetSuite fills the lines (apply, payment): scripts may set values on them but not insert or remove. */
  systemFilled?: boolean;
}

/** How NetSuite groups the type: decides governance costs, ID sequences and external ID uniqueness. */
export type RecordKind = 'transaction' | 'entity' | 'item' | 'custom' | 'other';

export interface RecordTypeDef {
  /** N/record type id, e.g. 'invoice', 'customrecord_snc_event'. */
  type: string;
  kind: RecordKind;
  label: string;
  fields: Readonly<Record<string, FieldDef>>;
  sublists: Readonly<Record<string, SublistDef>>;
  /** Transactions only: NetSuite's transaction type code in SuiteQL (`CustInvc`, `CustPymt`, …). */
  transactionCode?: string;
}

/** Fields every record has, whatever its type. */
export const COMMON_FIELDS: Readonly<Record<string, FieldDef>> = {
  id: { id: 'id', type: 'integer', readOnly: true },
  externalid: { id: 'externalid', type: 'text' },
  created: { id: 'created', type: 'datetime', readOnly: true },
  lastmodified: { id: 'lastmodified', type: 'datetime', readOnly: true },
};

export class SchemaRegistry {
  private readonly types = new Map<string, RecordTypeDef>();

  constructor(defs: Iterable<RecordTypeDef> = []) {
    for (const def of defs) this.add(def);
  }

  add(def: RecordTypeDef): void {
    this.types.set(def.type.toLowerCase(), { ...def, fields: { ...COMMON_FIELDS, ...def.fields } });
  }

  has(type: string): boolean {
    return this.types.has(type.toLowerCase());
  }

  /** The definition, or undefined; callers turn undefined into INVALID_RCRD_TYPE. */
  find(type: string): RecordTypeDef | undefined {
    return this.types.get(type.toLowerCase());
  }

  all(): RecordTypeDef[] {
    return [...this.types.values()];
  }
}
