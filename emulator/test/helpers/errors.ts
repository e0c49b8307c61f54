import type { SuiteScriptError } from '../../src/errors';

/** The name of the error `fn` throws (NetSuite's error code for a SuiteScriptError), or 'no error'. */
export function errorName(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}

/** The error `fn` throws; fails the test when it throws none. */
export function errorOf(fn: () => unknown): SuiteScriptError {
  try {
    fn();
  } catch (error) {
    return error as SuiteScriptError;
  }
  throw new Error('expected an error');
}
