import type Stripe from 'stripe';
import { StripeSandbox } from '../src/sandbox';
import * as events from '../src/resources/events';
import * as webhookEndpoints from '../src/resources/webhookEndpoints';
import { widgets, type Widget } from './helpers/widgets';

interface ErrorBody {
  error: { type: string; message: string; code?: string; param?: string };
}
type EventList = Stripe.ApiList<Stripe.Event>;

const START = 1_760_000_000;

function makeSandbox(): StripeSandbox {
  return new StripeSandbox({
    seed: 3,
    now: START,
    modules: [widgets, events, webhookEndpoints],
    webhooks: { autoDeliver: false },
  });
}

describe('GET /v1/events', () => {
  const sandbox = makeSandbox();
  const a = sandbox.request('POST', '/v1/widgets', { name: 'a' }).body as Widget;
  sandbox.advanceClock(100);
  sandbox.request('POST', `/v1/widgets/${a.id}`, { name: 'a2' });
  sandbox.advanceClock(100);
  sandbox.request('DELETE', `/v1/widgets/${a.id}`);

  test('lists newest first with request info', () => {
    const list = sandbox.request('GET', '/v1/events').body as EventList;
    expect(list.data.map((e) => e.type)).toEqual(['widget.deleted', 'widget.updated', 'widget.created']);
    expect(list.url).toBe('/v1/events');
    expect(list.data[1]?.data.previous_attributes).toEqual({ name: 'a' });
    expect(list.data[0]?.request?.id).toMatch(/^req_/);
  });

  test('type exact and wildcard, types[], created range', () => {
    const types = (params: Record<string, string | string[] | Record<string, number>>) =>
      (sandbox.request('GET', '/v1/events', params).body as EventList).data.map((e) => e.type);
    expect(types({ type: 'widget.updated' })).toEqual(['widget.updated']);
    expect(types({ type: 'widget.*' })).toHaveLength(3);
    expect(types({ type: 'charge.*' })).toEqual([]);
    expect(types({ types: ['widget.created', 'widget.deleted'] })).toEqual(['widget.deleted', 'widget.created']);
    expect(types({ created: { gte: START + 100 } })).toEqual(['widget.deleted', 'widget.updated']);
    expect(types({ created: { lt: START + 100 } })).toEqual(['widget.created']);
    const both = sandbox.request('GET', '/v1/events', { type: 'a.b', types: ['a.b'] });
    expect(both.status).toBe(400);
  });

  // Stripe's API reference, "List all events": `created` filters and `starting_after` paging combine (the
  // connector's catch-up of missed webhooks lists a window newest first, page by page).
  test('a created window paged with starting_after', () => {
    const window = { created: { gte: START, lte: START + 100 } };
    const first = sandbox.request('GET', '/v1/events', { ...window, limit: 1 }).body as EventList;
    expect(first.data.map((e) => e.type)).toEqual(['widget.updated']);
    expect(first.has_more).toBe(true);
    const after = (first.data[0] as Stripe.Event).id;
    const next = sandbox.request('GET', '/v1/events', { ...window, limit: 1, starting_after: after }).body as EventList;
    expect(next.data.map((e) => e.type)).toEqual(['widget.created']);
    expect(next.has_more).toBe(false);
  });

  test('pagination and retrieve', () => {
    const page = sandbox.request('GET', '/v1/events', { limit: 2 }).body as EventList;
    expect(page.has_more).toBe(true);
    const last = page.data[1] as Stripe.Event;
    const rest = sandbox.request('GET', '/v1/events', { limit: 2, starting_after: last.id }).body as EventList;
    expect(rest.data.map((e) => e.type)).toEqual(['widget.created']);
    expect(rest.has_more).toBe(false);
    const one = sandbox.request('GET', `/v1/events/${last.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: last.id, object: 'event', api_version: '2026-10-28.endive', livemode: false });
  });

  test('events older than 30 days are gone', () => {
    const local = makeSandbox();
    local.request('POST', '/v1/widgets', { name: 'old' });
    const old = (local.request('GET', '/v1/events').body as EventList).data[0] as Stripe.Event;
    local.advanceClock(30 * 86400 - 1);
    expect((local.request('GET', '/v1/events').body as EventList).data).toHaveLength(1);
    local.advanceClock(2);
    expect((local.request('GET', '/v1/events').body as EventList).data).toHaveLength(0);
    const gone = local.request('GET', `/v1/events/${old.id}`);
    expect(gone.status).toBe(404);
    expect((gone.body as ErrorBody).error.code).toBe('resource_missing');
  });
});

describe('webhook endpoints', () => {
  test('create returns the secret once; retrieve, update, list, delete', () => {
    const sandbox = makeSandbox();
    const created = sandbox.request('POST', '/v1/webhook_endpoints', {
      url: 'http://127.0.0.1:9/hook',
      enabled_events: ['charge.succeeded', 'invoice.paid'],
      description: 'test',
      metadata: { team: 'finance' },
      api_version: '2026-10-28.endive',
    });
    expect(created.status).toBe(200);
    const endpoint = created.body as Stripe.WebhookEndpoint;
    expect(endpoint).toMatchObject({
      object: 'webhook_endpoint',
      status: 'enabled',
      api_version: '2026-10-28.endive',
      enabled_events: ['charge.succeeded', 'invoice.paid'],
      metadata: { team: 'finance' },
      application: null,
      livemode: false,
    });
    expect(endpoint.id).toMatch(/^we_/);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    const retrieved = sandbox.request('GET', `/v1/webhook_endpoints/${endpoint.id}`).body as Stripe.WebhookEndpoint;
    expect(retrieved.secret).toBeUndefined();
    expect(retrieved.url).toBe('http://127.0.0.1:9/hook');

    const updated = sandbox.request('POST', `/v1/webhook_endpoints/${endpoint.id}`, {
      disabled: true,
      enabled_events: ['*'],
      metadata: { team: '' },
      description: '',
    }).body as Stripe.WebhookEndpoint;
    expect(updated).toMatchObject({ status: 'disabled', enabled_events: ['*'], metadata: {}, description: null });
    expect(updated.secret).toBeUndefined();

    const list = sandbox.request('GET', '/v1/webhook_endpoints').body as Stripe.ApiList<Stripe.WebhookEndpoint>;
    expect(list.data.map((e) => e.id)).toEqual([endpoint.id]);
    const deleted = sandbox.request('DELETE', `/v1/webhook_endpoints/${endpoint.id}`).body;
    expect(deleted).toEqual({ id: endpoint.id, object: 'webhook_endpoint', deleted: true });
    expect(sandbox.request('GET', `/v1/webhook_endpoints/${endpoint.id}`).status).toBe(404);
  });

  test('validation: url, enabled_events, api_version, unknown params', () => {
    const sandbox = makeSandbox();
    const error = (params: Record<string, string | string[]>) =>
      (sandbox.request('POST', '/v1/webhook_endpoints', params).body as ErrorBody).error;
    expect(error({ enabled_events: ['*'] })).toMatchObject({ code: 'parameter_missing', param: 'url' });
    expect(error({ url: 'http://127.0.0.1/x' })).toMatchObject({ code: 'parameter_missing', param: 'enabled_events' });
    expect(error({ url: 'not a url', enabled_events: ['*'] })).toMatchObject({ param: 'url' });
    expect(error({ url: 'ftp://127.0.0.1/x', enabled_events: ['*'] })).toMatchObject({ param: 'url' });
    expect(error({ url: 'http://127.0.0.1/x', enabled_events: ['*', 'Not An Event'] })).toMatchObject({
      param: 'enabled_events[1]',
    });
    expect(error({ url: 'http://127.0.0.1/x', enabled_events: ['*'], api_version: 'yesterday' })).toMatchObject({
      param: 'api_version',
    });
    expect(error({ url: 'http://127.0.0.1/x', enabled_events: ['*'], colour: 'red' })).toMatchObject({
      code: 'parameter_unknown',
    });
  });

  test('at most 16 endpoints in test mode', () => {
    const sandbox = makeSandbox();
    for (let i = 0; i < 16; i++) sandbox.createWebhookEndpoint(`http://127.0.0.1:9/${i}`);
    const r = sandbox.request('POST', '/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/x', enabled_events: ['*'] });
    expect(r.status).toBe(400);
  });
});
