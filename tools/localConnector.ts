import { generateKeyPairSync } from 'node:crypto';
import Stripe from 'stripe';
import type * as NRecord from 'N/record';
import { NetSuiteEmulator } from '../emulator/src/emulator';
import type { HttpRequest } from '../emulator/src/context';
import type { HttpFront } from '../emulator/src/http/server';
import { loadConfig, startRelayServer, type RelayServer } from 'stripe-netsuite-relay';
import { StripeSandbox, type StripeSandboxOptions } from '../stripe-sandbox/src/sandbox';
import { readableStatuses } from './connectorStatuses';
import { settingsValues } from './settingsModes';

export const WEBHOOK_SECRET = 'whsec_local_tests_only';
export const STRIPE_ACCOUNT = 'acct_1SandboxLocal000000';
export const START = new Date('2026-11-02T09:00:00Z');

export const WEBHOOK_RESTLET = { scriptId: 'customscript_snc_webhook_rl', deploymentId: 'customdeploy_snc_webhook_rl' };
export const QUEUE_MR = {
  scriptId: 'customscript_snc_event_queue_mr',
  deploymentId: 'customdeploy_snc_event_queue_now',
};

/** The on-demand run that creates or refreshes the shipped saved searches (src/suitescript/searches/). */
export const SAVED_SEARCHES_SS = {
  scriptId: 'customscript_snc_searches_ss',
  deploymentId: 'customdeploy_snc_searches_now',
  type: 'ON_DEMAND',
} as const;

/** What an admin does after a deploy: runs the saved-search installer (Save and Execute on its deployment). */
export function installSavedSearches(ns: NetSuiteEmulator): void {
  const run = ns.scheduled(SAVED_SEARCHES_SS);
  if (run.status !== 'COMPLETE') throw new Error(`saved-search installer failed: ${JSON.stringify(run.error)}`);
}

export interface ConnectorAccount {
  ns: NetSuiteEmulator;
  settingsId: number;
}

/**
 * Local stand-ins wired as in production: the built connector installed in an emulated NetSuite account,
 * a Stripe sandbox, and the relay between them. Used by the integration tests, benchmarks and the demo.
 */

/**
 * The built connector installed in an emulated account: the webhook secret as an API Secret, one settings
 * record, and the webhook deployments pointed at it (what an admin does after deploying).
 */
export async function installConnector(settings: Partial<Record<string, unknown>> = {}): Promise<ConnectorAccount> {
  const ns = await NetSuiteEmulator.create({
    projectDir: 'src',
    now: START,
    secrets: { custsecret_snc_stripe_webhook: WEBHOOK_SECRET },
  });
  const record = ns.testModules().modules['N/record'] as typeof NRecord;
  const sender = record.create({ type: 'employee' });
  sender.setValue({ fieldId: 'firstname', value: 'Finance' });
  sender.setValue({ fieldId: 'lastname', value: 'Admin' });
  sender.setValue({ fieldId: 'email', value: 'finance-admin@example.invalid' });
  sender.setValue({ fieldId: 'subsidiary', value: ns.base.subsidiary });
  const notifyAuthor = sender.save();
  const created = record.create({ type: 'customrecord_snc_settings' });
  const values: Record<string, unknown> = {
    name: 'Stripe test account',
    custrecord_snc_set_account: STRIPE_ACCOUNT,
    custrecord_snc_set_livemode: false,
    custrecord_snc_set_mode: 'high_volume',
    custrecord_snc_set_whsec: 'custsecret_snc_stripe_webhook',
    custrecord_snc_set_max_attempts: 3,
    custrecord_snc_set_notify_email: 'finance-admin@example.invalid',
    custrecord_snc_set_notify_author: notifyAuthor,
    ...settings,
  };
  for (const [fieldId, value] of Object.entries(settingsValues(ns, values)))
    created.setValue({ fieldId, value: value as NRecord.FieldValue });
  const settingsId = created.save();
  ns.setDeploymentParameter(
    WEBHOOK_RESTLET.scriptId,
    WEBHOOK_RESTLET.deploymentId,
    'custscript_snc_webhook_settings',
    settingsId,
  );
  return { ns, settingsId };
}

let sequence = 0;

/** A Stripe event as Stripe would send it, and its signature at the emulator's current time. */
export function stripeEvent(
  ns: NetSuiteEmulator,
  type: string,
  object: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): { event: Record<string, unknown>; payload: string; signature: string } {
  const now = Math.floor(ns.now().getTime() / 1000);
  const event = {
    id: `evt_test_${++sequence}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: now,
    livemode: false,
    type,
    data: { object },
    ...extra,
  };
  const payload = JSON.stringify(event);
  const signature = new Stripe('sk_test_x').webhooks.generateTestHeaderString({
    payload,
    secret: WEBHOOK_SECRET,
    timestamp: now,
  });
  return { event, payload, signature };
}

export function envelope(delivery: { payload: string; signature: string }): string {
  return JSON.stringify({ v: 1, signature: delivery.signature, payload: delivery.payload });
}

/** Queue records as SuiteQL sees them, oldest first. */
export function queue(ns: NetSuiteEmulator): Record<string, unknown>[] {
  const rows = ns.sql.query(
    `SELECT name AS event, custrecord_snc_evt_type AS type, custrecord_snc_evt_object AS object, custrecord_snc_evt_status AS status,
            custrecord_snc_evt_attempts AS attempts, custrecord_snc_evt_next_attempt AS next, custrecord_snc_evt_error AS error,
            custrecord_snc_evt_note AS note
     FROM customrecord_snc_event ORDER BY id`,
    [],
  ).rows;
  return readableStatuses(ns, rows, 'event');
}

/** The relay's roles (src/Objects): store-only for high-volume mode, with booking permissions for realtime. */
export const RELAY_ROLE = { highVolume: 'customrole_snc_relay', realtime: 'customrole_snc_relay_realtime' } as const;

export interface IngressPipeline extends ConnectorAccount {
  stripe: StripeSandbox;
  relay: RelayServer;
  front: HttpFront;
  close(): Promise<void>;
}

/**
 * Stripe sandbox → relay → the webhook RESTlet over HTTP with token-based auth in the emulator. The
 * endpoint's signing secret goes to the relay and, as an API Secret, to NetSuite.
 */
export async function startIngressPipeline(
  settings: Partial<Record<string, unknown>> = {},
  sandbox: StripeSandboxOptions = {},
  relayRoleOverride?: string,
): Promise<IngressPipeline> {
  const account = await installConnector(settings);
  const { ns } = account;
  // The relay's employee is not the scripts' owner; its role is the one README's set-up gives it for the mode.
  const relayRole =
    relayRoleOverride ??
    (settings['custrecord_snc_set_mode'] === 'realtime' ? RELAY_ROLE.realtime : RELAY_ROLE.highVolume);
  const relayUser = { ...ns.services.user, id: 8, name: 'Stripe Relay', role: relayRole, roleId: relayRole };
  // The relay logs in as README's set-up says: OAuth 2.0 client credentials with a certificate made here
  // for this run only (no real key); token-based auth stays available on the front for tests that sign TBA.
  const certificate = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const front = await ns.startHttp({
    integrations: [{ consumerKey: 'ck_relay', consumerSecret: 'cs_relay' }],
    tokens: [{ tokenId: 'tk_relay', tokenSecret: 'ts_relay', consumerKey: 'ck_relay', user: relayUser }],
    m2m: [
      {
        clientId: 'client_relay',
        certificateId: 'cert_relay',
        publicKey: certificate.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        user: relayUser,
      },
    ],
    now: () => ns.now(),
  });
  const stripe = new StripeSandbox({ seed: 5, now: Math.floor(START.getTime() / 1000), ...sandbox });
  const { endpoint, secret } = stripe.createWebhookEndpoint('http://127.0.0.1:9/not-yet');
  ns.services.secrets.set('custsecret_snc_stripe_webhook', secret);
  const relay = await startRelayServer(
    loadConfig({
      RELAY_PORT: '0',
      STRIPE_WEBHOOK_SECRETS: secret,
      NETSUITE_ACCOUNT_ID: ns.services.options.accountId,
      NETSUITE_RESTLET_URL: front.restletUrl(WEBHOOK_RESTLET.scriptId, WEBHOOK_RESTLET.deploymentId),
      NETSUITE_AUTH: 'oauth2',
      NETSUITE_CLIENT_ID: 'client_relay',
      NETSUITE_CERTIFICATE_ID: 'cert_relay',
      NETSUITE_JWT_ALGORITHM: 'ES256',
      NETSUITE_PRIVATE_KEY: certificate.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      NETSUITE_TOKEN_URL: front.tokenUrl,
    }),
    { now: () => ns.now().getTime(), log: () => undefined },
  );
  const moved = stripe.request('POST', `/v1/webhook_endpoints/${endpoint.id}`, { url: relay.webhookUrl });
  if (moved.status !== 200)
    throw new Error(`Could not point the webhook endpoint at the relay: ${JSON.stringify(moved.body)}`);
  return {
    ...account,
    stripe,
    relay,
    front,
    close: async () => {
      await stripe.close();
      await relay.close();
      await front.close();
    },
  };
}

export const STRIPE_API_KEY_SECRET = 'custsecret_snc_stripe_key';
export const STRIPE_API_ORIGIN = 'https://api.stripe.com';

/**
 * Answers the connector's N/https calls to Stripe's real origin from the sandbox, in-process: N/https is
 * synchronous, and the sandbox's request layer is too.
 */
export function serveStripeInProcess(
  ns: NetSuiteEmulator,
  stripe: StripeSandbox,
  onRequest?: (request: HttpRequest) => void,
): void {
  ns.services.httpHandlers.set(STRIPE_API_ORIGIN, (request) => {
    onRequest?.(request);
    const url = new URL(request.url);
    const response = stripe.handle({
      method: request.method,
      path: url.pathname + url.search,
      headers: request.headers,
      body: request.body,
    });
    return { code: response.status, headers: response.headers, body: response.body };
  });
}

export interface BookingSetup {
  subsidiary: number;
  undepositedFunds: number;
  stripeFees: number;
  income: number;
  taxPayable: number;
  taxItem: number;
  /** Bank account internal ID by payout currency (lower-case ISO code). */
  banks: Record<string, number>;
}

/**
 * What an admin sets up for booking after deploying: the Stripe API key as an API Secret, a bank account
 * per payout currency, income, fee and tax accounts, a tax item, and the settings pointing at them. The
 * sandbox answers the connector's N/https calls to Stripe's real origin in-process.
 */
export function installBooking(pipeline: IngressPipeline, payoutCurrencies?: readonly string[]): BookingSetup {
  const { ns, stripe, settingsId } = pipeline;
  ns.services.secrets.set(STRIPE_API_KEY_SECRET, stripe.secretKey);
  serveStripeInProcess(ns, stripe);
  const record = ns.testModules().modules['N/record'] as typeof NRecord;
  const save = (type: string, values: Record<string, NRecord.FieldValue>): number => {
    const created = record.create({ type });
    for (const [fieldId, value] of Object.entries(values)) created.setValue({ fieldId, value });
    return created.save();
  };
  const subsidiary = Number(ns.base.subsidiary);
  const account = (acctnumber: string, acctname: string, accttype: string, currency?: string): number =>
    save('account', {
      acctnumber,
      acctname,
      accttype,
      subsidiary: [String(subsidiary)],
      ...(currency ? { currency } : {}),
    });
  const banks: Record<string, number> = {};
  const currencies = payoutCurrencies ?? stripe.account.settings.settlementCurrencies;
  currencies.forEach((code, index) => {
    const currency = ns.base.currencies[code.toUpperCase()];
    if (!currency) throw new Error(`The emulated account has no currency ${code.toUpperCase()}`);
    banks[code.toLowerCase()] = account(
      String(1010 + index * 10),
      `Operating Bank ${code.toUpperCase()}`,
      'Bank',
      currency,
    );
  });
  const income = account('4000', 'Subscription Revenue', 'Income');
  const stripeFees = account('6150', 'Stripe Fees', 'Expense');
  const taxPayable = account('2200', 'Sales Tax Payable', 'OthCurrLiab');
  const taxItem = save('serviceitem', {
    itemid: 'Sales Tax',
    displayname: 'Sales tax collected by Stripe',
    incomeaccount: String(taxPayable),
    subsidiary: [String(subsidiary)],
  });
  const undepositedFunds = Number(ns.base.accounts.undepositedFunds);
  record.submitFields({
    type: 'customrecord_snc_settings',
    id: settingsId,
    values: {
      custrecord_snc_set_api_key: STRIPE_API_KEY_SECRET,
      custrecord_snc_set_subsidiary: String(subsidiary),
      custrecord_snc_set_undep_account: String(undepositedFunds),
      custrecord_snc_set_fee_account: String(stripeFees),
      custrecord_snc_set_income_account: String(income),
      custrecord_snc_set_tax_item: String(taxItem),
      // What Stripe settled beyond or below NetSuite's converted amounts is a realized exchange result.
      custrecord_snc_set_fx_account: String(ns.base.accounts.realizedGainLoss),
    },
  });
  for (const [currency, bank] of Object.entries(banks)) {
    save('customrecord_snc_bank', {
      custrecord_snc_bank_settings: String(settingsId),
      custrecord_snc_bank_currency: currency.toUpperCase(),
      custrecord_snc_bank_account: String(bank),
    });
  }
  return { subsidiary, undepositedFunds, stripeFees, income, taxPayable, taxItem, banks };
}
