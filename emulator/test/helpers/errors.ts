/** The name of the error `fn` throws (NetSuite's error code for a SuiteScriptError), or 'no error'. */
export function errorName(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}
