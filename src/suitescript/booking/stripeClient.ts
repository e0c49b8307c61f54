import type { StripeReader } from '../stripe/reader';
import type {
  StripeBalanceTransaction,
  StripeCharge,
  StripeCoupon,
  StripeCreditNote,
  StripeCreditNoteLine,
  StripeCustomer,
  StripeInvoice,
  StripeInvoiceLine,
  StripeInvoicePayment,
  StripeLegacyProduct,
  StripeOrder,
  StripePayout,
  StripePrice,
  StripeProduct,
  StripeRefund,
  StripeSku,
} from './stripeShapes';

/** `expand` as stripe-node takes it. */
export interface ExpandParams {
  expand?: readonly string[];
}

type ListParams = Readonly<Record<string, string | number | readonly string[]>>;

/**
 * The Stripe reads the flows make, in stripe-node's manner (`stripe.invoices.retrieve(id)`), over the
 * StripeReader port. Every ID is URL-encoded into its path, so an ID can never address another resource.
 */
export interface StripeClient {
  customers: { retrieve(id: string): StripeCustomer };
  products: { retrieve(id: string): StripeProduct & StripeLegacyProduct };
  prices: {
    retrieve(id: string, params?: ExpandParams): StripePrice;
    /** `GET /v1/prices` with its filters (`product`), every page. */
    list(params: ListParams): StripePrice[];
  };
  coupons: { retrieve(id: string): StripeCoupon };
  invoices: {
    retrieve(id: string, params?: ExpandParams): StripeInvoice;
    listLineItems(id: string, params?: ListParams): StripeInvoiceLine[];
    /** `GET /v1/invoices` with its filters (`subscription`, `status` …). */
    list(params: ListParams): StripeInvoice[];
  };
  invoicePayments: { list<T extends StripeInvoicePayment = StripeInvoicePayment>(params: ListParams): T[] };
  paymentIntents: { retrieve(id: string): { id: string; latest_charge?: string | { id: string } | null } };
  charges: { retrieve(id: string, params?: ExpandParams): StripeCharge };
  refunds: { retrieve(id: string): StripeRefund; list(params: { charge: string; limit?: number }): StripeRefund[] };
  balanceTransactions: {
    retrieve(id: string): StripeBalanceTransaction;
    /** A payout's balance transactions (`payout`), up to `maxItems` across pages. */
    list<T extends StripeBalanceTransaction = StripeBalanceTransaction>(
      params: ListParams,
      options?: { maxItems?: number },
    ): T[];
  };
  payouts: { retrieve(id: string): StripePayout };
  creditNotes: {
    retrieve(id: string): StripeCreditNote;
    /** `/v1/credit_notes?customer=…&created[gte]=…` (one page of 100: a customer's recent notes). */
    list(params: ListParams): StripeCreditNote[];
    listLineItems(id: string): StripeCreditNoteLine[];
  };
  /** Legacy Orders API: `GET /v1/skus/:id`, `GET /v1/skus` with its filters (`product`, every page), `GET /v1/orders/:id`. */
  skus: { retrieve(id: string, params?: ExpandParams): StripeSku; list(params: ListParams): StripeSku[] };
  orders: { retrieve(id: string, params?: ExpandParams): StripeOrder };
}

export function stripeClient(reader: StripeReader): StripeClient {
  const path = (resource: string, id: string): string => `/v1/${resource}/${encodeURIComponent(id)}`;
  const retrieve =
    <T>(resource: string) =>
    (id: string, params?: ExpandParams): T =>
      params?.expand
        ? reader.retrieve<T>(path(resource, id), { expand: params.expand })
        : reader.retrieve<T>(path(resource, id));
  return {
    customers: { retrieve: retrieve<StripeCustomer>('customers') },
    products: { retrieve: retrieve<StripeProduct & StripeLegacyProduct>('products') },
    prices: {
      retrieve: retrieve<StripePrice>('prices'),
      list: (params) => reader.list<StripePrice>('/v1/prices', { limit: 100, ...params }),
    },
    coupons: { retrieve: retrieve<StripeCoupon>('coupons') },
    invoices: {
      retrieve: retrieve<StripeInvoice>('invoices'),
      listLineItems: (id, params = { limit: 100 }) =>
        reader.list<StripeInvoiceLine>(`${path('invoices', id)}/lines`, params),
      list: (params) => reader.list<StripeInvoice>('/v1/invoices', { limit: 100, ...params }),
    },
    invoicePayments: {
      list: <T extends StripeInvoicePayment>(params: ListParams) => reader.list<T>('/v1/invoice_payments', params),
    },
    paymentIntents: { retrieve: retrieve('payment_intents') },
    charges: { retrieve: retrieve<StripeCharge>('charges') },
    refunds: {
      retrieve: retrieve<StripeRefund>('refunds'),
      list: (params) => reader.list<StripeRefund>('/v1/refunds', { limit: 100, ...params }),
    },
    balanceTransactions: {
      retrieve: retrieve<StripeBalanceTransaction>('balance_transactions'),
      list: <T extends StripeBalanceTransaction>(params: ListParams, options?: { maxItems?: number }) =>
        reader.list<T>('/v1/balance_transactions', params, options),
    },
    payouts: { retrieve: retrieve<StripePayout>('payouts') },
    creditNotes: {
      retrieve: retrieve<StripeCreditNote>('credit_notes'),
      list: (params) => reader.list<StripeCreditNote>('/v1/credit_notes', { limit: 100, ...params }),
      listLineItems: (id) => reader.list<StripeCreditNoteLine>(`${path('credit_notes', id)}/lines`, { limit: 100 }),
    },
    skus: {
      retrieve: retrieve<StripeSku>('skus'),
      list: (params) => reader.list<StripeSku>('/v1/skus', { limit: 100, ...params }),
    },
    orders: { retrieve: retrieve<StripeOrder>('orders') },
  };
}
