import type { DayOfWeek, OrderOfWeek, Recurrence } from './types';
import type { ElementReader } from './reader';

export const DAYS: readonly DayOfWeek[] = [
  'SUNDAY',
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
];
export const ORDERS: readonly OrderOfWeek[] = ['FIRST', 'SECOND', 'THIRD', 'FOURTH', 'LAST'];

/** generic_repeat_time: ISO-8601 durations of minutes or hours. */
function parseRepeat(reader: ElementReader, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^PT(\d+)([MH])$/.exec(value);
  if (!match) throw reader.error(`<repeat> must look like PT15M or PT1H, got "${value}"`);
  const minutes = Number(match[1]) * (match[2] === 'H' ? 60 : 1);
  if (minutes <= 0 || minutes >= 24 * 60) throw reader.error(`<repeat> ${value} is out of range`);
  return minutes;
}

function parseDate(reader: ElementReader, name: string, value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw reader.error(`<${name}> must be YYYY-MM-DD, got "${value}"`);
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw reader.error(`<${name}> is not a date: "${value}"`);
  return date;
}

/** starttime is written like 01:00:00Z; read as UTC. */
function parseTime(reader: ElementReader, value: string): number {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?Z?$/.exec(value);
  if (!match) throw reader.error(`<starttime> must look like 01:00:00Z, got "${value}"`);
  const [h, m, s] = [Number(match[1]), Number(match[2]), Number(match[3] ?? '0')];
  if (h > 23 || m > 59 || s > 59) throw reader.error(`<starttime> is out of range: "${value}"`);
  return ((h * 60 + m) * 60 + s) * 1000;
}

export function parseRecurrence(reader: ElementReader): Recurrence {
  const events = reader.element.children;
  const [event] = events;
  if (!event || events.length !== 1) throw reader.error('must hold exactly one schedule element');
  const found = reader.childReader(event.name);
  if (!found) throw reader.error('missing schedule element');
  const r: ElementReader = found;
  const startDate = parseDate(r, 'startdate', r.requiredText('startdate'));
  const start = new Date(startDate.getTime() + parseTime(r, r.requiredText('starttime')));
  const base = { start, repeatMinutes: parseRepeat(r, r.text('repeat')) };
  const endText = event.name === 'single' ? undefined : r.text('enddate');
  const withEnd = endText === undefined ? base : { ...base, endDate: parseDate(r, 'enddate', endText) };
  const days = (): DayOfWeek => r.oneOf('dayofweek', DAYS, undefined) ?? missing('dayofweek');
  const order = (): OrderOfWeek => r.oneOf('orderofweek', ORDERS, undefined) ?? missing('orderofweek');
  const every = (name: string): number => r.int(name, undefined, 1, 1000) ?? missing(name);
  function missing(name: string): never {
    throw r.error(`missing <${name}>`);
  }
  let recurrence: Recurrence;
  switch (event.name) {
    case 'single':
      recurrence = { kind: 'single', ...base };
      break;
    case 'daily':
      recurrence = { kind: 'daily', ...withEnd, everyXDays: every('everyxdays') };
      break;
    case 'everyweekday':
      recurrence = { kind: 'everyweekday', ...withEnd };
      break;
    case 'weekly': {
      const everyXWeeks = every('everyxweeks');
      const picked = DAYS.filter((day) => r.bool(day.toLowerCase(), false));
      if (picked.length === 0) throw r.error('a weekly schedule needs at least one day set to T');
      recurrence = { kind: 'weekly', ...withEnd, everyXWeeks, days: picked };
      break;
    }
    case 'monthly':
      recurrence = { kind: 'monthly', ...withEnd, everyXMonths: every('everyxmonths') };
      break;
    case 'monthlydayofweek':
      recurrence = {
        kind: 'monthlydayofweek',
        ...withEnd,
        everyXMonths: every('everyxmonths'),
        orderOfWeek: order(),
        dayOfWeek: days(),
      };
      break;
    case 'yearly':
      recurrence = { kind: 'yearly', ...withEnd };
      break;
    case 'yearlydayofweek':
      recurrence = { kind: 'yearlydayofweek', ...withEnd, orderOfWeek: order(), dayOfWeek: days() };
      break;
    default:
      throw reader.error(`unknown schedule <${event.name}>`);
  }
  r.finish();
  return recurrence;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function utcDay(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

function monthsBetween(a: Date, b: Date): number {
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
}

/** Whether `day` (UTC midnight) is the n-th (or last) given weekday of its month. */
function isOrderedWeekday(day: Date, order: OrderOfWeek, dayOfWeek: DayOfWeek): boolean {
  if (DAYS[day.getUTCDay()] !== dayOfWeek) return false;
  const date = day.getUTCDate();
  if (order === 'LAST') return new Date(day.getTime() + 7 * DAY_MS).getUTCMonth() !== day.getUTCMonth();
  return Math.ceil(date / 7) === ORDERS.indexOf(order) + 1;
}

function dayMatches(r: Recurrence, day: Date): boolean {
  const startDay = new Date(utcDay(r.start) * DAY_MS);
  const diffDays = utcDay(day) - utcDay(startDay);
  if (diffDays < 0) return false;
  if (r.endDate && day.getTime() > r.endDate.getTime()) return false;
  switch (r.kind) {
    case 'single':
      return diffDays === 0;
    case 'daily':
      return diffDays % r.everyXDays === 0;
    case 'everyweekday':
      return day.getUTCDay() >= 1 && day.getUTCDay() <= 5;
    case 'weekly': {
      // Weeks counted from the Sunday starting the start date's week.
      const week = Math.floor((diffDays + startDay.getUTCDay()) / 7);
      return week % r.everyXWeeks === 0 && r.days.includes(DAYS[day.getUTCDay()] as DayOfWeek);
    }
    case 'monthly':
      return monthsBetween(startDay, day) % r.everyXMonths === 0 && day.getUTCDate() === startDay.getUTCDate();
    case 'monthlydayofweek':
      return monthsBetween(startDay, day) % r.everyXMonths === 0 && isOrderedWeekday(day, r.orderOfWeek, r.dayOfWeek);
    case 'yearly':
      return day.getUTCMonth() === startDay.getUTCMonth() && day.getUTCDate() === startDay.getUTCDate();
    case 'yearlydayofweek':
      return day.getUTCMonth() === startDay.getUTCMonth() && isOrderedWeekday(day, r.orderOfWeek, r.dayOfWeek);
  }
}

/**
 * Run times of `r` in (after, until], earliest first, at most `limit` of them.
 * Each run day starts at the start time and, with `repeat`, repeats until midnight UTC.
 */
export function occurrences(r: Recurrence, after: Date, until: Date, limit = 1000): Date[] {
  const out: Date[] = [];
  const timeOfDay = r.start.getTime() - utcDay(r.start) * DAY_MS;
  const firstDay = Math.max(utcDay(after), utcDay(r.start));
  for (let d = firstDay; d <= utcDay(until) && out.length < limit; d++) {
    const day = new Date(d * DAY_MS);
    if (!dayMatches(r, day)) continue;
    const step = (r.repeatMinutes ?? 24 * 60) * 60 * 1000;
    for (let t = d * DAY_MS + timeOfDay; t < (d + 1) * DAY_MS && out.length < limit; t += step) {
      if (t > after.getTime() && t <= until.getTime() && t >= r.start.getTime()) out.push(new Date(t));
    }
  }
  return out;
}
