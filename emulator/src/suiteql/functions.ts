/** Oracle functions SQLite lacks or does differently, registered on the SQLite connection. */
import type { Database } from 'sql.js';
import type { Store } from '../store';
import { displayName } from './display';
import { statusDisplay } from './statusCodes';
import { STATUS_SELECT_TYPE } from './translate';
import { isSqlDate, parseSqlDate, type SqlCell, toSqlDate } from './values';

type Cell = SqlCell | Uint8Array;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const FORMAT_TOKEN = /"[^"]*"|YYYY|YY|MM|MON|DD|HH24|HH12|HH|MI|SS|AM|PM|[^A-Za-z"]+|[A-Za-z]/gi;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function formatDate(date: Date, format: string): string {
  let out = '';
  for (const part of format.match(FORMAT_TOKEN) ?? []) {
    const upper = part.toUpperCase();
    const hours12 = date.getHours() % 12 || 12;
    switch (upper) {
      case 'YYYY':
        out += pad(date.getFullYear(), 4);
        break;
      case 'YY':
        out += pad(date.getFullYear() % 100);
        break;
      case 'MM':
        out += pad(date.getMonth() + 1);
        break;
      case 'MON':
        out += MONTHS[date.getMonth()];
        break;
      case 'DD':
        out += pad(date.getDate());
        break;
      case 'HH24':
        out += pad(date.getHours());
        break;
      case 'HH':
      case 'HH12':
        out += pad(hours12);
        break;
      case 'MI':
        out += pad(date.getMinutes());
        break;
      case 'SS':
        out += pad(date.getSeconds());
        break;
      case 'AM':
      case 'PM':
        out += date.getHours() < 12 ? 'AM' : 'PM';
        break;
      default:
        if (part.startsWith('"')) out += part.slice(1, -1);
        else if (/^[A-Za-z]$/.test(part)) throw new Error(`TO_CHAR/TO_DATE format element '${part}' is not supported`);
        else out += part;
    }
  }
  return out;
}

function parseDate(text: string, format: string): Date {
  const parts = format.match(FORMAT_TOKEN) ?? [];
  let pattern = '^';
  const fields: string[] = [];
  for (const part of parts) {
    const upper = part.toUpperCase();
    if (['YYYY', 'MM', 'DD', 'HH24', 'HH', 'HH12', 'MI', 'SS', 'YY'].includes(upper)) {
      pattern += upper === 'YYYY' ? '(\\d{4})' : '(\\d{1,2})';
      fields.push(upper);
    } else if (upper === 'AM' || upper === 'PM') {
      pattern += '([AaPp][Mm])';
      fields.push('AM');
    } else if (upper === 'MON') {
      pattern += '([A-Za-z]{3})';
      fields.push('MON');
    } else if (part.startsWith('"')) pattern += part.slice(1, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (/^[A-Za-z]$/.test(part)) throw new Error(`TO_DATE format element '${part}' is not supported`);
    else pattern += '[^0-9A-Za-z]+';
  }
  const match = new RegExp(pattern + '$').exec(text.trim());
  if (!match) throw new Error(`ORA-01861: literal does not match format string ('${text}', '${format}')`);
  let [year, month, day, hours, minutes, seconds] = [1970, 1, 1, 0, 0, 0];
  let pm: boolean | undefined;
  fields.forEach((field, index) => {
    const raw = match[index + 1] ?? '';
    const value = Number(raw);
    if (field === 'YYYY') year = value;
    else if (field === 'YY') year = 2000 + value;
    else if (field === 'MM') month = value;
    else if (field === 'MON') month = MONTHS.indexOf(raw.toUpperCase()) + 1;
    else if (field === 'DD') day = value;
    else if (field === 'HH24' || field === 'HH' || field === 'HH12') hours = value;
    else if (field === 'MI') minutes = value;
    else if (field === 'SS') seconds = value;
    else if (field === 'AM') pm = raw.toUpperCase() === 'PM';
  });
  if (pm !== undefined) hours = (hours % 12) + (pm ? 12 : 0);
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  if (date.getMonth() !== month - 1 || date.getDate() !== day) {
    throw new Error(`ORA-01839: date not valid for month specified ('${text}')`);
  }
  return date;
}

function asText(value: Cell): string | null {
  if (value === null || value instanceof Uint8Array) return null;
  return String(value);
}

function asDate(value: Cell, fn: string): Date {
  if (!isSqlDate(value)) throw new Error(`${fn} expects a date, got ${JSON.stringify(value)}`);
  return parseSqlDate(value);
}

export function registerFunctions(db: Database, store: Store, now: () => Date): void {
  db.create_function('ns_df', (value: Cell, target: Cell) => {
    if (value === null || value instanceof Uint8Array) return null;
    if (typeof target === 'string' && target.startsWith(`${STATUS_SELECT_TYPE}:`)) {
      return statusDisplay(target.slice(STATUS_SELECT_TYPE.length + 1), String(value));
    }
    if (target === '__trantype') {
      const def = store.schemas.all().find((d) => d.transactionCode === value);
      return def ? def.label : value;
    }
    if (typeof target !== 'string' || target === '') return value;
    return displayName(store, target, value) ?? value;
  });
  db.create_function('ns_sysdate', () => toSqlDate(now()));
  db.create_function('ns_nvl2', (value: Cell, ifNotNull: Cell, ifNull: Cell) => (value !== null ? ifNotNull : ifNull));
  // Oracle SUBSTR treats position 0 as 1 and counts negative positions from the end.
  const substr = (value: Cell, position: Cell, length?: Cell): string | null => {
    const text = asText(value);
    if (text === null || position === null) return null;
    let start = Number(position);
    if (start === 0) start = 1;
    const from = start > 0 ? start - 1 : Math.max(0, text.length + start);
    if (length === undefined) return text.slice(from) || null;
    if (length === null || Number(length) < 1) return null;
    return text.slice(from, from + Number(length)) || null;
  };
  db.create_function('ns_substr2', (v: Cell, p: Cell) => substr(v, p));
  db.create_function('ns_substr3', (v: Cell, p: Cell, l: Cell) => substr(v, p, l));
  const pad =
    (left: boolean) =>
    (value: Cell, length: Cell, fill: Cell = ' '): string | null => {
      const text = asText(value);
      const filler = asText(fill);
      if (text === null || length === null || !filler) return null;
      const n = Number(length);
      if (text.length >= n) return text.slice(0, n);
      return left ? text.padStart(n, filler) : text.padEnd(n, filler);
    };
  db.create_function('ns_lpad2', (v: Cell, n: Cell) => pad(true)(v, n));
  db.create_function('ns_lpad3', (v: Cell, n: Cell, f: Cell) => pad(true)(v, n, f));
  db.create_function('ns_rpad2', (v: Cell, n: Cell) => pad(false)(v, n));
  db.create_function('ns_rpad3', (v: Cell, n: Cell, f: Cell) => pad(false)(v, n, f));
  db.create_function('ns_to_char1', (value: Cell) => {
    if (value === null || value instanceof Uint8Array) return null;
    return isSqlDate(value) ? formatDate(parseSqlDate(value), 'MM/DD/YYYY') : String(value);
  });
  db.create_function('ns_to_char2', (value: Cell, format: Cell) => {
    if (value === null || value instanceof Uint8Array) return null;
    if (isSqlDate(value)) return formatDate(parseSqlDate(value), String(format));
    throw new Error('TO_CHAR with a number format is not supported');
  });
  db.create_function('ns_to_date1', (value: Cell) => {
    const text = asText(value);
    return text === null ? null : toSqlDate(parseDate(text, 'MM/DD/YYYY'));
  });
  db.create_function('ns_to_date2', (value: Cell, format: Cell) => {
    if (isSqlDate(value)) return value;
    const text = asText(value);
    return text === null ? null : toSqlDate(parseDate(text, String(format)));
  });
  db.create_function('ns_to_number', (value: Cell) => {
    if (value === null || typeof value === 'number') return value;
    const number = Number(asText(value));
    if (!Number.isFinite(number)) throw new Error(`ORA-01722: invalid number (${JSON.stringify(value)})`);
    return number;
  });
  const trunc = (value: Cell, format?: Cell): Cell => {
    if (value === null) return null;
    if (isSqlDate(value)) {
      const date = parseSqlDate(value);
      const unit = format === undefined ? 'DD' : String(format).toUpperCase();
      if (unit === 'DD' || unit === 'DDD' || unit === 'J')
        return toSqlDate(new Date(date.getFullYear(), date.getMonth(), date.getDate()));
      if (unit === 'MM' || unit === 'MONTH' || unit === 'MON')
        return toSqlDate(new Date(date.getFullYear(), date.getMonth(), 1));
      if (unit === 'YYYY' || unit === 'YEAR' || unit === 'YY') return toSqlDate(new Date(date.getFullYear(), 0, 1));
      throw new Error(`TRUNC date format '${String(format)}' is not supported`);
    }
    const number = Number(value);
    const digits = format === undefined ? 0 : Number(format);
    const factor = 10 ** digits;
    return Math.trunc(number * factor) / factor;
  };
  db.create_function('ns_trunc1', (v: Cell) => trunc(v));
  db.create_function('ns_trunc2', (v: Cell, f: Cell) => trunc(v, f));
  db.create_function('ns_add_months', (value: Cell, months: Cell) => {
    if (value === null || months === null) return null;
    const date = asDate(value, 'ADD_MONTHS');
    const target = new Date(
      date.getFullYear(),
      date.getMonth() + Number(months),
      1,
      date.getHours(),
      date.getMinutes(),
      date.getSeconds(),
    );
    const lastDay = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
    target.setDate(Math.min(date.getDate(), lastDay));
    return toSqlDate(target);
  });
  db.create_function('ns_last_day', (value: Cell) => {
    if (value === null) return null;
    const date = asDate(value, 'LAST_DAY');
    return toSqlDate(
      new Date(date.getFullYear(), date.getMonth() + 1, 0, date.getHours(), date.getMinutes(), date.getSeconds()),
    );
  });
  const regexp = (pattern: Cell, flags: Cell = null): RegExp => {
    const options = asText(flags) ?? '';
    return new RegExp(asText(pattern) ?? '', options.includes('i') ? 'i' : '');
  };
  db.create_function('ns_regexp_like2', (v: Cell, p: Cell) =>
    asText(v) === null ? null : regexp(p).test(asText(v) as string) ? 1 : 0,
  );
  db.create_function('ns_regexp_like3', (v: Cell, p: Cell, f: Cell) =>
    asText(v) === null ? null : regexp(p, f).test(asText(v) as string) ? 1 : 0,
  );
  // Oracle Database SQL Language Reference, "REPLACE": "If replacement_string is omitted or null, then all
  // occurrences of search_string are removed. If search_string is null, then char is returned." SQLite's
  // replace gives NULL for a NULL argument, and '' is NULL here as in Oracle, so REPLACE(x, ' ', '') must
  // not go to SQLite's. An empty result is NULL, as every empty text is.
  const replaceAll = (v: Cell, s: Cell, r: Cell): string | null => {
    const text = asText(v);
    const search = asText(s);
    if (text === null) return null;
    if (search === null || search === '') return text;
    return text.split(search).join(asText(r) ?? '') || null;
  };
  db.create_function('ns_replace2', (v: Cell, s: Cell) => replaceAll(v, s, null));
  db.create_function('ns_replace3', replaceAll);
  db.create_function('ns_regexp_replace3', (v: Cell, p: Cell, r: Cell) => {
    const text = asText(v);
    return text === null ? null : text.replace(new RegExp(asText(p) ?? '', 'g'), asText(r) ?? '') || null;
  });
  db.create_function('ns_regexp_substr2', (v: Cell, p: Cell) => {
    const text = asText(v);
    return text === null ? null : (regexp(p).exec(text)?.[0] ?? null);
  });
}
