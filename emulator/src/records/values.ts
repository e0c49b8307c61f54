import { nsError } from '../errors';
import type { FieldDef, FieldValue } from '../schema';

/** NetSuite's error for a value of the wrong type or shape. */
export function invalidValue(field: string, value: unknown, why: string): Error {
  return nsError(
    'INVALID_FLD_VALUE',
    `You have entered an Invalid Field Value ${String(value)} for the following field: ${field} (${why})`,
  );
}

/** A Date from any realm: scripts run in their own vm realm, whose Date is not the host's. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/**
 * Checks and normalises a value a script sets. Strict where NetSuite is: checkboxes take booleans,
 * dates take Date objects, numbers take numbers (numeric strings are accepted for numbers and selects,
 * as SuiteScript does), selects are stored as internal ID strings.
 */
export function coerceValue(def: FieldDef, value: unknown): FieldValue {
  if (value === null || value === undefined || value === '') return def.type === 'checkbox' ? false : null;
  switch (def.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'url':
      if (typeof value === 'string') return withinLength(def, value);
      if (typeof value === 'number' || typeof value === 'boolean') return withinLength(def, String(value));
      throw invalidValue(def.id, value, 'expected text');
    case 'select': {
      if (typeof value === 'number' && Number.isInteger(value) && value > 0) return String(value);
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
      throw invalidValue(def.id, value, 'a select field takes an internal ID');
    }
    case 'multiselect': {
      const values = Array.isArray(value) ? value : [value];
      return values.map((v) => {
        const coerced = coerceValue({ ...def, type: 'select' }, v);
        return coerced as string;
      });
    }
    case 'checkbox':
      if (typeof value === 'boolean') return value;
      throw invalidValue(def.id, value, 'a checkbox takes true or false');
    case 'currency':
    case 'float':
    case 'percent':
    case 'integer': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number))
        throw invalidValue(def.id, value, 'expected a number');
      if (def.type === 'integer' && !Number.isInteger(number)) throw invalidValue(def.id, value, 'expected an integer');
      // NetSuite keeps currency amounts to two decimals.
      return def.type === 'currency' ? roundMoney(number) : number;
    }
    case 'date':
    case 'datetime':
      // Oracle help, "Record.getValue(options)": DATE, DATETIME, DATETIMETZ and TIMEOFDAY fields hold Dates.
      if (isDate(value) && !Number.isNaN(value.getTime())) {
        if (def.type === 'date') return new Date(value.getFullYear(), value.getMonth(), value.getDate());
        return new Date(value.getTime());
      }
      throw invalidValue(def.id, value, 'a date field takes a Date object');
  }
}

/** Bytes a string takes in UTF-8: how NetSuite measures a text field's limit. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * NetSuite refuses text longer than its field holds. Oracle help, "Field Type Descriptions for Custom
 * Fields", gives the limits (in bytes); the error code is EXCEEDED_MAX_FIELD_LENGTH (NetSuite's
 * StatusDetailCodeType, also caught by public SuiteScript) with the wording public scripts quote. That it
 * fails when the value is set rather than on save is a guess (emulator/README.md).
 */
function withinLength(def: FieldDef, text: string): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short text needs no encoding.
  if (def.maxLength !== undefined && text.length * 3 > def.maxLength && utf8Length(text) > def.maxLength) {
    throw nsError(
      'EXCEEDED_MAX_FIELD_LENGTH',
      `The field ${def.id} contained more than the maximum number ( ${def.maxLength} ) of characters allowed.`,
    );
  }
  return text;
}

export function isEmpty(value: FieldValue | undefined): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Money in NetSuite has two decimals; arithmetic goes through integer cents. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}

export function roundMoney(amount: number): number {
  return fromCents(toCents(amount));
}

export function num(value: FieldValue | undefined): number {
  return typeof value === 'number' ? value : 0;
}

export function str(value: FieldValue | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
