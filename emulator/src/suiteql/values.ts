import { renderDay } from '../modules/format';
/**
 * How store values look inside SQLite and how SuiteQL hands them back.
 *
 * Dates are stored as tagged strings `\uE000YYYY-MM-DD HH:MM:SS` (local time of the emulator process):
 * they sort and compare correctly, survive MIN/MAX/NVL/CASE, and the tag lets the engine turn any date that
 * reaches the result (whatever expression produced it) into SuiteQL's display format.
 */
import type { FieldDef, FieldValue } from '../schema';

export type SqlCell = number | string | null;

export const DATE_TAG = '\uE000';

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

export function toSqlDate(date: Date): string {
  return (
    `${DATE_TAG}${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

export function isSqlDate(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(DATE_TAG);
}

export function parseSqlDate(value: string): Date {
  const match = /^\uE000(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!match) throw new Error(`not a SuiteQL date: ${value}`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi, s);
}

/** SuiteQL's default rendering of DATE and DATETIME columns: the user's date format preference, no time. */
export function displayDate(value: string, pattern: string): string {
  return renderDay(pattern, parseSqlDate(value));
}

function toNumber(value: FieldValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** Internal IDs are integers in SuiteQL; a non-numeric key stays text. */
export function idCell(value: FieldValue): SqlCell {
  if (value === null || value === '' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return /^-?\d+$/.test(value) ? Number(value) : value;
  return null;
}

/** A stored field value as SuiteQL holds it: checkboxes 'T'/'F', select fields the internal ID, '' as NULL. */
export function toSqlCell(value: FieldValue | undefined, field: FieldDef | undefined): SqlCell {
  const type = field?.type ?? 'text';
  if (type === 'checkbox') return value === true || value === 'T' ? 'T' : 'F';
  if (value === undefined || value === null || value === '') return null;
  switch (type) {
    case 'select':
      return idCell(value);
    case 'multiselect':
      return Array.isArray(value) ? (value.length ? value.join(', ') : null) : String(value);
    case 'integer':
    case 'currency':
    case 'float':
    case 'percent':
      return toNumber(value);
    case 'date':
    case 'datetime':
      if (value instanceof Date) return toSqlDate(value);
      return typeof value === 'string' ? value : null;
    default:
      if (value instanceof Date) return toSqlDate(value);
      if (Array.isArray(value)) return value.join(', ');
      return typeof value === 'boolean' ? (value ? 'T' : 'F') : String(value);
  }
}

export function sqlTypeOf(field: FieldDef | undefined): 'INTEGER' | 'REAL' | 'TEXT' {
  switch (field?.type) {
    case 'integer':
    case 'select':
      return 'INTEGER';
    case 'currency':
    case 'float':
    case 'percent':
      return 'REAL';
    default:
      return 'TEXT';
  }
}
