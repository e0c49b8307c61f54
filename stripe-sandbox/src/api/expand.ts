import type { SandboxAccount, StripeObject } from '../core/account';
import { StripeApiError } from '../core/errors';

/**
 * Field names Stripe declares expandable (`string | Object | null` in the `stripe` package's types) in the
 * resources the sandbox models. A field on this list may be expanded even while it is null or names an
 * object the sandbox does not hold (it is then left as is); any other field is expandable only when it
 * holds the ID of a stored object.
 */
const EXPANDABLE = new Set([
  'account',
  'application',
  'application_fee',
  'balance_transaction',
  'charge',
  'coupon',
  'credit_note',
  'customer',
  'customer_balance_transaction',
  'default_payment_method',
  'default_price',
  'default_source',
  'destination',
  'discount',
  'discounts',
  'dispute',
  'failure_balance_transaction',
  'invoice',
  'latest_charge',
  'latest_invoice',
  'mandate',
  'on_behalf_of',
  'original_payout',
  'payment_intent',
  'payment_method',
  // Includable rather than expandable (see core/includable.ts): asking for it is allowed.
  'payments',
  'payout',
  'pending_setup_intent',
  'price',
  'product',
  'promotion_code',
  'refund',
  'reversed_by',
  'review',
  'schedule',
  'setup_attempt',
  'source',
  'source_transfer',
  'subscription',
  'test_clock',
  'transfer',
  'transfer_reversal',
  'uncategorized_file',
]);

/** Stripe's limit on expansion depth. */
const MAX_DEPTH = 4;

type Json = unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cannotExpand(path: string, param: string, hint?: string): StripeApiError {
  return new StripeApiError(
    400,
    'invalid_request_error',
    `This property cannot be expanded (${path}).${hint ? ` ${hint}` : ''}`,
    { param },
  );
}

/**
 * Applies `expand[]` paths to a response: each path's last segment (and any string met on the way) that
 * holds an object ID is replaced by the stored object. Arrays are transparent (`data.customer` applies to
 * every list item, `discounts` to every ID in the array).
 */
export function applyExpand(account: SandboxAccount, result: Json, paths: readonly string[]): Json {
  let out = result;
  paths.forEach((path, index) => {
    const param = `expand[${index}]`;
    const segments = path.split('.');
    if (segments.some((s) => s === '')) throw cannotExpand(path, param);
    if (segments.length > MAX_DEPTH) {
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`,
        { param },
      );
    }
    out = expandAt(account, out, segments, path, param, true);
  });
  return out;
}

function resolve(account: SandboxAccount, key: string, id: string): StripeObject | undefined {
  if (key === 'id' || key === 'object') return undefined;
  return account.find<StripeObject>(id);
}

function expandAt(
  account: SandboxAccount,
  node: Json,
  segments: readonly string[],
  path: string,
  param: string,
  top: boolean,
): Json {
  if (Array.isArray(node)) return node.map((item) => expandAt(account, item, segments, path, param, false));
  if (!isRecord(node)) return node;
  const [key, ...rest] = segments as [string, ...string[]];
  const known = EXPANDABLE.has(key);
  if (!(key in node)) {
    if (known) return node;
    const hint = top && node['object'] === 'list' ? `You may want to try expanding 'data.${path}' instead.` : undefined;
    throw cannotExpand(path, param, hint);
  }
  const value = node[key];
  let expanded: Json;
  if (typeof value === 'string') {
    const found = resolve(account, key, value);
    if (!found && !known) throw cannotExpand(path, param);
    expanded = found ?? value;
  } else if (Array.isArray(value)) {
    const mapped = value.map((item) => (typeof item === 'string' ? (resolve(account, key, item) ?? item) : item));
    const expandable =
      known ||
      value.some((item) => typeof item === 'string' && resolve(account, key, item) !== undefined) ||
      (rest.length > 0 && value.every(isRecord)) ||
      (value.length > 0 && value.every((item) => isRecord(item) && 'id' in item));
    if (!expandable) throw cannotExpand(path, param);
    expanded = mapped;
  } else if (value === null) {
    // Nothing to expand; a null cannot tell an unknown field from an empty expandable one.
    return node;
  } else if (isRecord(value)) {
    // Already an object: fine to expand further, or an expanded object asked for again.
    if (rest.length === 0 && !('id' in value) && !known) throw cannotExpand(path, param);
    expanded = value;
  } else {
    throw cannotExpand(path, param);
  }
  if (rest.length > 0 && typeof expanded !== 'string') {
    expanded = expandAt(account, expanded, rest, path, param, false);
  }
  return { ...node, [key]: expanded };
}
