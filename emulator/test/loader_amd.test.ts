import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AmdLoader, readHeader } from '../src/loader';

const ROOT = path.join(__dirname, 'fixtures', 'loader');
const log = { audit: () => undefined };

function realm(loader = new AmdLoader(ROOT), extra: Partial<Parameters<AmdLoader['createRealm']>[0]> = {}) {
  return loader.createRealm({ modules: { 'N/log': log }, ...extra });
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'no error';
}

describe('AMD loader', () => {
  it('resolves N/ modules, relative and absolute paths and the require/exports/module pseudo-dependencies', () => {
    const value = realm().load('/SuiteScripts/app/entry.js') as Record<string, unknown>;
    expect(value['a']).toBe('a');
    expect(value['b']).toBe('b');
    // One instance per module within an invocation, whichever path named it.
    expect(value['sameB']).toBe(true);
    expect(value['logIsN']).toBe(true);
    expect(value['moduleId']).toBe('/SuiteScripts/app/entry.js');
    expect((value['lateA'] as () => boolean)()).toBe(true);
  });

  it('gives every realm fresh module instances while reusing compiled code', () => {
    const loader = new AmdLoader(ROOT);
    const first = realm(loader).load('/SuiteScripts/app/state.js') as { bump: () => number };
    expect(first.bump()).toBe(1);
    expect(first.bump()).toBe(2);
    const second = realm(loader).load('/SuiteScripts/app/state.js') as { bump: () => number };
    expect(second.bump()).toBe(1);
    expect(loader.compile('/SuiteScripts/app/state.js')).toBe(loader.compile('/SuiteScripts/app/state.js'));
  });

  it('supports circular dependencies through exports, the object form and the CommonJS wrapper form', () => {
    const r = realm();
    const c1 = r.load('/SuiteScripts/app/cycle1.js') as { other: () => string };
    expect(c1.other()).toBe('cycle2');
    expect(r.load('/SuiteScripts/app/object.js')).toEqual({ answer: 42 });
    expect(r.load('/SuiteScripts/app/commonjs.js')).toEqual({ viaModule: true, log: false });
  });

  it('fails loudly on files that are not a single define() call', () => {
    expect(codeOf(() => realm().load('/SuiteScripts/bad/code_before.js'))).toMatch(
      /^SSS_INVALID_SCRIPT_FILE: .*outside/,
    );
    expect(codeOf(() => realm().load('/SuiteScripts/bad/two_defines.js'))).toMatch(/found 2/);
    expect(codeOf(() => realm().load('/SuiteScripts/bad/nested_define.js'))).toMatch(/found 2/);
    expect(codeOf(() => realm().load('/SuiteScripts/bad/no_define.js'))).toMatch(/found 0/);
    // Written at run time: a file that does not parse would trip the repository's formatter and linter.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loader-'));
    fs.mkdirSync(path.join(dir, 'SuiteScripts'));
    fs.writeFileSync(path.join(dir, 'SuiteScripts', 'syntax.js'), 'define([], function () {\n  return { a: };\n});\n');
    expect(codeOf(() => realm(new AmdLoader(dir)).load('/SuiteScripts/syntax.js'))).toMatch(
      /^SSS_INVALID_SCRIPT_FILE: \/SuiteScripts\/syntax\.js: /,
    );
    expect(codeOf(() => realm().load('/SuiteScripts/bad/named.js'))).toMatch(/named modules/);
  });

  it('fails loudly on unknown module ids', () => {
    expect(codeOf(() => realm().load('/SuiteScripts/bad/unknown_n.js'))).toBe(
      'MODULE_DOES_NOT_EXIST: Module does not exist: N/nope (required by /SuiteScripts/bad/unknown_n.js)',
    );
    expect(codeOf(() => realm().load('/SuiteScripts/bad/missing_dep.js'))).toMatch(
      /^MODULE_DOES_NOT_EXIST: Module does not exist: \/SuiteScripts\/bad\/not_there\.js/,
    );
    expect(codeOf(() => realm().load('/SuiteScripts/bad/escape.js'))).toMatch(/^MODULE_DOES_NOT_EXIST/);
    const nodeRequire = realm().load('/SuiteScripts/bad/node_require.js') as { fs: () => unknown };
    expect(codeOf(() => nodeRequire.fs())).toMatch(/^MODULE_DOES_NOT_EXIST: Module does not exist: fs/);
    expect(codeOf(() => realm().load('/SuiteScripts/nothing.js'))).toMatch(/^MODULE_DOES_NOT_EXIST/);
  });

  it('gives scripts SuiteScript globals, not Node globals, and the emulator clock', () => {
    const now = new Date('2031-02-03T04:05:06.000Z');
    const r = realm(new AmdLoader(ROOT), { now: () => now });
    const mod = r.load('/SuiteScripts/app/globals.js') as Record<string, unknown>;
    const probe = r.call(mod['probe'], mod, [new Date(), [1], new Error('host')]) as Record<string, unknown>;
    expect(probe).toMatchObject({
      process: 'undefined',
      setTimeout: 'undefined',
      setInterval: 'undefined',
      console: 'undefined',
      Buffer: 'undefined',
      globalRequire: 'function',
      util: 'object',
      utilIsArray: true,
      log: 'object',
      now: '2031-02-03T04:05:06.000Z',
      dateNow: now.getTime(),
      dateCall: 'string',
      parsed: Date.UTC(2020, 0, 2),
      hostDateIsDate: true,
      hostArrayIsArray: true,
      hostErrorIsError: true,
      localDateIsDate: true,
      subclass: { mine: true, hostIsMine: false },
    });
  });

  it('ends runaway script code with SSS_TIME_LIMIT_EXCEEDED', () => {
    const r = realm(new AmdLoader(ROOT), { timeoutMs: 50 });
    const mod = r.load('/SuiteScripts/app/globals.js') as Record<string, unknown>;
    expect(codeOf(() => r.call(mod['spin'], mod, []))).toMatch(/^SSS_TIME_LIMIT_EXCEEDED/);
    expect(codeOf(() => r.call(mod['throwTypeError'], mod, []))).toMatch(/^TypeError/);
  });

  it('reads the JSDoc header', () => {
    expect(
      readHeader(
        '/**\n * @NApiVersion 2.1\n * @NScriptType Restlet\n * @NModuleScope SameAccount\n */\ndefine([], () => ({}));',
      ),
    ).toEqual({
      apiVersion: '2.1',
      scriptType: 'Restlet',
      moduleScope: 'SameAccount',
    });
    // Tags after the define() call are not a header.
    expect(readHeader('define([], () => ({}));\n/** @NApiVersion 2.1 */')).toEqual({});
  });
});
