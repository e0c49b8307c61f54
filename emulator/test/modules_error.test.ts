import { SuiteScriptError } from '../src/errors';
import { createErrorModule } from '../src/modules/error';
import { platformFixture, thrown } from './helpers/platform';

describe('N/error', () => {
  const error = createErrorModule(platformFixture().context);

  it('creates a SuiteScriptError with the given code, message and notifyOff', () => {
    const e = error.create({ name: 'SNC_BAD_EVENT', message: 'Unknown event type', notifyOff: true });
    expect(e).toBeInstanceOf(SuiteScriptError);
    expect(e).toMatchObject({
      name: 'SNC_BAD_EVENT',
      message: 'Unknown event type',
      notifyOff: true,
      type: 'error.SuiteScriptError',
    });
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      type: 'error.SuiteScriptError',
      name: 'SNC_BAD_EVENT',
      message: 'Unknown event type',
    });
  });

  it('requires name and message', () => {
    expect(thrown(() => error.create({ name: '', message: 'x' })).name).toBe('SSS_MISSING_REQD_ARGUMENT');
    expect(thrown(() => error.create({ name: 'X' } as never)).name).toBe('SSS_MISSING_REQD_ARGUMENT');
  });

  it('exposes Type codes as strings, aliases included', () => {
    expect(error.Type.RCRD_HAS_BEEN_CHANGED).toBe('RCRD_HAS_BEEN_CHANGED');
    expect(error.Type.MISSING_REQD_ARGUMENT).toBe('SSS_MISSING_REQD_ARGUMENT');
  });
});
