import { decodeForm, encodeForm } from '../src/api/form';
import { startServer, type SandboxServer } from '../src/http/server';
import { StripeSandbox } from '../src/sandbox';
import * as events from '../src/resources/events';
import * as webhookEndpoints from '../src/resources/webhookEndpoints';
import {
  FixtureError,
  httpTarget,
  lookupPath,
  runFixtures,
  sandboxTarget,
  substitute,
  type FixtureFile,
} from '../src/scenarios/fixtures';
import { widgets, type Widget } from './helpers/widgets';
import type { ResourceModule } from '../src/core/routes';

const START = 1_760_000_000;

/** Widgets plus a fake payouts service and a clock listener, to observe sandbox steps. */
function makeSandbox(ticks: number[] = []): StripeSandbox {
  const payouts: ResourceModule = {
    routes: [],
    register: (account) => {
      account.services.runPayouts = () => [];
      account.clock.onAdvance((now) => ticks.push(now));
    },
  };
  return new StripeSandbox({ seed: 2, now: START, modules: [widgets, events, webhookEndpoints, payouts] });
}

test('params are encoded in bracket notation as the CLI does, and decode back', () => {
  const form = encodeForm({
    amount: 2000,
    confirm: true,
    description: '(created by Stripe CLI)',
    payment_method_types: ['card'],
    'recurring[interval]': 'month',
    metadata: { order_id: '6735' },
    lines: [
      { type: 'custom_line_item', unit_amount: 1000 },
      { type: 'custom_line_item', unit_amount: 500 },
    ],
    items: [{ price: 'price_1', price_data: { recurring: { interval: 'month' } } }],
    skipped: null,
  });
  expect(form).toBe(
    'amount=2000&confirm=true&description=(created%20by%20Stripe%20CLI)&payment_method_types[]=card' +
      '&recurring[interval]=month&metadata[order_id]=6735' +
      '&lines[0][type]=custom_line_item&lines[0][unit_amount]=1000&lines[1][type]=custom_line_item&lines[1][unit_amount]=500' +
      '&items[0][price]=price_1&items[0][price_data][recurring][interval]=month',
  );
  expect(decodeForm(form)).toMatchObject({
    payment_method_types: ['card'],
    recurring: { interval: 'month' },
    lines: [{ unit_amount: '1000' }, { unit_amount: '500' }],
    items: [{ price_data: { recurring: { interval: 'month' } } }],
  });
});

test('references: nested paths, array indices, .env, defaults, undeclared names', () => {
  const responses = { invoice: { id: 'in_1', lines: { data: [{ id: 'il_1' }, { id: 'il_2' }] }, total: 0 } };
  const warnings: string[] = [];
  const env = { ORDER: '42' };
  expect(substitute('${invoice:lines.data.1.id}', responses, env, warnings)).toBe('il_2');
  expect(substitute('/v1/invoices/${invoice:id}/pay', responses, env, warnings)).toBe('/v1/invoices/in_1/pay');
  expect(substitute('${invoice:total}', responses, env, warnings)).toBe('0');
  expect(substitute('${invoice:lines.data.#}', responses, env, warnings)).toBe('2');
  expect(substitute('${.env:ORDER}', responses, env, warnings)).toBe('42');
  expect(substitute('${invoice:nothing|fallback}', responses, env, warnings)).toBe('fallback');
  expect(warnings).toHaveLength(1);
  expect(() => substitute('${nobody:id}', responses, env, warnings)).toThrow(/undeclared fixture name/);
  expect(lookupPath(responses, 'invoice.lines.data.0.id')).toBe('il_1');
});

const FILE: FixtureFile = {
  _meta: { template_version: 0 },
  fixtures: [
    { name: 'root', path: '/v1/widgets', method: 'post', params: { name: 'root', metadata: { env: '${.env:TAG}' } } },
    { name: 'child', path: '/v1/widgets', method: 'post', params: { name: 'child', parent: '${root:id}' } },
    { name: 'list', path: '/v1/widgets', method: 'get', params: { limit: 1 } },
    { name: 'renamed', path: '/v1/widgets/${list:data.0.id}', method: 'post', params: { name: 'renamed' } },
    { name: 'boom', path: '/v1/widgets/${root:id}/explode', method: 'post', expected_error_type: 'api_error' },
    { name: 'wait', sandbox: 'advance_clock', days: 2, seconds: 30 },
    { name: 'payouts', sandbox: 'run_payouts' },
    { sandbox: 'deliver_webhooks' },
    { name: 'gone', path: '/v1/widgets/${root:id}', method: 'delete' },
  ],
};

test('runs fixtures in-process: references, expected errors, sandbox steps in daily chunks', async () => {
  const ticks: number[] = [];
  const sandbox = makeSandbox(ticks);
  const result = await runFixtures(FILE, sandboxTarget(sandbox), { env: { TAG: 'blue' } });
  const root = result.responses['root'] as Widget;
  expect(root.metadata).toEqual({ env: 'blue' });
  expect((result.responses['child'] as Widget).parent).toBe(root.id);
  expect((result.responses['renamed'] as Widget).name).toBe('renamed');
  expect(result.responses['boom']).toMatchObject({ error: { type: 'api_error' } });
  expect(result.responses['payouts']).toEqual({ object: 'list', data: [] });
  expect(result.responses['gone']).toMatchObject({ deleted: true });
  expect(ticks).toEqual([START + 86400, START + 2 * 86400, START + 2 * 86400 + 30]);
  expect(result.steps.map((s) => s.status)).toEqual([200, 200, 200, 200, 500, null, null, null, 200]);
  expect(result.steps[4]?.expectedError).toBe(true);
  await sandbox.close();
});

test('an unexpected failure stops the run with a FixtureError', async () => {
  const sandbox = makeSandbox();
  const file: FixtureFile = {
    _meta: { template_version: 0 },
    fixtures: [
      { name: 'bad', path: '/v1/widgets', method: 'post', params: { name: 'x', colour: 'red' } },
      { name: 'never', path: '/v1/widgets', method: 'post', params: { name: 'x' } },
    ],
  };
  const error = await runFixtures(file, sandboxTarget(sandbox)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FixtureError);
  expect((error as FixtureError).status).toBe(400);
  expect((error as FixtureError).message).toContain('Received unknown parameter: colour');
  expect(sandbox.account.list('widget')).toHaveLength(0);
  await expect(runFixtures({ _meta: { template_version: 1 }, fixtures: [] }, sandboxTarget(sandbox))).rejects.toThrow(
    /not supported/,
  );
  await sandbox.close();
});

describe('over HTTP', () => {
  let server: SandboxServer;
  const ticks: number[] = [];
  const sandbox = makeSandbox(ticks);
  beforeAll(async () => {
    server = await startServer(sandbox);
  });
  afterAll(async () => {
    await server.close();
    await sandbox.close();
  });

  test('the same file runs through the HTTP server and its control routes', async () => {
    const result = await runFixtures(FILE, httpTarget(server.url, sandbox.secretKey), { env: { TAG: 'red' } });
    expect((result.responses['root'] as Widget).metadata).toEqual({ env: 'red' });
    expect(result.responses['payouts']).toEqual({ object: 'list', data: [] });
    expect(sandbox.now()).toBe(START + 2 * 86400 + 30);
    expect(ticks).toHaveLength(3);
  });

  test('control routes need the key', async () => {
    const response = await fetch(`${server.url}/_sandbox/clock`);
    expect(response.status).toBe(401);
    const ok = await fetch(`${server.url}/_sandbox/clock`, {
      headers: { Authorization: `Bearer ${sandbox.secretKey}` },
    });
    expect(await ok.json()).toEqual({ now: sandbox.now() });
  });
});
