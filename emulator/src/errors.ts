/**
 * NetSuite-style errors. Scripts see objects shaped like N/error's SuiteScriptError:
 * `name` is NetSuite's error code (e.g. RCRD_HAS_BEEN_CHANGED), `message` its text.
 */
export class SuiteScriptError extends Error {
  readonly type = 'error.SuiteScriptError';
  readonly id: string;
  readonly cause: unknown;
  readonly notifyOff: boolean;

  constructor(name: string, message: string, options: { id?: string; cause?: unknown; notifyOff?: boolean } = {}) {
    super(message);
    this.name = name;
    this.id = options.id ?? '';
    this.cause = options.cause;
    this.notifyOff = options.notifyOff ?? false;
  }

  toJSON(): { type: string; name: string; message: string } {
    return { type: this.type, name: this.name, message: this.message };
  }
}

export function nsError(name: string, message: string): SuiteScriptError {
  return new SuiteScriptError(name, message);
}

/** Something a script asked for that the emulator does not model: fails loudly, naming it. */
export function unsupported(what: string): SuiteScriptError {
  return new SuiteScriptError('EMULATOR_UNSUPPORTED', `The NetSuite emulator does not model ${what}`);
}

/** Raised when usage passes the limit. The runtime ends the invocation even if the script catches it. */
export class UsageLimitExceeded extends SuiteScriptError {
  constructor(limit: number) {
    super('SSS_USAGE_LIMIT_EXCEEDED', `Script Execution Usage Limit Exceeded (limit ${limit} units)`);
  }
}

/**
 * What a script sees if it catches the stop of an application-server restart (a test's simulation):
 * NetSuite stops the invocation outright; the Map/Reduce runtime treats it as killed either way.
 */
export class AppServerRestart extends SuiteScriptError {
  constructor() {
    super('SSS_APP_SERVER_RESTART', 'Application server restarted');
  }
}
