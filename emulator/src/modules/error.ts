import type * as error from 'N/error';
import type { ModuleFactory } from '../context';
import { SuiteScriptError } from '../errors';
import { missingArgument, optionsObject, strict } from './strict-module';

// error.Type members whose value differs from their name (per @hitc/netsuite-types); all others equal their name.
const TYPE_ALIASES: Record<string, string> = {
  EMPTY_KEY_NOT_ALLOWED: 'EMPTY_KEY_NOT_ALLOWED_FOR_1',
  INVALID_GETSELECTOPTION_FILTER_OPERATOR: 'SSS_INVALID_GETSELECTOPTION_FILTER_OPERATOR',
  INVALID_KEY_OR_REF: 'WS_INVALID_REFERENCE_KEY_1',
  INVALID_SUBLIST_OPERATION: 'SSS_INVALID_SUBLIST_OPERATION',
  INVALID_UI_OBJECT_TYPE: 'SSS_INVALID_UI_OBJECT_TYPE',
  METHOD_IS_ONLY_ALLOWED_FOR_MATRIX_FIELD: 'SSS_METHOD_IS_ONLY_ALLOWED_FOR_MATRIX_FIELD',
  MISSING_REQD_ARGUMENT: 'SSS_MISSING_REQD_ARGUMENT',
};

/** error.Type: any upper-case code reads as itself (NetSuite's enum is name = value, bar a few aliases). */
export const ErrorType: Readonly<Record<string, string>> = new Proxy(
  {},
  {
    get(_target, prop) {
      if (typeof prop !== 'string') return undefined;
      if (prop in TYPE_ALIASES) return TYPE_ALIASES[prop];
      return /^[A-Z][A-Z0-9_]*$/.test(prop) ? prop : undefined;
    },
  },
);

export interface ErrorModule {
  create(options: { name: string; message: string | Error; notifyOff?: boolean }): SuiteScriptError;
  Type: Readonly<Record<string, string>>;
}

export const createErrorModule: ModuleFactory<ErrorModule> = () => {
  const mod = {
    Type: ErrorType,
    create(options: Parameters<(typeof error)['create']>[0]): SuiteScriptError {
      const opts = optionsObject(options);
      if (opts.name === undefined || opts.name === null || opts.name === '') throw missingArgument('name');
      if (opts.message === undefined || opts.message === null) throw missingArgument('message');
      const message = opts.message instanceof Error ? opts.message.message : String(opts.message);
      return new SuiteScriptError(String(opts.name), message, {
        notifyOff: opts.notifyOff === true,
        cause: opts.message instanceof Error ? opts.message : undefined,
      });
    },
  };
  // Type-level check against NetSuite's surface: create's options must be accepted.
  const check: (o: Parameters<(typeof error)['create']>[0]) => unknown = mod.create;
  void check;
  return strict('N/error', mod);
};
