import { booked } from '../../../src/suitescript/booking/flows/recordLookup';
import type {
  Booked,
  CustomerAddresses,
  InvoiceState,
  LinkTarget,
  NetSuiteBooks,
  SyncState,
} from '../../../src/suitescript/booking/ports';
import type { BookingSettings } from '../../../src/suitescript/settings';
import type { TransactionTarget } from '../../../src/suitescript/booking/metadataControl';
import type { StripeCreditNote } from '../../../src/suitescript/booking/stripeShapes';
import type { StripeReader } from '../../../src/suitescript/stripe/reader';

export const BOOKING: BookingSettings = {
  apiKeySecretName: 'custsecret_snc_stripe_api',
  subsidiary: 1,
  undepositedFundsAccount: 2,
  feeAccount: null,
  conversionFeeAccount: null,
  fxGainLossAccount: null,
  disputeFeeAccount: null,
  disputeReinstatementAccount: null,
  incomeAccount: 40,
  customerMode: 'per_customer',
  matchField: null,
  globalCustomer: null,
  itemMode: 'per_price',
  globalItem: null,
  taxItem: 77,
  taxMode: 'tax_item',
  taxCode: null,
  exemptTaxCode: null,
  shippingItem: null,
  revenueRecognitionRule: null,
  partialRefundItem: null,
  syncStart: null,
  chargeInvoices: false,
  voidHandling: 'void',
  uncollectibleHandling: 'credit_memo',
  outOfBandHandling: 'credit_memo',
  outOfBandAccount: null,
  cancelledSubscriptionHandling: 'keep_open',
  updateCustomers: false,
  updateItems: false,
  inventoryAssetAccount: null,
  cogsAccount: null,
  discountItem: null,
  orderBilling: 'bill_at_payment',
  writeBackIds: false,
  writeBackRate: 20,
};

export interface Created {
  kind: string;
  id: number;
  values: unknown;
}

/** NetSuite as a list of created records, keyed by external ID like the real one. */
export class FakeBooks implements NetSuiteBooks {
  readonly created: Created[] = [];
  readonly byExternalId = new Map<string, Booked>();
  readonly customersByEmail = new Map<string, number>();
  finds = 0;
  /** What N/cache would hold: only records that exist, as the real memory does. */
  readonly memory = new Map<string, Booked>();
  recalls = 0;
  private recalledKeys: string[] = [];
  private next = 100;
  /** Makes the next create of this external ID fail as if a concurrent run saved it first. */
  raceOn: string | null = null;

  find(externalIds: readonly string[]): Map<string, Booked> {
    this.finds++;
    const found = new Map<string, Booked>();
    for (const id of externalIds) {
      const booked = this.byExternalId.get(id.toUpperCase());
      if (booked) found.set(id, booked);
    }
    return found;
  }
  recall(key: string): Booked | null {
    this.recalls++;
    const booked = this.memory.get(key.toUpperCase()) ?? null;
    if (booked) this.recalledKeys.push(key);
    return booked;
  }
  remember(key: string, booked: Booked): void {
    this.memory.set(key.toUpperCase(), booked);
  }
  forgetRecalled(): void {
    for (const key of this.recalledKeys) this.memory.delete(key.toUpperCase());
    this.recalledKeys = [];
  }
  /** A record NetSuite already holds under this external ID (made before the test). */
  hold(
    externalId: string,
    id: number,
    recordType: string,
    fields: Partial<Omit<Booked, 'id' | 'recordType'>> = {},
  ): void {
    this.byExternalId.set(externalId.toUpperCase(), booked(id, recordType, fields));
  }
  findCustomerBy(_field: string, value: string): number | null {
    return this.customersByEmail.get(value) ?? null;
  }
  private add(kind: string, externalId: string, values: unknown, extra: Partial<Booked> = {}): number {
    if (this.byExternalId.has(externalId.toUpperCase())) throw Object.assign(new Error('dup'), { name: 'DUP_RCRD' });
    const id = extra.id ?? this.next++;
    this.byExternalId.set(externalId.toUpperCase(), booked(id, kind, extra));
    if (this.raceOn === externalId) {
      this.raceOn = null;
      throw Object.assign(new Error('dup'), { name: 'DUP_RCRD' });
    }
    this.created.push({ kind, id, values });
    return id;
  }
  createCustomer: NetSuiteBooks['createCustomer'] = (v) => this.add('customer', v.externalId, v);
  createItem: NetSuiteBooks['createItem'] = (v) => this.add(v.type, v.externalId, v);
  createInvoice: NetSuiteBooks['createInvoice'] = (v) =>
    this.add('invoice', v.externalId, v, {
      entity: v.customer,
      currency: v.currency,
      totalMinor: v.lines.reduce((s, l) => s + l.amountMinor, 0),
    });
  createInvoicePayment: NetSuiteBooks['createInvoicePayment'] = (invoice, v) => {
    const source = [...this.byExternalId.values()].find((b) => b.id === invoice);
    return this.add(
      'customerpayment',
      v.externalId,
      { invoice, ...v },
      {
        entity: v.customer,
        createdFrom: invoice,
        createdFromTotalMinor: source?.totalMinor ?? null,
        totalMinor: v.amountMinor,
      },
    );
  };
  createUnappliedPayment: NetSuiteBooks['createUnappliedPayment'] = (v) =>
    this.add('customerpayment', v.externalId, v, { entity: v.customer, totalMinor: v.amountMinor });
  createInvoiceCreditMemo: NetSuiteBooks['createInvoiceCreditMemo'] = (v) =>
    this.add('creditmemo', v.externalId, v, {
      entity: v.customer,
      currency: v.currency,
      totalMinor: v.lines.reduce((s, l) => s + l.amountMinor, 0),
    });
  createCreditMemo: NetSuiteBooks['createCreditMemo'] = (v) => this.add('creditmemo', v.externalId, v);
  createCustomerRefund: NetSuiteBooks['createCustomerRefund'] = (v) => this.add('customerrefund', v.externalId, v);
  /** Credit applied: memo ID → invoice ID → minor units. */
  readonly applications = new Map<number, Map<number, number>>();
  readonly deleted: number[] = [];
  createCreditNoteMemo: NetSuiteBooks['createCreditNoteMemo'] = (v) => {
    // NetSuite's total: amounts and, with tax per line, each line's tax1amt.
    const total = v.lines.reduce((s, l) => s + l.amountMinor + (l.taxMinor ?? 0), 0);
    const source = [...this.byExternalId.values()].find((b) => b.id === v.fromInvoice);
    const id = this.add('creditmemo', v.externalId, v, {
      createdFrom: v.fromInvoice,
      entity: source?.entity ?? null,
      totalMinor: total,
      currency: v.currency,
    });
    if (v.applyToInvoiceMinor > 0) this.applyCreditMemo(id, v.fromInvoice, v.applyToInvoiceMinor, v.currency);
    return id;
  };
  applyCreditMemo: NetSuiteBooks['applyCreditMemo'] = (memo, invoice, amount) => {
    const applied = this.applications.get(memo) ?? new Map<number, number>();
    applied.set(invoice, (applied.get(invoice) ?? 0) + amount);
    this.applications.set(memo, applied);
  };
  openCreditMemos: NetSuiteBooks['openCreditMemos'] = (customer, currency) =>
    [...this.byExternalId.values()]
      .filter((b) => b.recordType === 'creditmemo' && b.entity === customer && b.currency === currency)
      .filter((b) => !this.deleted.includes(b.id))
      .map((b) => {
        const applied = [...(this.applications.get(b.id)?.values() ?? [])].reduce((s, a) => s + a, 0);
        return { id: b.id, remainingMinor: (b.totalMinor ?? 0) - applied };
      })
      .filter((c) => c.remainingMinor > 0);
  deleteCreditMemo: NetSuiteBooks['deleteCreditMemo'] = (id) => {
    this.deleted.push(id);
    for (const [key, b] of this.byExternalId)
      if (b.id === id && b.recordType === 'creditmemo') this.byExternalId.delete(key);
  };
  link: NetSuiteBooks['link'] = (r) => {
    this.add('xref', `${r.stripeId}:${r.recordType}`, r, { id: r.id, recordType: r.recordType });
  };
  /** Records a metadata link may name, by internal ID; any other ID is not in NetSuite. */
  readonly targets = new Map<number, LinkTarget>();
  linkTargets = 0;
  linkTarget: NetSuiteBooks['linkTarget'] = (kind, id) => {
    this.linkTargets++;
    const target = this.targets.get(id) ?? null;
    // Customers and items are separate tables: an item's ID is no customer's.
    if (target === null || (kind === 'customer') !== (target.type === 'customer')) return null;
    return target;
  };

  /** The subsidiary's base currency as NetSuite would name it. */
  base: string | null = 'usd';
  readonly customerCurrencies: [number, string][] = [];
  baseCurrency: NetSuiteBooks['baseCurrency'] = () => this.base;
  ensureCustomerCurrency: NetSuiteBooks['ensureCustomerCurrency'] = (customer, currency) => {
    this.customerCurrencies.push([customer, currency]);
  };

  /** Invoices' state as NetSuite would report it: what each closing record applied, and voids. */
  readonly applied = new Map<number, number>();
  readonly voided = new Set<number>();
  /** The error the next void throws (a refusal), when set. */
  voidRefusal: string | null = null;
  private invoiceById(id: number): Booked | undefined {
    return [...this.byExternalId.values()].find((b) => b.id === id && b.recordType === 'invoice');
  }
  private applyTo(invoice: number, amountMinor: number): void {
    this.applied.set(invoice, (this.applied.get(invoice) ?? 0) + amountMinor);
  }
  invoiceState: NetSuiteBooks['invoiceState'] = (id) => {
    const invoice = this.invoiceById(id);
    if (!invoice) return null;
    const total = this.voided.has(id) ? 0 : (invoice.totalMinor ?? 0);
    const paid = this.created
      .filter((c) => c.kind === 'customerpayment' && (c.values as { invoice?: number }).invoice === id)
      .reduce((s, c) => s + (c.values as { amountMinor: number }).amountMinor, 0);
    const state: InvoiceState = {
      voided: this.voided.has(id),
      totalMinor: total,
      openMinor: total - paid - (this.applied.get(id) ?? 0),
      currency: invoice.currency ?? 'usd',
    };
    return state;
  };
  voidInvoice: NetSuiteBooks['voidInvoice'] = (id) => {
    if (this.voidRefusal !== null) throw Object.assign(new Error('refused'), { name: this.voidRefusal });
    this.voided.add(id);
  };
  createClosingCreditMemo: NetSuiteBooks['createClosingCreditMemo'] = (v) => {
    const id = this.add('creditmemo', v.externalId, v, { createdFrom: v.invoice, totalMinor: v.amountMinor });
    this.applyTo(v.invoice, v.amountMinor);
    return id;
  };
  deleteTransaction: NetSuiteBooks['deleteTransaction'] = (_type, id) => {
    for (const [key, booked] of this.byExternalId) if (booked.id === id) this.byExternalId.delete(key);
    const made = this.created.find((c) => c.id === id);
    const values = made?.values as { invoice?: number; amountMinor?: number } | undefined;
    if (values?.invoice !== undefined) this.applyTo(values.invoice, -(values.amountMinor ?? 0));
    this.deleted.push(id);
  };
  createInvoicePaymentToAccount: NetSuiteBooks['createInvoicePaymentToAccount'] = (invoice, v, account) =>
    this.add('customerpayment', v.externalId, { invoice, account, ...v }, { entity: v.customer, createdFrom: invoice });

  // Legacy Stripe orders (flows/orders.ts).
  /** Sales orders closed, in order. */
  readonly closed: number[] = [];
  /** Bills as NetSuite may: the order's customer deposits applied when the invoice is made from it. */
  autoApplyDeposits = false;
  private byId(id: number): Booked | undefined {
    return [...this.byExternalId.values()].find((b) => b.id === id);
  }
  createSalesOrder: NetSuiteBooks['createSalesOrder'] = (v) =>
    this.add('salesorder', v.externalId, v, {
      entity: v.customer,
      currency: v.currency,
      totalMinor: v.lines.reduce((s, l) => s + l.amountMinor, 0),
    });
  createCustomerDeposit: NetSuiteBooks['createCustomerDeposit'] = (v) =>
    this.add('customerdeposit', v.externalId, v, {
      entity: v.customer,
      createdFrom: v.salesOrder,
      totalMinor: v.amountMinor,
      currency: v.currency,
    });
  billSalesOrder: NetSuiteBooks['billSalesOrder'] = (v) => {
    const order = this.byId(v.salesOrder);
    const id = this.add('invoice', v.externalId, v, {
      createdFrom: v.salesOrder,
      entity: order?.entity ?? null,
      currency: order?.currency ?? null,
      totalMinor: order?.totalMinor ?? null,
    });
    if (this.autoApplyDeposits)
      for (const deposit of this.byExternalId.values())
        if (deposit.recordType === 'customerdeposit' && deposit.createdFrom === v.salesOrder)
          this.applyTo(id, deposit.totalMinor ?? 0);
    return { id, totalMinor: order?.totalMinor ?? 0, openMinor: this.invoiceState(id)?.openMinor ?? 0 };
  };
  applyCustomerDeposit: NetSuiteBooks['applyCustomerDeposit'] = (v) => {
    const id = this.add('depositapplication', v.externalId, v);
    this.applyTo(v.invoice, v.amountMinor);
    return id;
  };
  closeSalesOrder: NetSuiteBooks['closeSalesOrder'] = (id) => {
    this.closed.push(id);
  };

  kinds(): string[] {
    return this.created.map((c) => c.kind);
  }

  // The optional updates: record field values and sync states as NetSuite would hold them.
  /** Body fields by `<record type>:<id>`, as lookupFields gives them (text, `T`/`F`). */
  readonly fieldValues = new Map<string, Record<string, string | null>>();
  /** Default addresses by customer ID. */
  readonly addresses = new Map<number, CustomerAddresses>();
  /** Sync states by Stripe ID. */
  readonly syncs = new Map<string, SyncState>();
  readonly submitted: { recordType: string; id: number; values: Record<string, string | null> }[] = [];
  editedCustomers = 0;
  syncStates: NetSuiteBooks['syncStates'] = (ids) =>
    new Map(ids.flatMap((id) => (this.syncs.has(id) ? [[id, this.syncs.get(id) as SyncState] as const] : [])));
  saveSyncState: NetSuiteBooks['saveSyncState'] = (record, state, values) => {
    this.syncs.set(record.stripeId, { id: state?.id ?? this.next++, values: { ...values } });
  };
  currentValues: NetSuiteBooks['currentValues'] = (type, id, fields) => {
    const held = this.fieldValues.get(`${type}:${id}`) ?? {};
    return Object.fromEntries(fields.map((field) => [field, held[field] ?? null]));
  };
  submitValues: NetSuiteBooks['submitValues'] = (type, id, values) => {
    this.submitted.push({ recordType: type, id, values: { ...values } });
    this.fieldValues.set(`${type}:${id}`, { ...(this.fieldValues.get(`${type}:${id}`) ?? {}), ...values });
  };
  editCustomer: NetSuiteBooks['editCustomer'] = (id, body, edit) => {
    this.editedCustomers++;
    if (Object.keys(body).length > 0) this.submitValues('customer', id, body);
    const current = this.addresses.get(id) ?? { billing: null, shipping: null };
    const wanted = edit(current);
    this.addresses.set(id, {
      billing: wanted.billing ?? current.billing,
      shipping: wanted.shipping ?? current.shipping,
    });
  };

  // Metadata links of charges and refunds (booking/metadataControl.ts): transactions made by hand, by ID.
  readonly transactions = new Map<number, TransactionTarget>();
  transactionTarget: NetSuiteBooks['transactionTarget'] = (id) => this.transactions.get(id) ?? null;
}

/** Stripe answers from a table of paths; any other call fails the test. */
export function fakeStripe(
  objects: Record<string, unknown>,
  lists: Record<string, unknown[]> = {},
): StripeReader & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    retrieve<T>(path: string): T {
      calls.push(`GET ${path}`);
      if (!(path in objects)) throw new Error(`unexpected Stripe call GET ${path}`);
      return objects[path] as T;
    },
    list<T>(path: string, params: Readonly<Record<string, string | number | readonly string[]>> = {}): T[] {
      const key = `${path}?${Object.entries(params)
        .filter(([k]) => k !== 'limit' && k !== 'expand')
        .map(([k, v]) => `${k}=${String(v)}`)
        .join('&')}`;
      calls.push(`LIST ${key}`);
      if (!(key in lists)) throw new Error(`unexpected Stripe call LIST ${key}`);
      return lists[key] as T[];
    },
  };
}

export const noStripe = fakeStripe({});

/** A 10% taxed line of 20.00 of invoice in_1 (line il_1) credited before payment: 22.00. */
export const TAXED_CREDIT_NOTE: StripeCreditNote = {
  id: 'cn_1',
  object: 'credit_note',
  status: 'issued',
  currency: 'usd',
  customer: 'cus_A',
  invoice: 'in_1',
  number: 'INV-1-CN-01',
  created: 1_790_000_000,
  total: 2200,
  pre_payment_amount: 2200,
  post_payment_amount: 0,
  lines: {
    data: [
      {
        id: 'cnli_1',
        type: 'invoice_line_item',
        invoice_line_item: 'il_1',
        amount: 2000,
        taxes: [{ amount: 200, tax_behavior: 'exclusive' }],
      },
    ],
  },
};
