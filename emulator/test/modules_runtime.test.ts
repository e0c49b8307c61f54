import { configureRuntime, createRuntimeModule } from '../src/modules/runtime';
import { platformFixture, thrown } from './helpers/platform';

describe('N/runtime', () => {
  it('describes the current script, its parameters and exact remaining usage', () => {
    const { context, invocation } = platformFixture({
      params: { custscript_snc_mode: 'live', custscript_snc_batch: 25, custscript_snc_flag: true },
    });
    const runtime = createRuntimeModule(context);
    const script = runtime.getCurrentScript();
    expect([script.id, script.deploymentId, script.logLevel]).toEqual([
      'customscript_snc_test',
      'customdeploy_snc_test',
      'DEBUG',
    ]);
    expect(script.getParameter({ name: 'custscript_snc_mode' })).toBe('live');
    expect(script.getParameter({ name: 'custscript_snc_batch' })).toBe(25);
    expect(script.getParameter({ name: 'custscript_snc_flag' })).toBe(true);
    expect(script.getParameter({ name: 'custscript_unknown' })).toBeNull();
    expect(script.getRemainingUsage()).toBe(5000);
    invocation.charge('record.load', 10);
    invocation.charge('https', 10);
    expect(script.getRemainingUsage()).toBe(4980);
  });

  it('reports the user, account, environment and execution context', () => {
    const runtime = createRuntimeModule(platformFixture({ scriptType: 'mapreduce', accountId: '1234567_SB1' }).context);
    const user = runtime.getCurrentUser();
    expect([user.id, user.name, user.email, user.role, user.roleId, user.subsidiary]).toEqual([
      7,
      'Ada Admin',
      'ada@example.com',
      3,
      'administrator',
      1,
    ]);
    expect(user.getPreference({ name: 'DATEFORMAT' })).toBe('M/D/YYYY');
    expect(runtime.accountId).toBe('1234567_SB1');
    expect(runtime.envType).toBe('SANDBOX');
    expect(runtime.envType).toBe(runtime.EnvType.SANDBOX);
    expect(runtime.executionContext).toBe(runtime.ContextType.MAP_REDUCE);
    expect(runtime.executionContext).toBe('MAPREDUCE');
    expect(createRuntimeModule(platformFixture({ scriptType: 'restlet', accountId: '1234567' }).context)).toMatchObject(
      {
        executionContext: 'RESTLET',
        envType: 'PRODUCTION',
      },
    );
  });

  it('answers isFeatureInEffect from the configured set and fails loudly otherwise', () => {
    const { context, services } = platformFixture();
    expect(createRuntimeModule(context).isFeatureInEffect({ feature: 'SERVERSIDESCRIPTING' })).toBe(true);
    expect(thrown(() => createRuntimeModule(context).isFeatureInEffect({ feature: 'MULTICURRENCY' })).name).toBe(
      'EMULATOR_UNSUPPORTED',
    );
    configureRuntime(services, { features: { MULTICURRENCY: true, SUBSIDIARIES: false } });
    const runtime = createRuntimeModule(context);
    expect(runtime.isFeatureInEffect({ feature: 'MULTICURRENCY' })).toBe(true);
    expect(runtime.isFeatureInEffect({ feature: 'SUBSIDIARIES' })).toBe(false);
  });

  it('throws EMULATOR_UNSUPPORTED for members it does not model', () => {
    const runtime = createRuntimeModule(platformFixture().context);
    expect(thrown(() => (runtime as unknown as Record<string, unknown>).getCurrentSession).name).toBe(
      'EMULATOR_UNSUPPORTED',
    );
    expect(thrown(() => runtime.getCurrentScript().percentComplete).name).toBe('EMULATOR_UNSUPPORTED');
  });
});
