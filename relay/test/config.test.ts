import { DEFAULTS, loadConfig } from '../src/config';
import { configProblems, CREDENTIALS, ENV, OLD_SECRET, SECRET } from './helpers/fixtures';

describe('configuration from the environment', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(ENV);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      path: '/stripe/webhook',
      stripeWebhookSecrets: [SECRET, OLD_SECRET],
      signatureToleranceSeconds: 300,
      maxConcurrency: 2,
      queueTimeoutMs: 10_000,
      netsuiteTimeoutMs: 30_000,
      maxBodyBytes: 1024 * 1024,
      retryAfterSeconds: 60,
      netsuite: { method: 'tba', accountId: '1234567_SB1', ...CREDENTIALS },
    });
    expect(DEFAULTS.maxBodyBytes).toBe(1048576);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...ENV,
      RELAY_HOST: '0.0.0.0',
      RELAY_PORT: '9000',
      RELAY_PATH: '/hooks/stripe',
      STRIPE_SIGNATURE_TOLERANCE_SECONDS: '600',
      RELAY_MAX_CONCURRENCY: '4',
      RELAY_QUEUE_TIMEOUT_MS: '0',
      RELAY_NETSUITE_TIMEOUT_MS: '5000',
      RELAY_MAX_BODY_BYTES: '2048',
      RELAY_RETRY_AFTER_SECONDS: '5',
      NETSUITE_RESTLET_URL: 'http://127.0.0.1:4000/app/site/hosting/restlet.nl?script=17&deploy=1',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      path: '/hooks/stripe',
      signatureToleranceSeconds: 600,
      maxConcurrency: 4,
      queueTimeoutMs: 0,
      netsuiteTimeoutMs: 5000,
      maxBodyBytes: 2048,
      retryAfterSeconds: 5,
      restletUrl: 'http://127.0.0.1:4000/app/site/hosting/restlet.nl?script=17&deploy=1',
    });
  });

  it('names every missing variable at once (token-based authentication)', () => {
    const found = configProblems({ NETSUITE_AUTH: 'tba' });
    for (const name of [
      'STRIPE_WEBHOOK_SECRETS',
      'NETSUITE_ACCOUNT_ID',
      'NETSUITE_RESTLET_URL',
      'NETSUITE_CONSUMER_KEY',
      'NETSUITE_CONSUMER_SECRET',
      'NETSUITE_TOKEN_ID',
      'NETSUITE_TOKEN_SECRET',
    ]) {
      expect(found.some((p) => p.startsWith(name))).toBe(true);
    }
    expect(() => loadConfig({ NETSUITE_AUTH: 'tba' })).toThrow(/NETSUITE_TOKEN_SECRET is required/);
  });

  it.each([
    ['RELAY_PORT', 'http'],
    ['RELAY_PORT', '70000'],
    ['RELAY_PATH', 'stripe'],
    ['RELAY_PATH', '/health'],
    ['RELAY_MAX_CONCURRENCY', '0'],
    ['RELAY_MAX_BODY_BYTES', '99999999'],
    ['RELAY_NETSUITE_TIMEOUT_MS', '-1'],
    ['STRIPE_SIGNATURE_TOLERANCE_SECONDS', '0'],
    ['STRIPE_WEBHOOK_SECRETS', 'sk_test_wrong_kind'],
    ['NETSUITE_ACCOUNT_ID', '1234567-sb1'],
    ['NETSUITE_ACCOUNT_ID', '1234567_sb1'],
    ['NETSUITE_RESTLET_URL', 'not a url'],
    ['NETSUITE_RESTLET_URL', 'http://example.com/app/site/hosting/restlet.nl?script=1&deploy=1'],
    ['NETSUITE_RESTLET_URL', 'https://example.com/app/site/hosting/restlet.nl?script=1'],
  ])('refuses %s=%s, naming it', (name, value) => {
    const found = configProblems({ ...ENV, [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(name);
  });

  it('never echoes secret values in its errors', () => {
    const error = (() => {
      try {
        loadConfig({ ...ENV, STRIPE_WEBHOOK_SECRETS: 'not_a_whsec_value', NETSUITE_ACCOUNT_ID: undefined });
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error?.message).toContain('STRIPE_WEBHOOK_SECRETS');
    expect(error?.message).not.toContain('not_a_whsec_value');
  });

  it('accepts the emulator’s test-drive account ID', () => {
    expect(loadConfig({ ...ENV, NETSUITE_ACCOUNT_ID: 'TSTDRV0000001' }).netsuite.accountId).toBe('TSTDRV0000001');
  });
});
