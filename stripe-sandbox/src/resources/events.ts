import type Stripe from 'stripe';
import type { StripeObject } from '../core/account';
import { invalidParam, resourceMissing } from '../core/errors';
import { createdFilter, paginate } from '../core/list';
import type { Route } from '../core/routes';

/** Stripe keeps events retrievable through the API for 30 days. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/** `charge.*` → matches `charge.succeeded` and `charge.dispute.created`; no `*` → exact match. */
export function eventTypeMatcher(pattern: string): (type: string) => boolean {
  if (!pattern.includes('*')) return (type) => type === pattern;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`);
  return (type) => regex.test(type);
}

type StoredEvent = Stripe.Event & StripeObject;

export const routes: Route[] = [
  {
    method: 'GET',
    path: '/v1/events/:id',
    handler: ({ account, params, path }) => {
      params.done();
      const id = path['id'] as string;
      const event = account.get<StoredEvent>(id, 'event');
      if (event.created < account.now() - EVENT_RETENTION_SECONDS) throw resourceMissing('event', id);
      return event;
    },
  },
  {
    method: 'GET',
    path: '/v1/events',
    handler: ({ account, params }) => {
      const type = params.string('type');
      const types = params.strings('types');
      if (type !== undefined && types !== undefined) {
        throw invalidParam('types', 'You may only specify one of these parameters: type, types.');
      }
      if (types && types.length > 20) throw invalidParam('types', 'You may pass at most 20 event types.');
      const created = createdFilter(params);
      const deliverySuccess = params.bool('delivery_success');
      const matchers = (types ?? (type !== undefined ? [type] : [])).map(eventTypeMatcher);
      const oldest = account.now() - EVENT_RETENTION_SECONDS;
      const events = account
        .list<StoredEvent>('event')
        .filter(
          (event) =>
            event.created >= oldest &&
            created(event.created) &&
            (matchers.length === 0 || matchers.some((m) => m(event.type))) &&
            (deliverySuccess === undefined || (event.pending_webhooks === 0) === deliverySuccess),
        );
      const list = paginate(events, params, '/v1/events');
      params.done();
      return list;
    },
  },
];
