import { isDate } from '../records/values';
import type * as format from 'N/format';
import type { EmulatorServices, ModuleFactory } from '../context';
import { nsError, unsupported } from '../errors';
import { missingArgument, optionsObject, strict } from './strict-module';

/** The user's General preferences that N/format follows. */
export interface FormatPreferences {
  /** Tokens: YYYY, MM, M, DD, D, Mon. NetSuite's US default is M/D/YYYY. */
  dateFormat: string;
  /** Tokens: h, hh, H, HH, mm, ss, a. NetSuite's US default is h:mm a. */
  timeFormat: string;
  /** IANA zone. Default America/Los_Angeles (NetSuite's server zone and the usual US company zone). */
  timeZone: string;
}

export const DEFAULT_FORMAT_PREFERENCES: Readonly<FormatPreferences> = Object.freeze({
  dateFormat: 'M/D/YYYY',
  timeFormat: 'h:mm a',
  timeZone: 'America/Los_Angeles',
});

const preferences = new WeakMap<EmulatorServices, FormatPreferences>();

export function configureFormat(services: EmulatorServices, prefs: Partial<FormatPreferences>): void {
  preferences.set(services, { ...formatPreferences(services), ...prefs });
}

export function formatPreferences(services: EmulatorServices): FormatPreferences {
  return preferences.get(services) ?? { ...DEFAULT_FORMAT_PREFERENCES };
}

export const Type = Object.freeze({
  CHECKBOX: 'checkbox',
  CURRENCY: 'currency',
  DATE: 'date',
  DATETIME: 'datetime',
  DATETIMETZ: 'datetimetz',
  FLOAT: 'float',
  INTEGER: 'integer',
  PERCENT: 'percent',
});

/** format.Timezone values are IANA names in NetSuite; only common zones are listed. */
export const Timezone = Object.freeze({
  AMERICA_LOS_ANGELES: 'America/Los_Angeles',
  AMERICA_DENVER: 'America/Denver',
  AMERICA_CHICAGO: 'America/Chicago',
  AMERICA_NEW_YORK: 'America/New_York',
  AMERICA_SAO_PAULO: 'America/Sao_Paulo',
  EUROPE_LONDON: 'Europe/London',
  EUROPE_PARIS: 'Europe/Paris',
  EUROPE_AMSTERDAM: 'Europe/Amsterdam',
  GMT: 'GMT',
  ASIA_TOKYO: 'Asia/Tokyo',
  ASIA_HONG_KONG: 'Asia/Hong_Kong',
  AUSTRALIA_SYDNEY: 'Australia/Sydney',
  PACIFIC_AUCKLAND: 'Pacific/Auckland',
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Parts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function partsIn(date: Date, timeZone: string): Parts {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const out: Record<string, number> = {};
  for (const part of fmt.formatToParts(date)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return {
    year: out.year ?? 0,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

/** The instant at which the wall clock in `timeZone` shows `parts`. */
function instantOf(parts: Parts, timeZone: string): Date {
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const seen = partsIn(new Date(guess), timeZone);
    const seenWall = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second);
    const diff = wall - seenWall;
    if (diff === 0) break;
    guess += diff;
  }
  return new Date(guess);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

const TOKEN = /YYYY|Mon|MM|M|DD|D|hh|h|HH|H|mm|ss|a/g;

function render(pattern: string, p: Parts): string {
  return pattern.replace(TOKEN, (token) => {
    const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
    switch (token) {
      case 'YYYY':
        return String(p.year);
      case 'Mon':
        return MONTHS[p.month - 1] ?? '';
      case 'MM':
        return pad(p.month);
      case 'M':
        return String(p.month);
      case 'DD':
        return pad(p.day);
      case 'D':
        return String(p.day);
      case 'hh':
        return pad(h12);
      case 'h':
        return String(h12);
      case 'HH':
        return pad(p.hour);
      case 'H':
        return String(p.hour);
      case 'mm':
        return pad(p.minute);
      case 'ss':
        return pad(p.second);
      default:
        return p.hour < 12 ? 'am' : 'pm';
    }
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A date's calendar day (its local date) in a date pattern such as the user's preference. */
export function renderDay(pattern: string, date: Date): string {
  const parts = {
    year: date.getFullYear(),
    month: date.getMonth() + 1,
    day: date.getDate(),
    hour: 0,
    minute: 0,
    second: 0,
  };
  return render(pattern, parts);
}

function parsePattern(pattern: string, value: string, what: string): Partial<Parts> {
  const tokens: string[] = [];
  let source = '';
  let last = 0;
  for (const match of pattern.matchAll(TOKEN)) {
    source += escapeRegExp(pattern.slice(last, match.index));
    tokens.push(match[0]);
    source +=
      match[0] === 'Mon'
        ? '([A-Za-z]{3})'
        : match[0] === 'a'
          ? '([AaPp][Mm])'
          : match[0] === 'YYYY'
            ? '(\\d{4})'
            : '(\\d{1,2})';
    last = (match.index ?? 0) + match[0].length;
  }
  source += escapeRegExp(pattern.slice(last));
  const m = new RegExp(`^${source}$`).exec(value.trim());
  if (!m) throw nsError('INVALID_FLD_VALUE', `Invalid ${what} value ${value} (expected ${pattern})`);
  const out: Partial<Parts> & { pm?: boolean } = {};
  tokens.forEach((token, i) => {
    const raw = m[i + 1] ?? '';
    if (token === 'YYYY') out.year = Number(raw);
    else if (token === 'Mon') out.month = MONTHS.findIndex((name) => name.toLowerCase() === raw.toLowerCase()) + 1;
    else if (token === 'MM' || token === 'M') out.month = Number(raw);
    else if (token === 'DD' || token === 'D') out.day = Number(raw);
    else if (token === 'hh' || token === 'h' || token === 'HH' || token === 'H') out.hour = Number(raw);
    else if (token === 'mm') out.minute = Number(raw);
    else if (token === 'ss') out.second = Number(raw);
    else out.pm = raw.toLowerCase() === 'pm';
  });
  if (out.pm !== undefined && out.hour !== undefined) out.hour = (out.hour % 12) + (out.pm ? 12 : 0);
  return out;
}

function validDate(p: Parts, value: string, what: string): void {
  const probe = new Date(Date.UTC(p.year, p.month - 1, p.day));
  if (
    p.month < 1 ||
    probe.getUTCMonth() !== p.month - 1 ||
    probe.getUTCDate() !== p.day ||
    p.hour > 23 ||
    p.minute > 59 ||
    p.second > 59
  ) {
    throw nsError('INVALID_FLD_VALUE', `Invalid ${what} value ${value}`);
  }
}

function toNumber(value: unknown, what: string): number {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replace(/,/g, '').trim()) : NaN;
  if (typeof value === 'string' && value.trim() === '') throw nsError('INVALID_FLD_VALUE', `Invalid ${what} value ''`);
  if (!Number.isFinite(n)) throw nsError('INVALID_FLD_VALUE', `Invalid ${what} value ${String(value)}`);
  return n;
}

function grouped(n: number, decimals: number | null): string {
  return n.toLocaleString('en-US', {
    useGrouping: true,
    minimumFractionDigits: decimals ?? 0,
    maximumFractionDigits: decimals ?? 20,
  });
}

export interface FormatModule {
  format: (typeof format)['format'];
  parse: (typeof format)['parse'];
  Type: typeof Type;
  Timezone: typeof Timezone;
}

export const createFormatModule: ModuleFactory<FormatModule> = ({ services }) => {
  const prefs = () => formatPreferences(services);
  const zoneOf = (opts: Record<string, unknown>) =>
    opts.timezone === undefined || opts.timezone === null ? prefs().timeZone : String(opts.timezone);
  const dateTimePattern = (type: string) =>
    `${prefs().dateFormat} ${type === Type.DATETIMETZ ? prefs().timeFormat.replace('mm', 'mm:ss') : prefs().timeFormat}`;

  const parseImpl = (options: unknown): Date | number | boolean => {
    const opts = optionsObject(options);
    const type = String(opts.type ?? '');
    if (!type) throw missingArgument('type');
    if (opts.value === undefined || opts.value === null) throw missingArgument('value');
    const value = String(opts.value);
    switch (type) {
      case Type.DATE: {
        const p = { hour: 0, minute: 0, second: 0, ...parsePattern(prefs().dateFormat, value, type) } as Parts;
        validDate(p, value, type);
        return instantOf(p, zoneOf(opts));
      }
      case Type.DATETIME:
      case Type.DATETIMETZ: {
        // Seconds are optional on input.
        let parsed: Partial<Parts>;
        try {
          parsed = parsePattern(dateTimePattern(Type.DATETIMETZ), value, type);
        } catch {
          parsed = parsePattern(dateTimePattern(Type.DATETIME), value, type);
        }
        const p = { hour: 0, minute: 0, second: 0, ...parsed } as Parts;
        validDate(p, value, type);
        return instantOf(p, zoneOf(opts));
      }
      case Type.CURRENCY:
      case Type.FLOAT:
        return toNumber(value, type);
      case Type.INTEGER: {
        const n = toNumber(value, type);
        if (!Number.isInteger(n)) throw nsError('INVALID_FLD_VALUE', `Invalid integer value ${value}`);
        return n;
      }
      case Type.PERCENT:
        return toNumber(value.replace(/%\s*$/, ''), type);
      case Type.CHECKBOX:
        if (value === 'T') return true;
        if (value === 'F') return false;
        throw nsError('INVALID_FLD_VALUE', `Invalid checkbox value ${value} (expected T or F)`);
      default:
        throw unsupported(`N/format.parse for type ${type}`);
    }
  };

  const formatImpl = (options: unknown): string => {
    const opts = optionsObject(options);
    const type = String(opts.type ?? '');
    if (!type) throw missingArgument('type');
    if (opts.value === undefined || opts.value === null) throw missingArgument('value');
    const value = opts.value;
    switch (type) {
      case Type.DATE:
      case Type.DATETIME:
      case Type.DATETIMETZ: {
        const date = isDate(value)
          ? new Date(value.getTime())
          : (parseImpl({ value, type, timezone: opts.timezone }) as Date);
        if (Number.isNaN(date.getTime())) throw nsError('INVALID_DATE_OBJECT', 'Invalid Date');
        const p = partsIn(date, zoneOf(opts));
        return render(type === Type.DATE ? prefs().dateFormat : dateTimePattern(type), p);
      }
      case Type.CURRENCY:
        return grouped(toNumber(value, type), 2);
      case Type.FLOAT:
        return grouped(toNumber(value, type), null);
      case Type.INTEGER: {
        const n = toNumber(value, type);
        if (!Number.isInteger(n)) throw nsError('INVALID_FLD_VALUE', `Invalid integer value ${String(value)}`);
        return String(n);
      }
      case Type.PERCENT:
        return `${toNumber(typeof value === 'string' ? value.replace(/%\s*$/, '') : value, type)}%`;
      case Type.CHECKBOX:
        if (value === true || value === 'T') return 'T';
        if (value === false || value === 'F') return 'F';
        throw nsError('INVALID_FLD_VALUE', `Invalid checkbox value ${String(value)}`);
      default:
        throw unsupported(`N/format.format for type ${type}`);
    }
  };

  const mod = {
    Type,
    Timezone,
    format: formatImpl as (typeof format)['format'],
    parse: parseImpl as (typeof format)['parse'],
  } satisfies FormatModule;
  return strict('N/format', mod);
};
