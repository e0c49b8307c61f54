/** A small account for the SuiteQL and search tests: its own record types, so it does not wait for records/. */
import type { EmulatorServices, ModuleContext } from '../src/context';
import { Invocation } from '../src/governance';
import { type FieldDef, type FieldType, type RecordTypeDef, SchemaRegistry } from '../src/schema';
import { Store } from '../src/store';
import { SuiteQLEngine } from '../src/suiteql';

function fields(spec: Record<string, FieldType | [FieldType, string]>): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {};
  for (const [id, type] of Object.entries(spec)) {
    out[id] = Array.isArray(type) ? { id, type: type[0], selectType: type[1] } : { id, type };
  }
  return out;
}

const itemSublist = {
  id: 'item',
  fields: fields({
    item: ['select', 'item'],
    quantity: 'float',
    rate: 'currency',
    amount: 'currency',
    description: 'text',
  }),
};

export const TEST_TYPES: RecordTypeDef[] = [
  {
    type: 'invoice',
    kind: 'transaction',
    label: 'Invoice',
    transactionCode: 'CustInvc',
    fields: fields({
      tranid: 'text',
      entity: ['select', 'customer'],
      trandate: 'date',
      currency: ['select', 'currency'],
      exchangerate: 'float',
      memo: 'text',
      total: 'currency',
      amountremaining: 'currency',
      status: 'text',
      custbody_snc_stripe_id: 'text',
    }),
    sublists: { item: itemSublist },
  },
  {
    type: 'creditmemo',
    kind: 'transaction',
    label: 'Credit Memo',
    transactionCode: 'CustCred',
    fields: fields({
      tranid: 'text',
      entity: ['select', 'customer'],
      trandate: 'date',
      currency: ['select', 'currency'],
      memo: 'text',
      total: 'currency',
    }),
    sublists: { item: itemSublist },
  },
  {
    type: 'customerpayment',
    kind: 'transaction',
    label: 'Payment',
    transactionCode: 'CustPymt',
    fields: fields({
      tranid: 'text',
      customer: ['select', 'customer'],
      trandate: 'date',
      currency: ['select', 'currency'],
      memo: 'text',
      payment: 'currency',
      undepfunds: 'checkbox',
    }),
    sublists: {
      apply: {
        id: 'apply',
        systemFilled: true,
        fields: fields({ apply: 'checkbox', doc: ['select', 'transaction'], amount: 'currency' }),
      },
    },
  },
  {
    type: 'customer',
    kind: 'entity',
    label: 'Customer',
    fields: fields({
      entityid: 'text',
      companyname: 'text',
      email: 'email',
      isinactive: 'checkbox',
      currency: ['select', 'currency'],
    }),
    sublists: {},
  },
  {
    type: 'serviceitem',
    kind: 'item',
    label: 'Service Item',
    fields: fields({ itemid: 'text', displayname: 'text', rate: 'currency' }),
    sublists: {},
  },
  {
    type: 'discountitem',
    kind: 'item',
    label: 'Discount Item',
    fields: fields({ itemid: 'text', rate: 'currency' }),
    sublists: {},
  },
  {
    type: 'currency',
    kind: 'other',
    label: 'Currency',
    fields: fields({ name: 'text', symbol: 'text' }),
    sublists: {},
  },
  {
    type: 'account',
    kind: 'other',
    label: 'Account',
    fields: fields({ acctname: 'text', acctnumber: 'text' }),
    sublists: {},
  },
  {
    type: 'customrecord_snc_event',
    kind: 'custom',
    label: 'Stripe Event',
    fields: fields({
      name: 'text',
      custrecord_snc_event_id: 'text',
      custrecord_snc_status: 'text',
      custrecord_snc_processed: 'checkbox',
      custrecord_snc_received: 'datetime',
      custrecord_snc_customer: ['select', 'customer'],
      custrecord_snc_amount: 'currency',
      custrecord_snc_tags: ['multiselect', 'customer'],
    }),
    sublists: {},
  },
];

export interface Account {
  store: Store;
  engine: SuiteQLEngine;
  ids: {
    usd: number;
    eur: number;
    acme: number;
    globex: number;
    inactive: number;
    service: number;
    discount: number;
    inv1: number;
    inv2: number;
    memo1: number;
    pay1: number;
    ev1: number;
    ev2: number;
    ev3: number;
    ar: number;
    revenue: number;
  };
}

const date = (y: number, m: number, d: number): Date => new Date(y, m - 1, d);

/** Fills a store with a few customers, items, transactions, GL lines and custom records. */
export async function makeAccount(
  now: () => Date = () => new Date(2024, 5, 15, 12, 0, 0),
  dateFormat?: string,
): Promise<Account> {
  const store = new Store(new SchemaRegistry(TEST_TYPES));
  const engine = await SuiteQLEngine.create(store, { now, ...(dateFormat ? { dateFormat: () => dateFormat } : {}) });
  const insert = (type: string, f: Record<string, unknown>, sublists: Record<string, Record<string, unknown>[]> = {}) =>
    store.insert(type, {
      fields: f as Record<string, never>,
      sublists: sublists as Record<string, Record<string, never>[]>,
    });
  const usd = insert('currency', { name: 'US Dollar', symbol: 'USD' });
  const eur = insert('currency', { name: 'Euro', symbol: 'EUR' });
  const ar = insert('account', { acctname: 'Accounts Receivable', acctnumber: '1200' });
  const revenue = insert('account', { acctname: 'Revenue', acctnumber: '4000' });
  const acme = insert('customer', {
    entityid: 'CUST1 Acme',
    companyname: 'Acme Inc',
    email: 'billing@acme.test',
    isinactive: false,
    currency: String(usd),
    externalid: 'cus_ACME',
  });
  const globex = insert('customer', {
    entityid: 'CUST2 Globex',
    companyname: 'Globex',
    email: null,
    isinactive: false,
    currency: String(eur),
    externalid: 'cus_GLOBEX',
  });
  const inactive = insert('customer', { entityid: 'CUST3 Old', companyname: 'Old Co', isinactive: true });
  const service = insert('serviceitem', { itemid: 'price_basic', displayname: 'Basic plan', rate: 10 });
  const discount = insert('discountitem', { itemid: 'coupon_10', rate: -10 });
  const inv1 = insert(
    'invoice',
    {
      tranid: 'INV1',
      entity: String(acme),
      trandate: date(2024, 1, 15),
      currency: String(usd),
      exchangerate: 1,
      memo: 'Stripe: in_1',
      total: 30,
      amountremaining: 30,
      status: 'Open',
      externalid: 'in_1',
      custbody_snc_stripe_id: 'in_1',
    },
    {
      item: [
        { item: String(service), quantity: 2, rate: 10, amount: 20, description: 'Basic plan x2' },
        { item: String(service), quantity: 1, rate: 10, amount: 10, description: 'Basic plan' },
      ],
    },
  );
  const inv2 = insert(
    'invoice',
    {
      tranid: 'INV2',
      entity: String(globex),
      trandate: date(2024, 2, 29),
      currency: String(eur),
      exchangerate: 1.1,
      memo: 'Stripe: in_2',
      total: 100,
      amountremaining: 0,
      status: 'Paid In Full',
      externalid: 'in_2',
    },
    { item: [{ item: String(service), quantity: 10, rate: 10, amount: 100 }] },
  );
  const memo1 = insert(
    'creditmemo',
    {
      tranid: 'CM1',
      entity: String(acme),
      trandate: date(2024, 3, 1),
      currency: String(usd),
      memo: 'Stripe: re_1',
      total: 10,
      externalid: 'ns_memo:re_1',
    },
    { item: [{ item: String(service), quantity: 1, rate: 10, amount: 10 }] },
  );
  const pay1 = insert(
    'customerpayment',
    {
      tranid: 'PYMT1',
      customer: String(globex),
      trandate: date(2024, 3, 2),
      currency: String(eur),
      memo: 'Stripe: ch_1',
      payment: 100,
      undepfunds: true,
      externalid: 'ch_1',
    },
    { apply: [{ apply: true, doc: String(inv2), amount: 100 }] },
  );
  store.setGlLines(inv2, [
    gl(inv2, 0, String(ar), String(eur), 10000, 0, String(globex)),
    gl(inv2, 1, String(revenue), String(eur), 0, 10000, String(globex)),
  ]);
  store.setGlLines(inv1, [
    gl(inv1, 0, String(ar), String(usd), 3000, 0, String(acme)),
    gl(inv1, 1, String(revenue), String(usd), 0, 3000, String(acme)),
  ]);
  const ev1 = insert('customrecord_snc_event', {
    name: 'evt_1',
    custrecord_snc_event_id: 'evt_1',
    custrecord_snc_status: 'pending',
    custrecord_snc_processed: false,
    custrecord_snc_received: new Date(2024, 5, 1, 9, 30, 5),
    custrecord_snc_customer: String(acme),
    custrecord_snc_amount: 12.5,
    custrecord_snc_tags: [String(acme), String(globex)],
    externalid: 'evt_1',
  });
  const ev2 = insert('customrecord_snc_event', {
    name: 'evt_2',
    custrecord_snc_event_id: 'evt_2',
    custrecord_snc_status: 'done',
    custrecord_snc_processed: true,
    custrecord_snc_received: new Date(2024, 5, 2, 18, 0, 0),
    custrecord_snc_customer: String(globex),
    custrecord_snc_amount: 7,
    externalid: 'evt_2',
  });
  const ev3 = insert('customrecord_snc_event', {
    name: 'EVT_3',
    custrecord_snc_event_id: 'evt_3',
    custrecord_snc_status: 'pending',
    custrecord_snc_processed: false,
    custrecord_snc_customer: null,
    externalid: 'evt_3',
    isinactive: true,
  });
  return {
    store,
    engine,
    ids: { usd, eur, acme, globex, inactive, service, discount, inv1, inv2, memo1, pay1, ev1, ev2, ev3, ar, revenue },
  };
}

function gl(
  transactionId: number,
  line: number,
  account: string,
  currency: string,
  debit: number,
  credit: number,
  entity: string,
) {
  return { transactionId, transactionType: 'invoice', line, account, currency, debit, credit, entity, memo: null };
}

/** A module context by hand: the services a search/query module needs, and a fresh governance meter. */
export function makeContext(account: Account, limit = 1000): ModuleContext {
  const services: EmulatorServices = {
    options: { accountId: 'TSTDRV1', strictFields: true, concurrencyLimit: 5, shuffleSeed: null },
    store: account.store,
    secrets: new Map(),
    logs: [],
    emails: [],
    caches: new Map(),
    httpHandlers: new Map(),
    sql: account.engine,
    user: { id: 1, name: 'Admin', email: 'admin@test', role: 'administrator', roleId: '3', subsidiary: 1 },
    now: () => new Date(2024, 5, 15, 12, 0, 0),
  };
  return {
    services,
    invocation: new Invocation('test', limit),
    script: { scriptId: 'customscript_test', deploymentId: 'customdeploy_test', params: {}, logLevel: 'DEBUG' },
  };
}
