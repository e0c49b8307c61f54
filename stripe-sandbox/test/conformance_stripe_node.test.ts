import Stripe from 'stripe';
import { startServer, type SandboxServer } from '../src/http/server';
import { StripeSandbox } from '../src/sandbox';

// The official `stripe` npm client against the HTTP server, end to end.
const sandbox = new StripeSandbox({ seed: 17 });
let server: SandboxServer;
let stripe: Stripe;

beforeAll(async () => {
  server = await startServer(sandbox);
  stripe = new Stripe(sandbox.secretKey, {
    host: '127.0.0.1',
    port: server.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
});

afterAll(async () => {
  await server.close();
  await sandbox.close();
});

test('create, retrieve, update and delete a customer', async () => {
  const customer = await stripe.customers.create({
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    metadata: { crm: '42' },
  });
  expect(customer.id).toMatch(/^cus_/);
  expect(customer.lastResponse.requestId).toMatch(/^req_/);
  const retrieved = await stripe.customers.retrieve(customer.id);
  expect(retrieved).toMatchObject({ id: customer.id, name: 'Ada Lovelace', metadata: { crm: '42' } });
  const updated = await stripe.customers.update(customer.id, { metadata: { crm: '', tier: 'gold' } });
  expect(updated.metadata).toEqual({ tier: 'gold' });
  const deleted = await stripe.customers.del(customer.id);
  expect(deleted).toMatchObject({ id: customer.id, deleted: true });
});

test('list with pagination and auto-pagination', async () => {
  const created: string[] = [];
  for (let i = 0; i < 7; i++) created.push((await stripe.customers.create({ name: `page ${i}` })).id);
  const page = await stripe.customers.list({ limit: 3 });
  expect(page.data).toHaveLength(3);
  expect(page.has_more).toBe(true);
  expect(page.data[0]?.id).toBe(created[6]);
  const next = await stripe.customers.list({ limit: 3, starting_after: page.data[2]?.id });
  expect(next.data.map((c) => c.id)).toEqual([created[3], created[2], created[1]]);
  const all: string[] = [];
  for await (const customer of stripe.customers.list({ limit: 2 })) all.push(customer.id);
  expect(all.slice(0, 7)).toEqual([...created].reverse());
  const listed = await stripe.customers.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
  expect(listed.length).toBe(all.length);
});

test('expand: a payment intent with its latest charge and balance transaction', async () => {
  const customer = await stripe.customers.create({ name: 'Expand' });
  const intent = await stripe.paymentIntents.create({
    amount: 2500,
    currency: 'usd',
    customer: customer.id,
    payment_method: 'pm_card_visa',
    confirm: true,
    expand: ['customer', 'latest_charge.balance_transaction'],
  });
  expect(intent.status).toBe('succeeded');
  expect((intent.customer as Stripe.Customer).name).toBe('Expand');
  const charge = intent.latest_charge as Stripe.Charge;
  expect(charge.object).toBe('charge');
  expect((charge.balance_transaction as Stripe.BalanceTransaction).object).toBe('balance_transaction');
  const charges = await stripe.charges.list({ limit: 1, expand: ['data.customer'] });
  expect((charges.data[0]?.customer as Stripe.Customer).id).toBe(customer.id);
  await expect(stripe.customers.retrieve(customer.id, { expand: ['name'] })).rejects.toMatchObject({
    type: 'StripeInvalidRequestError',
    message: 'This property cannot be expanded (name).',
  });
});

test('idempotency: replay with the same key, error with different params', async () => {
  const first = await stripe.customers.create({ name: 'Idem' }, { idempotencyKey: 'idem-1' });
  const again = await stripe.customers.create({ name: 'Idem' }, { idempotencyKey: 'idem-1' });
  expect(again.id).toBe(first.id);
  expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
  const error = await stripe.customers.create({ name: 'Other' }, { idempotencyKey: 'idem-1' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
});

test('errors map to the client’s classes with param and status', async () => {
  const unknown = await stripe.customers
    .create({ nmae: 'typo' } as Stripe.CustomerCreateParams)
    .catch((e: unknown) => e);
  expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  expect(unknown).toMatchObject({ param: 'nmae', code: 'parameter_unknown', statusCode: 400 });
  const missing = await stripe.customers.retrieve('cus_doesnotexist').catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' });
  const declined = await stripe.paymentIntents
    .create({
      amount: 500,
      currency: 'usd',
      payment_method: 'pm_card_chargeDeclined',
      confirm: true,
    })
    .catch((e: unknown) => e);
  expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
  const badKey = new Stripe('sk_test_notthekeynotthekey', {
    host: '127.0.0.1',
    port: server.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  await expect(badKey.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  sandbox.api.failNext(1);
  await expect(stripe.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
});

test('the client retries a 429 with its idempotency key and succeeds', async () => {
  const retrying = new Stripe(sandbox.secretKey, {
    host: '127.0.0.1',
    port: server.port,
    protocol: 'http',
    maxNetworkRetries: 2,
  });
  sandbox.api.failNext(1, 'lock_timeout');
  const customer = await retrying.customers.create({ name: 'Retried' });
  expect(customer.name).toBe('Retried');
});

test('webhook endpoints and events through the client', async () => {
  const endpoint = await stripe.webhookEndpoints.create({
    url: 'http://127.0.0.1:9/hooks',
    enabled_events: ['customer.created'],
  });
  expect(endpoint.secret).toMatch(/^whsec_/);
  expect((await stripe.webhookEndpoints.retrieve(endpoint.id)).secret).toBeUndefined();
  const events = await stripe.events.list({ type: 'customer.*', limit: 3 });
  expect(events.data.length).toBe(3);
  expect(events.data.every((e) => e.type.startsWith('customer.'))).toBe(true);
  await stripe.webhookEndpoints.del(endpoint.id);
});
