import { createLogModule, MAX_DETAILS, MAX_TITLE } from '../src/modules/log';
import { platformFixture } from './helpers/platform';

describe('N/log', () => {
  it('appends entries in both call forms, JSON-stringifying object details', () => {
    const { context, services } = platformFixture();
    const log = createLogModule(context);
    log.debug('positional', { a: 1 });
    log.audit({ title: 'options', details: [1, 'two'] });
    log.error('no details', undefined);
    log.emergency({ title: 'number', details: 42 });
    expect(services.logs.map((e) => [e.level, e.title, e.details, e.scriptId])).toEqual([
      ['DEBUG', 'positional', '{"a":1}', 'customscript_snc_test'],
      ['AUDIT', 'options', '[1,"two"]', 'customscript_snc_test'],
      ['ERROR', 'no details', '', 'customscript_snc_test'],
      ['EMERGENCY', 'number', '42', 'customscript_snc_test'],
    ]);
    expect(services.logs[0]?.at).toEqual(services.now());
  });

  it('drops entries below the deployment log level', () => {
    const { context, services } = platformFixture({ logLevel: 'ERROR' });
    const log = createLogModule(context);
    log.debug('d', 'x');
    log.audit('a', 'x');
    log.error('e', 'x');
    log.emergency('m', 'x');
    expect(services.logs.map((e) => e.level)).toEqual(['ERROR', 'EMERGENCY']);
  });

  it('truncates details at 3,999 and titles at 99 characters', () => {
    const { context, services } = platformFixture();
    createLogModule(context).audit('t'.repeat(150), 'x'.repeat(5000));
    expect(services.logs[0]?.details).toHaveLength(MAX_DETAILS);
    expect(MAX_DETAILS).toBe(3999);
    expect(services.logs[0]?.title).toHaveLength(MAX_TITLE);
  });

  it('fails loudly on members it does not model', () => {
    const log = createLogModule(platformFixture().context) as unknown as Record<string, unknown>;
    expect(() => log.warn).toThrow(expect.objectContaining({ name: 'EMULATOR_UNSUPPORTED' }));
  });
});
