import type Stripe from 'stripe';
import type { SandboxAccount } from '../core/account';
import { createdFilter, paginate } from '../core/list';
import { invalidParam, invalidState, missingParam } from '../core/errors';
import { Params } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
import { customerId, getInvoice, invoiceOutcomeHooks, previousAttributes } from './invoices';
import { decimal, findTyped, mergeMetadata, readMetadata, roundAmount, stored, type Stored } from './products';
import { readTaxRates } from './taxRates';

type CreditNote = Stripe.CreditNote;
type CreditLine = Stripe.CreditNoteLineItem;

const REASONS = ['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory'] as const;

function taxRate(account: SandboxAccount, id: string): Stripe.TaxRate | undefined {
  return findTyped<Stripe.TaxRate>(account, id, 'tax_rate');
}

/** Taxes on a custom line: the same per-line, per-rate rounding as invoices (see invoices.applyTotals). */
function customLineTaxes(amount: number, rates: Stripe.TaxRate[]): Stripe.CreditNoteLineItem.Tax[] {
  const inclusivePct = rates.filter((r) => r.inclusive).reduce((sum, r) => sum + r.percentage, 0);
  const inclusive = rates
    .filter((r) => r.inclusive)
    .map((rate) => ({ rate, amount: roundAmount((amount * rate.percentage) / (100 + inclusivePct)) }));
  const net = amount - inclusive.reduce((sum, t) => sum + t.amount, 0);
  const tax = (rate: Stripe.TaxRate, value: number): Stripe.CreditNoteLineItem.Tax => ({
    amount: value,
    tax_behavior: rate.inclusive ? 'inclusive' : 'exclusive',
    tax_rate_details: { tax_rate: rate.id },
    taxability_reason: 'standard_rated',
    taxable_amount: net,
    type: 'tax_rate_details',
  });
  return [
    ...inclusive.map(({ rate, amount: value }) => tax(rate, value)),
    ...rates.filter((r) => !r.inclusive).map((rate) => tax(rate, roundAmount((net * rate.percentage) / 100))),
  ];
}

function readLine(account: SandboxAccount, invoice: Stripe.Invoice, params: Params, index: number): CreditLine {
  const type = params.enum('type', ['invoice_line_item', 'custom_line_item'] as const, { required: true });
  const description = params.string('description');
  const quantity = params.int('quantity', { min: 0 });
  const amount = params.int('amount', { min: 0 });
  const unitAmount = params.int('unit_amount', { min: 0 });
  const unitDecimal = params.decimal('unit_amount_decimal');
  const rates = readTaxRates(account, params);
  const metadata = readMetadata(params);
  params.ignore('tax_amounts');
  const lineRef = params.string('invoice_line_item');
  params.done();
  const base = {
    id: account.ids.next('cnli'),
    object: 'credit_note_line_item' as const,
    livemode: false,
    metadata,
  };
  if (type === 'invoice_line_item') {
    if (!lineRef) throw missingParam(`lines[${index}][invoice_line_item]`);
    const line = invoice.lines.data.find((l) => l.id === lineRef);
    if (!line)
      throw invalidParam(
        `lines[${index}][invoice_line_item]`,
        `No such invoice line item: '${lineRef}'`,
        'resource_missing',
      );
    let fraction = 1;
    if (amount !== undefined) fraction = line.amount === 0 ? 0 : amount / line.amount;
    else if (quantity !== undefined) fraction = line.quantity ? quantity / line.quantity : 1;
    if (fraction > 1)
      throw invalidParam(
        `lines[${index}]`,
        `You can't credit more than the invoice line item ${lineRef} (${line.amount}).`,
      );
    const discounts = (line.discount_amounts ?? []).map((d) => ({
      amount: roundAmount(d.amount * fraction),
      discount: typeof d.discount === 'string' ? d.discount : d.discount.id,
    }));
    const taxes = (line.taxes ?? []).map((t) => ({
      ...t,
      amount: roundAmount(t.amount * fraction),
      taxable_amount: t.taxable_amount === null ? null : roundAmount(t.taxable_amount * fraction),
    }));
    const lineRates = (line.taxes ?? [])
      .map((t) => (t.tax_rate_details ? taxRate(account, t.tax_rate_details.tax_rate) : undefined))
      .filter((r): r is Stripe.TaxRate => r !== undefined);
    return {
      ...base,
      amount: amount ?? roundAmount(line.amount * fraction),
      description: description ?? line.description,
      discount_amount: discounts.reduce((sum, d) => sum + d.amount, 0),
      discount_amounts: discounts,
      invoice_line_item: line.id,
      pretax_credit_amounts: discounts.map((d) => ({ ...d, type: 'discount' })),
      quantity: quantity ?? line.quantity,
      tax_rates: lineRates,
      taxes,
      type,
      unit_amount: null,
      unit_amount_decimal: null,
    };
  }
  const qty = quantity ?? 1;
  const unit = unitAmount ?? unitDecimal;
  if (unit === undefined && amount === undefined) throw missingParam(`lines[${index}][unit_amount]`);
  const total = unit !== undefined ? roundAmount(unit * qty) : (amount ?? 0);
  return {
    ...base,
    amount: total,
    description: description ?? null,
    discount_amount: 0,
    discount_amounts: [],
    pretax_credit_amounts: [],
    quantity: qty,
    tax_rates: rates ?? [],
    taxes: customLineTaxes(total, rates ?? []),
    type,
    unit_amount: unitAmount ?? (unit !== undefined && Number.isInteger(unit) ? unit : null),
    unit_amount_decimal: unit !== undefined ? decimal(unit) : null,
  };
}

function creditedSoFar(account: SandboxAccount, invoiceId: string): CreditNote[] {
  return account
    .list<Stored<CreditNote>>('credit_note')
    .filter((note) => note.invoice === invoiceId && note.status !== 'void');
}

interface Draft {
  note: CreditNote;
  invoice: Stored<Stripe.Invoice>;
  refundAmount: number;
  creditAmount: number;
  linkedRefunds: Stripe.CreditNote.Refund[];
}

/** Reads create/preview parameters and computes the credit note (no side effects). */
function draftCreditNote(account: SandboxAccount, params: Params): Draft {
  const invoice = getInvoice(account, params.string('invoice', { required: true }));
  if (!['open', 'paid', 'uncollectible'].includes(invoice.status ?? ''))
    throw invalidParam(
      'invoice',
      `Credit notes can only be issued on finalized invoices; ${invoice.id} is ${invoice.status ?? ''}.`,
    );
  const lineParams = params.objects('lines');
  const amountParam = params.int('amount', { min: 0 });
  const refundAmount = params.int('refund_amount', { min: 0 }) ?? 0;
  const creditAmount = params.int('credit_amount', { min: 0 }) ?? 0;
  const outOfBand = params.int('out_of_band_amount', { min: 0 });
  const refundsParam = params.objects('refunds') ?? [];
  const linkedRefunds: Stripe.CreditNote.Refund[] = refundsParam.map((entry, index) => {
    const refund = entry.string('refund', { required: true });
    const found = findTyped<Stripe.Refund>(account, refund, 'refund');
    if (!found) throw invalidParam(`refunds[${index}][refund]`, `No such refund: '${refund}'`, 'resource_missing');
    const amountRefunded = entry.int('amount_refunded', { min: 1 }) ?? found.amount;
    entry.ignore('type', 'payment_record_refund');
    entry.done();
    return { amount_refunded: amountRefunded, payment_record_refund: null, refund, type: 'refund' };
  });
  let lines: CreditLine[];
  if (lineParams && lineParams.length > 0)
    lines = lineParams.map((line, index) => readLine(account, invoice, line, index));
  else {
    const total = amountParam ?? refundAmount + creditAmount + (outOfBand ?? 0);
    if (total <= 0) throw missingParam('lines');
    lines = [
      {
        id: account.ids.next('cnli'),
        object: 'credit_note_line_item',
        amount: total,
        description: null,
        discount_amount: 0,
        discount_amounts: [],
        livemode: false,
        metadata: {},
        pretax_credit_amounts: [],
        quantity: 1,
        tax_rates: [],
        taxes: [],
        type: 'custom_line_item',
        unit_amount: total,
        unit_amount_decimal: decimal(total),
      },
    ];
  }
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const discount = lines.reduce((sum, line) => sum + line.discount_amount, 0);
  const taxes = lines.flatMap((line) => line.taxes ?? []);
  const inclusive = taxes.filter((t) => t.tax_behavior === 'inclusive').reduce((sum, t) => sum + t.amount, 0);
  const exclusive = taxes.filter((t) => t.tax_behavior === 'exclusive').reduce((sum, t) => sum + t.amount, 0);
  const total = subtotal - discount + exclusive;
  if (amountParam !== undefined && lineParams && amountParam !== total)
    throw invalidParam('amount', `The amount (${amountParam}) must equal the total of the lines (${total}).`);
  const already = creditedSoFar(account, invoice.id).reduce((sum, note) => sum + note.total, 0);
  const maximum = invoice.total - already;
  if (total <= 0) throw invalidParam('lines', 'The credit note total must be greater than 0.');
  if (total > maximum)
    throw invalidParam(
      'amount',
      `The credit note amount (${total}) exceeds the amount that can still be credited (${maximum}).`,
    );
  const pre = invoice.status === 'open' ? Math.min(total, invoice.amount_remaining) : 0;
  const post = total - pre;
  const settled =
    refundAmount + creditAmount + (outOfBand ?? 0) + linkedRefunds.reduce((s, r) => s + r.amount_refunded, 0);
  if (settled !== post)
    throw invalidParam(
      post > 0 ? 'out_of_band_amount' : 'refund_amount',
      `The sum of credit amount, refund amount and out of band amount (${settled}) must equal the credit note amount not applied to the invoice's remaining balance (${post}).`,
    );
  const byDiscount = new Map<string, number>();
  for (const line of lines)
    for (const d of line.discount_amounts) {
      const id = typeof d.discount === 'string' ? d.discount : d.discount.id;
      byDiscount.set(id, (byDiscount.get(id) ?? 0) + d.amount);
    }
  const byRate = new Map<string, Stripe.CreditNote.TotalTax>();
  for (const tax of taxes) {
    const key = tax.tax_rate_details?.tax_rate ?? '';
    const entry = byRate.get(key);
    if (entry) {
      entry.amount += tax.amount;
      entry.taxable_amount = (entry.taxable_amount ?? 0) + (tax.taxable_amount ?? 0);
    } else byRate.set(key, { ...tax });
  }
  const id = account.ids.next('cn');
  const now = account.now();
  const sequence = account.list<Stored<CreditNote>>('credit_note').filter((n) => n.invoice === invoice.id).length + 1;
  const note: CreditNote = {
    id,
    object: 'credit_note',
    amount: total,
    amount_shipping: 0,
    created: now,
    currency: invoice.currency,
    customer: customerId(invoice) ?? '',
    customer_account: null,
    customer_balance_transaction: null,
    discount_amount: discount,
    discount_amounts: [...byDiscount].map(([d, amount]) => ({ amount, discount: d })),
    effective_at: params.int('effective_at') ?? now,
    invoice: invoice.id,
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/credit_notes/${id}/lines` },
    livemode: false,
    memo: params.string('memo') ?? null,
    metadata: readMetadata(params),
    number: `${invoice.number ?? invoice.id}-CN-${String(sequence).padStart(2, '0')}`,
    out_of_band_amount: outOfBand ?? null,
    pdf: `https://pay.stripe.com/credit_notes/${account.settings.accountId}/test_${id}/pdf`,
    post_payment_amount: post,
    pre_payment_amount: pre,
    pretax_credit_amounts: [...byDiscount].map(([d, amount]) => ({ amount, discount: d, type: 'discount' })),
    reason: params.enum('reason', REASONS) ?? null,
    refunds: linkedRefunds,
    shipping_cost: null,
    status: 'issued',
    subtotal,
    subtotal_excluding_tax: subtotal - inclusive,
    total,
    total_excluding_tax: subtotal - discount - inclusive,
    total_taxes: [...byRate.values()],
    type: pre > 0 && post > 0 ? 'mixed' : pre > 0 ? 'pre_payment' : 'post_payment',
    voided_at: null,
  };
  params.ignore('email_type', 'shipping_cost');
  params.done();
  return { note, invoice, refundAmount, creditAmount, linkedRefunds };
}

/** The charge behind the invoice's latest paid payment (what `refund_amount` refunds). */
function chargeToRefund(account: SandboxAccount, invoiceId: string): string {
  const payments = account
    .list<Stored<Stripe.InvoicePayment>>('invoice_payment')
    .filter((p) => p.invoice === invoiceId && p.status === 'paid');
  for (const payment of payments) {
    if (payment.payment.charge)
      return typeof payment.payment.charge === 'string' ? payment.payment.charge : payment.payment.charge.id;
    const intentRef = payment.payment.payment_intent;
    const intentId = intentRef === undefined ? undefined : typeof intentRef === 'string' ? intentRef : intentRef.id;
    const intent = intentId ? findTyped<Stripe.PaymentIntent>(account, intentId, 'payment_intent') : undefined;
    const charge = intent?.latest_charge;
    if (charge) return typeof charge === 'string' ? charge : charge.id;
  }
  throw invalidParam('refund_amount', `Invoice ${invoiceId} has no payment to refund.`);
}

function refundReason(reason: Stripe.CreditNote.Reason | null): Stripe.RefundCreateParams.Reason {
  if (reason === 'duplicate' || reason === 'fraudulent') return reason;
  return 'requested_by_customer';
}

function balanceTransaction(
  account: SandboxAccount,
  note: CreditNote,
  amount: number,
): Stripe.CustomerBalanceTransaction | null {
  const customer = findTyped<Stripe.Customer>(
    account,
    typeof note.customer === 'string' ? note.customer : note.customer.id,
    'customer',
  );
  if (!customer) return null;
  const ending = (customer.balance ?? 0) + amount;
  const transaction: Stripe.CustomerBalanceTransaction = {
    id: account.ids.next('cbtxn'),
    object: 'customer_balance_transaction',
    amount,
    checkout_session: null,
    created: account.now(),
    credit_note: note.id,
    currency: note.currency,
    customer: customer.id,
    customer_account: null,
    description: null,
    ending_balance: ending,
    invoice: typeof note.invoice === 'string' ? note.invoice : note.invoice.id,
    livemode: false,
    metadata: {},
    type: 'credit_note',
  };
  account.put(stored(transaction));
  const { object, previous } = account.update<Stored<Stripe.Customer>>(customer.id, 'customer', { balance: ending });
  account.emit('customer.updated', object, previous);
  return transaction;
}

function create({ account, params }: RouteContext): Stored<CreditNote> {
  const { note, invoice, refundAmount, creditAmount } = draftCreditNote(account, params);
  if (refundAmount > 0) {
    const refund = account.service('refund')({
      charge: chargeToRefund(account, invoice.id),
      amount: refundAmount,
      reason: refundReason(note.reason),
      metadata: {},
    });
    note.refunds.push({
      amount_refunded: refundAmount,
      payment_record_refund: null,
      refund: refund.id,
      type: 'refund',
    });
  }
  if (creditAmount > 0)
    note.customer_balance_transaction = balanceTransaction(account, note, -creditAmount)?.id ?? null;
  account.put(stored(note));
  account.emit('credit_note.created', stored(note));

  const before = getInvoice(account, invoice.id);
  const after: Stripe.Invoice = structuredClone(before);
  after.pre_payment_credit_notes_amount += note.pre_payment_amount;
  after.post_payment_credit_notes_amount += note.post_payment_amount;
  after.amount_due -= note.pre_payment_amount;
  after.amount_remaining -= note.pre_payment_amount;
  const nowPaid = after.status === 'open' && after.amount_remaining === 0;
  if (nowPaid) {
    after.status = 'paid';
    after.status_transitions = { ...after.status_transitions, paid_at: account.now() };
    after.auto_advance = false;
    after.next_payment_attempt = null;
  }
  account.put(stored(after));
  if (nowPaid) {
    account.emit('invoice.paid', stored(after));
    for (const hook of invoiceOutcomeHooks) hook(account, after, 'paid');
  }
  account.emit('invoice.updated', stored(after), previousAttributes(before, after));
  return stored(note);
}

function voidNote({ account, params, path }: RouteContext): Stored<CreditNote> {
  params.done();
  const note = account.get<Stored<CreditNote>>(path['id'] ?? '', 'credit_note');
  if (note.status !== 'issued') throw invalidState(`Credit note ${note.id} is already void.`);
  const before = getInvoice(account, typeof note.invoice === 'string' ? note.invoice : note.invoice.id);
  if (note.pre_payment_amount > 0 && before.status !== 'open')
    throw invalidState(`This credit note can't be voided because invoice ${before.id} is no longer open.`);
  const after: Stripe.Invoice = structuredClone(before);
  after.pre_payment_credit_notes_amount -= note.pre_payment_amount;
  after.post_payment_credit_notes_amount -= note.post_payment_amount;
  after.amount_due += note.pre_payment_amount;
  after.amount_remaining += note.pre_payment_amount;
  if (note.customer_balance_transaction) {
    const txnId =
      typeof note.customer_balance_transaction === 'string'
        ? note.customer_balance_transaction
        : note.customer_balance_transaction.id;
    const txn = findTyped<Stripe.CustomerBalanceTransaction>(account, txnId, 'customer_balance_transaction');
    if (txn) balanceTransaction(account, note, -txn.amount);
  }
  const { object } = account.update<Stored<CreditNote>>(note.id, 'credit_note', {
    status: 'void',
    voided_at: account.now(),
  });
  account.emit('credit_note.voided', object);
  account.put(stored(after));
  account.emit('invoice.updated', stored(after), previousAttributes(before, after));
  return object;
}

function update({ account, params, path }: RouteContext): Stored<CreditNote> {
  const current = account.get<Stored<CreditNote>>(path['id'] ?? '', 'credit_note');
  const changes: Partial<Stored<CreditNote>> = {};
  const memo = params.nullableString('memo');
  if (memo !== undefined) changes.memo = memo;
  if (params.has('metadata')) changes.metadata = mergeMetadata(current.metadata, params.metadata());
  params.done();
  const { object, previous } = account.update<Stored<CreditNote>>(current.id, 'credit_note', changes);
  if (Object.keys(previous).length > 0) account.emit('credit_note.updated', object, previous);
  return object;
}

function preview({ account, params }: RouteContext): Stored<CreditNote> {
  const { note } = draftCreditNote(account, params);
  return stored(note);
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/credit_notes', handler: create },
  { method: 'GET', path: '/v1/credit_notes/preview', handler: preview },
  {
    method: 'GET',
    path: '/v1/credit_notes/preview/lines',
    handler: (context) => {
      const paging = ['limit', 'starting_after', 'ending_before'];
      const raw = Object.fromEntries(Object.entries(context.params.raw).filter(([key]) => !paging.includes(key)));
      const note = preview({ ...context, params: new Params(raw) });
      const list = paginate(
        note.lines.data.map((line) => stored(line)),
        context.params,
        '/v1/credit_notes/preview/lines',
      );
      context.params.ignore(...Object.keys(raw));
      context.params.done();
      return list;
    },
  },
  {
    method: 'GET',
    path: '/v1/credit_notes/:id',
    handler: ({ account, params, path }) => {
      params.done();
      return account.get<Stored<CreditNote>>(path['id'] ?? '', 'credit_note');
    },
  },
  { method: 'POST', path: '/v1/credit_notes/:id', handler: update },
  { method: 'POST', path: '/v1/credit_notes/:id/void', handler: voidNote },
  {
    method: 'GET',
    path: '/v1/credit_notes/:id/lines',
    handler: ({ account, params, path }) => {
      const note = account.get<Stored<CreditNote>>(path['id'] ?? '', 'credit_note');
      const list = paginate(
        note.lines.data.map((line) => stored(line)),
        params,
        `/v1/credit_notes/${note.id}/lines`,
      );
      params.done();
      return list;
    },
  },
  {
    method: 'GET',
    path: '/v1/credit_notes',
    handler: ({ account, params }) => {
      const invoice = params.string('invoice');
      const customer = params.string('customer');
      params.ignore('customer_account');
      const created = createdFilter(params);
      const items = account
        .list<Stored<CreditNote>>('credit_note')
        .filter(
          (note) =>
            (invoice === undefined || note.invoice === invoice) &&
            (customer === undefined || note.customer === customer) &&
            created(note.created),
        );
      const list = paginate(items, params, '/v1/credit_notes');
      params.done();
      return list;
    },
  },
];
