/**
 * SuiteScript 2.x global `util` object (Oracle lists define, require, log, util, toString, JSON,
 * Promise and Iterator as globals; the ES built-ins come from the script's own realm).
 */
export const suiteScriptUtil = Object.freeze({
  isArray: (obj: unknown): boolean => Array.isArray(obj),
  isBoolean: (obj: unknown): boolean => tag(obj) === 'Boolean',
  isDate: (obj: unknown): boolean => tag(obj) === 'Date',
  isNumber: (obj: unknown): boolean => tag(obj) === 'Number',
  isObject: (obj: unknown): boolean => obj !== null && typeof obj === 'object',
  isRegExp: (obj: unknown): boolean => tag(obj) === 'RegExp',
  isString: (obj: unknown): boolean => tag(obj) === 'String',
  isFunction: (obj: unknown): boolean => typeof obj === 'function',
  nanoTime: (): number => Number(process.hrtime.bigint()),
  each(iterable: unknown, callback: (value: unknown, key: unknown, iterable: unknown) => void): unknown {
    if (Array.isArray(iterable)) iterable.forEach((item, index) => callback(item, index, iterable));
    else if (iterable !== null && typeof iterable === 'object') {
      for (const [key, value] of Object.entries(iterable)) callback(value, key, iterable);
    }
    return iterable;
  },
  extend<T extends object>(receiver: T, contributor: object): T {
    return Object.assign(receiver, contributor);
  },
  deepExtend<T extends object>(receiver: T, contributor: object): T {
    for (const [key, value] of Object.entries(contributor)) {
      const target = (receiver as Record<string, unknown>)[key];
      if (isPlain(value) && isPlain(target)) suiteScriptUtil.deepExtend(target, value);
      else (receiver as Record<string, unknown>)[key] = value;
    }
    return receiver;
  },
});

function tag(obj: unknown): string {
  return Object.prototype.toString.call(obj).slice(8, -1);
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Runs once in each fresh realm: the clock-driven Date, and `instanceof` checks that also accept
 * objects made by the emulator's own realm (N/ modules return host Dates, Arrays and errors).
 */
export const REALM_BOOTSTRAP = `(function (hostDate, hostArray, hostError, now) {
  'use strict';
  const plain = Function.prototype[Symbol.hasInstance];
  const widen = (local, host, alias) => Object.defineProperty(local, Symbol.hasInstance, {
    value: function (x) { return plain.call(this, x) || ((this === local || this === alias) && x instanceof host); },
  });
  const LocalDate = Date;
  const ClockDate = new Proxy(LocalDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget === ClockDate ? target : newTarget);
    },
    apply() { return new LocalDate(now()).toString(); },
    get(target, key, receiver) {
      if (key === 'now') return function now_() { return now(); };
      return Reflect.get(target, key, receiver);
    },
  });
  widen(Array, hostArray, Array);
  widen(Error, hostError, Error);
  widen(LocalDate, hostDate, ClockDate);
  // V8 puts console into every context; SuiteScript's documented globals do not include it.
  delete globalThis.console;
  Object.defineProperty(globalThis, 'Date', { value: ClockDate, writable: true, configurable: true });
  return { newObject: () => ({}), parseJson: (text) => JSON.parse(text) };
})`;
