// The account checks' core: what a check is, how one runs, what the report says. Pure: no N/ imports,
// so the runner is the same in a real account and in the emulator.

/** One behaviour the connector (and its NetSuite emulator) relies on, with where it is documented. */
export interface Check {
  name: string;
  /** The Oracle help page (or public source) the behaviour comes from. */
  source: string;
  /** Returns what it saw; throws (CheckFailed or NetSuite's own error) when the account differs. */
  run(): string;
}

export interface CheckResult {
  name: string;
  source: string;
  ok: boolean;
  detail: string;
}

export class CheckFailed extends Error {
  override name = 'CheckFailed';
}

/** Fails the running check unless `condition` holds. */
export function expectThat(condition: boolean, message: string): void {
  if (!condition) throw new CheckFailed(message);
}

/** The name of the error `fn` throws, or null when it throws none. */
export function errorNameOf(fn: () => unknown): string | null {
  return refusalOf(fn)?.name ?? null;
}

/** The name and message of the error `fn` throws, or null when it throws none. */
export function refusalOf(fn: () => unknown): { name: string; message: string } | null {
  try {
    fn();
  } catch (error) {
    if (!error || typeof error !== 'object') return { name: String(error), message: '' };
    return {
      name: 'name' in error ? String(error.name) : String(error),
      message: 'message' in error ? String(error.message) : '',
    };
  }
  return null;
}

function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const name = 'name' in error ? String(error.name) : 'Error';
    return `${name}: ${String(error.message)}`;
  }
  return String(error);
}

/**
 * Runs each check, stopping early (reported as skipped) when fewer than `reserve` governance units are
 * left, so the cleanup after them can still run.
 */
export function runChecks(checks: readonly Check[], remainingUnits: () => number, reserve: number): CheckResult[] {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const base = { name: check.name, source: check.source };
    if (remainingUnits() < reserve) {
      results.push({ ...base, ok: false, detail: 'skipped: not enough governance left in this call' });
      continue;
    }
    try {
      results.push({ ...base, ok: true, detail: check.run() });
    } catch (error) {
      results.push({ ...base, ok: false, detail: describeError(error) });
    }
  }
  return results;
}
