import error = require('N/error');

/** Turns a connector error into a NetSuite error whose name is its code, so callers see e.g. SNC_SIGNATURE_INVALID. */
export function asSuiteScriptError(cause: unknown): unknown {
  if (
    cause &&
    typeof cause === 'object' &&
    'code' in cause &&
    typeof cause.code === 'string' &&
    cause instanceof Error
  ) {
    return error.create({ name: cause.code, message: cause.message, notifyOff: true });
  }
  return cause;
}
