import type * as log from 'N/log';
import type { LogEntry, ModuleFactory } from '../context';
import { strict } from './strict-module';

type Level = LogEntry['level'];
const RANK: Record<Level, number> = { DEBUG: 0, AUDIT: 1, ERROR: 2, EMERGENCY: 3 };

/** NetSuite keeps at most 3,999 characters of details and 99 of the title (Execution Log columns). */
export const MAX_DETAILS = 3999;
export const MAX_TITLE = 99;

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

export type LogModule = Pick<typeof log, 'debug' | 'audit' | 'error' | 'emergency'>;

export const createLogModule: ModuleFactory<LogModule> = ({ services, script }) => {
  const writer = (level: Level) =>
    function write(titleOrOptions: unknown, details?: unknown): void {
      if (RANK[level] < RANK[script.logLevel]) return;
      let title: unknown = titleOrOptions;
      let body: unknown = details;
      if (titleOrOptions !== null && typeof titleOrOptions === 'object' && arguments.length === 1) {
        const options = titleOrOptions as { title?: unknown; details?: unknown };
        title = options.title;
        body = options.details;
      }
      services.logs.push({
        level,
        title: text(title).slice(0, MAX_TITLE),
        details: text(body).slice(0, MAX_DETAILS),
        scriptId: script.scriptId,
        at: services.now(),
      });
    };
  const mod = {
    debug: writer('DEBUG'),
    audit: writer('AUDIT'),
    error: writer('ERROR'),
    emergency: writer('EMERGENCY'),
  } satisfies LogModule;
  return strict('N/log', mod);
};
