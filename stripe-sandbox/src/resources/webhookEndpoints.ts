import type Stripe from 'stripe';
import type { SandboxAccount, StripeObject } from '../core/account';
import { invalidParam, missingParam, StripeApiError } from '../core/errors';
import { paginate } from '../core/list';
import type { Params } from '../core/params';
import type { Route } from '../core/routes';

type StoredEndpoint = Stripe.WebhookEndpoint & StripeObject;

/** Stripe's cap on webhook endpoints per account in test mode. */
export const MAX_TEST_ENDPOINTS = 16;

// Signing secrets live outside the stored object: Stripe shows `secret` only in the create response.
const secrets = new WeakMap<SandboxAccount, Map<string, string>>();

/** The signing secret (`whsec_…`) of a webhook endpoint, for the delivery queue and tests. */
export function webhookEndpointSecret(account: SandboxAccount, endpointId: string): string | undefined {
  return secrets.get(account)?.get(endpointId);
}

function secretsOf(account: SandboxAccount): Map<string, string> {
  let map = secrets.get(account);
  if (!map) {
    map = new Map();
    secrets.set(account, map);
  }
  return map;
}

/** Does an endpoint subscribed to `enabledEvents` receive an event of `type`? (`*` = everything) */
export function endpointWants(enabledEvents: readonly string[], type: string): boolean {
  return enabledEvents.includes('*') || enabledEvents.includes(type);
}

const EVENT_NAME = /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)+)$/;
const VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}(\.[a-z_]+)?$/;

function readUrl(params: Params, required: boolean): string | undefined {
  const url = required ? params.string('url', { required: true }) : params.string('url');
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidParam('url', `Invalid URL: ${url}`, 'url_invalid');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidParam('url', `Invalid URL: ${url}. URLs must use http or https.`, 'url_invalid');
  }
  return url;
}

function readEvents(params: Params, required: boolean): string[] | undefined {
  const events = params.strings('enabled_events');
  if (events === undefined) {
    if (required) throw missingParam('enabled_events');
    return undefined;
  }
  if (events.length === 0) throw missingParam('enabled_events');
  events.forEach((name, index) => {
    if (!EVENT_NAME.test(name)) invalidEvent(index, name);
  });
  return [...new Set(events)];
}

function invalidEvent(index: number, name: string): never {
  throw invalidParam(`enabled_events[${index}]`, `Invalid enabled_events[${index}]: ${name} is not a valid event type`);
}

function cleanMetadata(metadata: Record<string, string | null>, base: Stripe.Metadata = {}): Stripe.Metadata {
  const merged: Record<string, string | null> = { ...base, ...metadata };
  return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== null));
}

export const routes: Route[] = [
  {
    method: 'POST',
    path: '/v1/webhook_endpoints',
    handler: ({ account, params }) => {
      const url = readUrl(params, true) as string;
      const enabledEvents = readEvents(params, true) as string[];
      const apiVersion = params.string('api_version');
      if (apiVersion !== undefined && !VERSION_PATTERN.test(apiVersion)) {
        throw invalidParam('api_version', `Invalid api_version: ${apiVersion}`);
      }
      const description = params.nullableString('description') ?? null;
      const metadata = cleanMetadata(params.metadata() ?? {});
      params.ignore('connect');
      params.done();
      if (account.list('webhook_endpoint').length >= MAX_TEST_ENDPOINTS) {
        throw new StripeApiError(
          400,
          'invalid_request_error',
          `You have reached the maximum of ${MAX_TEST_ENDPOINTS} test webhook endpoints.`,
        );
      }
      const endpoint: StoredEndpoint = {
        id: account.ids.next('we'),
        object: 'webhook_endpoint',
        api_version: apiVersion ?? null,
        application: null,
        created: account.now(),
        description,
        enabled_events: enabledEvents,
        livemode: false,
        metadata,
        status: 'enabled',
        url,
      };
      account.put(endpoint);
      const secret = account.ids.next('whsec', 32);
      secretsOf(account).set(endpoint.id, secret);
      return { ...endpoint, secret };
    },
  },
  {
    method: 'GET',
    path: '/v1/webhook_endpoints/:id',
    handler: ({ account, params, path }) => {
      params.done();
      return account.get<StoredEndpoint>(path['id'] as string, 'webhook_endpoint', 'webhook endpoint');
    },
  },
  {
    method: 'POST',
    path: '/v1/webhook_endpoints/:id',
    handler: ({ account, params, path }) => {
      const id = path['id'] as string;
      const current = account.get<StoredEndpoint>(id, 'webhook_endpoint', 'webhook endpoint');
      const changes: Partial<StoredEndpoint> = {};
      const url = readUrl(params, false);
      if (url !== undefined) changes.url = url;
      const events = readEvents(params, false);
      if (events !== undefined) changes.enabled_events = events;
      const description = params.nullableString('description');
      if (description !== undefined) changes.description = description;
      const metadata = params.metadata();
      if (metadata !== undefined) changes.metadata = cleanMetadata(metadata, current.metadata);
      const disabled = params.bool('disabled');
      if (disabled !== undefined) changes.status = disabled ? 'disabled' : 'enabled';
      params.done();
      return account.update<StoredEndpoint>(id, 'webhook_endpoint', changes).object;
    },
  },
  {
    method: 'GET',
    path: '/v1/webhook_endpoints',
    handler: ({ account, params }) => {
      const list = paginate(account.list<StoredEndpoint>('webhook_endpoint'), params, '/v1/webhook_endpoints');
      params.done();
      return list;
    },
  },
  {
    method: 'DELETE',
    path: '/v1/webhook_endpoints/:id',
    handler: ({ account, params, path }) => {
      params.done();
      const id = path['id'] as string;
      account.get<StoredEndpoint>(id, 'webhook_endpoint', 'webhook endpoint');
      account.delete(id);
      secretsOf(account).delete(id);
      return { id, object: 'webhook_endpoint', deleted: true };
    },
  },
];
