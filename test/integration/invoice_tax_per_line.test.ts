import type { BookingSetup, IngressPipeline } from '../../tools/localConnector';
import {
  chargeOfInvoice,
  customerWithCard,
  finalizedInvoice,
  NET_30,
  netSuiteOpen,
  payByCard,
  stripeOpen,
  usdPrice,
} from './helpers/billing';
import { balanceOf, newAccount, nsRecord, saveSettings, transactionsOf, useBookingPipeline } from './helpers/pipeline';

/**
 * Tax Mode per_line through the real path (sandbox → relay → RESTlet → queue → compiled flows → emulated
 * account): each invoice line carries the Tax Code and Stripe's tax of that line, NetSuite's total is Stripe's,
 * the tax code's account takes the tax, and a full refund's credit memo (transformed from the invoice, its
 * lines' tax codes and tax amounts with it) gives it back; a partial refund, a taxed credit note and a partial
 * close give back each line's share of its tax on its tax code.
 */
describe('invoice tax per line end to end', () => {
  let pipeline: IngressPipeline;
  let setup: BookingSetup;
  const { post, get, drain, failures } = useBookingPipeline((p, books) => {
    pipeline = p;
    setup = books;
  });

  /** A Tax Code named `name` at `rate` percent posting to `account`: its internal ID. */
  function taxCode(name: string, rate: number, account: number): number {
    return nsRecord(pipeline)
      .create({ type: 'salestaxitem' })
      .setValue({ fieldId: 'itemid', value: name })
      .setValue({ fieldId: 'rate', value: rate })
      .setValue({ fieldId: 'taxaccount', value: account })
      .save();
  }

  /**
   * A Tax Code posting to a new VAT account, and the settings in per_line mode using it (with `exempt`, also an
   * Exempt Tax Code at 0%): the codes and the account.
   */
  function perLineTax(options: { exempt?: boolean } = {}): { code: number; exempt: number | null; account: number } {
    const account = newAccount(pipeline, setup, { number: '2210', name: 'VAT Payable', type: 'OthCurrLiab' });
    const code = taxCode('VAT:S', 10, account);
    const exempt = options.exempt ? taxCode('VAT:E', 0, account) : null;
    saveSettings(pipeline, {
      custrecord_snc_set_tax_mode: 'per_line',
      custrecord_snc_set_tax_code: code,
      ...(exempt !== null ? { custrecord_snc_set_exempt_tax_code: exempt } : {}),
    });
    return { code, exempt, account };
  }

  /** A 10% tax rate added on top, in the Stripe sandbox: its ID. */
  function tenPercentRate(): string {
    return post<{ id: string }>('/v1/tax_rates', { display_name: 'VAT', percentage: 10, inclusive: 'false' }).id;
  }

  /** The memo's total and tax total as NetSuite stores them. */
  function totals(type: string, externalId: string): unknown {
    const stored = pipeline.ns.store.findByExternalId(type, externalId);
    if (!stored) throw new Error(`no ${type} ${externalId}`);
    return { total: stored.fields['total'], taxtotal: stored.fields['taxtotal'] };
  }

  /** The item lines of the transaction with this external ID: amount, tax code and tax amount as stored. */
  function taxLines(type: string, externalId: string): unknown[] {
    const stored = pipeline.ns.store.findByExternalId(type, externalId);
    if (!stored) throw new Error(`no ${type} ${externalId}`);
    return (stored.sublists['item'] ?? []).map((l) => [l['amount'], Number(l['taxcode']), l['tax1amt']]);
  }

  it('a taxed two-line invoice: tax per line, Stripe total, the tax account credited; a full refund debits it back', async () => {
    const { code, account } = perLineTax();
    const tenPercent = { id: tenPercentRate() };
    const customer = customerWithCard(pipeline, { name: 'Ada' });
    const [seats, storage] = [usdPrice(pipeline, 'Seats', 6000), usdPrice(pipeline, 'Storage', 4050)];
    const { id } = finalizedInvoice(
      pipeline,
      customer,
      [seats, storage].map((price) => ({ pricing: { price }, tax_rates: [tenPercent.id] })),
      { collection_method: 'charge_automatically' },
    );
    payByCard(pipeline, id);
    const paid = get<{ total: number; lines: { data: { taxes: { amount: number }[] }[] } }>(`/v1/invoices/${id}`);
    // 60.00 + 6.00 and 40.50 + 4.05 (10% of 40.50 rounded by Stripe).
    expect(paid.lines.data.map((l) => l.taxes.map((t) => t.amount))).toEqual([[600], [405]]);
    expect(paid.total).toBe(11055);
    await drain();
    expect(failures()).toEqual([]);

    expect(taxLines('invoice', id)).toEqual([
      [60, code, 6],
      [40.5, code, 4.05],
    ]);
    expect(transactionsOf(pipeline).find((t) => t['externalid'] === id)).toMatchObject({ total: 110.55 });
    expect(balanceOf(pipeline, account)).toBe(-1005);
    expect(balanceOf(pipeline, setup.taxPayable)).toBe(0);
    expect(balanceOf(pipeline, setup.income)).toBe(-10050);

    const refund = post<{ id: string }>('/v1/refunds', { charge: chargeOfInvoice(pipeline, id) });
    await drain();
    expect(failures()).toEqual([]);
    expect(taxLines('creditmemo', `ns_memo:${refund.id}`)).toEqual([
      [60, code, 6],
      [40.5, code, 4.05],
    ]);
    expect(balanceOf(pipeline, account)).toBe(0);
    expect(balanceOf(pipeline, setup.income)).toBe(0);
  });

  it('a partial refund of three lines, odd cents, one untaxed: amount and tax spread per line, the tax account by the tax share', async () => {
    const { code, exempt, account } = perLineTax({ exempt: true });
    const vat = tenPercentRate();
    const customer = customerWithCard(pipeline, { name: 'Grace' });
    const prices = [
      usdPrice(pipeline, 'Seats', 3333),
      usdPrice(pipeline, 'Manual', 1001),
      usdPrice(pipeline, 'Storage', 2499),
    ];
    const { id } = finalizedInvoice(
      pipeline,
      customer,
      [
        { pricing: { price: prices[0] }, tax_rates: [vat] },
        { pricing: { price: prices[1] } },
        { pricing: { price: prices[2] }, tax_rates: [vat] },
      ],
      { collection_method: 'charge_automatically' },
    );
    payByCard(pipeline, id);
    // 33.33 + 3.33, 10.01 untaxed, 24.99 + 2.50 (Stripe rounds 2.499): 74.16, tax 5.83.
    expect(get<{ total: number }>(`/v1/invoices/${id}`).total).toBe(7416);
    await drain();
    expect(failures()).toEqual([]);
    expect(taxLines('invoice', id)).toEqual([
      [33.33, code, 3.33],
      [10.01, exempt, 0],
      [24.99, code, 2.5],
    ]);
    expect(balanceOf(pipeline, account)).toBe(-583);

    const refund = post<{ id: string }>('/v1/refunds', { charge: chargeOfInvoice(pipeline, id), amount: 1000 });
    await drain();
    expect(failures()).toEqual([]);
    // 10.00 of 74.16 (hand computed, see pro_rata.test.ts): net 9.21 and tax 0.79; the net over 33.33, 10.01
    // and 24.99 is 4.49, 1.35, 3.37; the tax over 3.33 and 2.50 is 0.45 and 0.34.
    const memo = `ns_memo:${refund.id}`;
    expect(taxLines('creditmemo', memo)).toEqual([
      [4.49, code, 0.45],
      [1.35, exempt, 0],
      [3.37, code, 0.34],
    ]);
    expect(totals('creditmemo', memo)).toEqual({ total: 10, taxtotal: 0.79 });
    // The tax account is debited by the tax share exactly, income by the net share; the customer owes nothing.
    expect(balanceOf(pipeline, account)).toBe(-583 + 79);
    expect(balanceOf(pipeline, setup.income)).toBe(-6833 + 921);
    expect(balanceOf(pipeline, setup.taxPayable)).toBe(0);
    expect(netSuiteOpen(pipeline, customer)).toBe(0);
  });

  it("a taxed credit note after payment: each line its tax on its tax code, total the note's; refunded", async () => {
    const { code, exempt, account } = perLineTax({ exempt: true });
    const vat = tenPercentRate();
    const customer = customerWithCard(pipeline, { name: 'Alan' });
    const { id } = finalizedInvoice(
      pipeline,
      customer,
      [
        { pricing: { price: usdPrice(pipeline, 'Seats', 6000) }, tax_rates: [vat] },
        { pricing: { price: usdPrice(pipeline, 'Setup', 2000) } },
      ],
      { collection_method: 'charge_automatically' },
    );
    payByCard(pipeline, id);
    const paid = get<{ total: number; lines: { data: { id: string }[] } }>(`/v1/invoices/${id}`);
    expect(paid.total).toBe(8600);
    await drain();
    expect(failures()).toEqual([]);
    const [seats, setupLine] = paid.lines.data;
    // Half the seats (30.00 + 3.00 tax) and 5.00 of the untaxed setup: 38.00, refunded to the card.
    const note = post<{ id: string; total: number }>('/v1/credit_notes', {
      invoice: id,
      lines: [
        { type: 'invoice_line_item', invoice_line_item: seats?.id ?? '', amount: 3000 },
        { type: 'invoice_line_item', invoice_line_item: setupLine?.id ?? '', amount: 500 },
      ],
      refund_amount: 3800,
    });
    expect(note.total).toBe(3800);
    await drain();
    expect(failures()).toEqual([]);
    expect(taxLines('creditmemo', note.id)).toEqual([
      [30, code, 3],
      [5, exempt, 0],
    ]);
    expect(totals('creditmemo', note.id)).toEqual({ total: 38, taxtotal: 3 });
    expect(balanceOf(pipeline, account)).toBe(-600 + 300);
    expect(balanceOf(pipeline, setup.income)).toBe(-8000 + 3500);
    expect(balanceOf(pipeline, setup.taxPayable)).toBe(0);
    expect(netSuiteOpen(pipeline, customer)).toBe(0);
    expect(stripeOpen(pipeline, customer)).toBe(0);
  });

  it('a partial close (voided after a payment by check): each line and its tax scaled, the tax account by the rest', async () => {
    const { code, account } = perLineTax();
    const vat = tenPercentRate();
    const customer = post<{ id: string }>('/v1/customers', { name: 'Edsger' }).id;
    const lines = [6000, 4000].map((amount, i) => ({
      pricing: { price: usdPrice(pipeline, `Plan ${i}`, amount) },
      tax_rates: [vat],
    }));
    const { id } = finalizedInvoice(pipeline, customer, lines, { ...NET_30, auto_advance: false });
    post(`/v1/invoices/${id}`, { metadata: { po: 'PO-7' } });
    await drain();
    expect(failures()).toEqual([]);
    expect(totals('invoice', id)).toEqual({ total: 110, taxtotal: 10 });
    // The customer paid 20.00 by check, recorded in NetSuite by the accountant; Stripe then voids the invoice.
    const invoiceId = pipeline.ns.store.findByExternalId('invoice', id)?.id;
    const check = nsRecord(pipeline).transform({
      fromType: 'invoice',
      fromId: Number(invoiceId),
      toType: 'customerpayment',
    });
    check.setValue({ fieldId: 'payment', value: 20 });
    const line = check.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(invoiceId) });
    check.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line, value: 20 });
    check.save();
    post(`/v1/invoices/${id}/void`);
    await drain();
    expect(failures()).toEqual([]);
    // 90.00 of 110.00 over 60.00, 6.00, 40.00, 4.00: 49.0909, 4.9090, 32.7272, 3.2727 → 49.09, 4.90, 32.72,
    // 3.27 (89.98), the 2 cents left to the largest fractions (.909, .727): 49.09 + 4.91 and 32.73 + 3.27.
    const memo = `ns_void:${id}`;
    expect(taxLines('creditmemo', memo)).toEqual([
      [49.09, code, 4.91],
      [32.73, code, 3.27],
    ]);
    expect(totals('creditmemo', memo)).toEqual({ total: 90, taxtotal: 8.18 });
    expect(balanceOf(pipeline, account)).toBe(-1000 + 818);
    expect(balanceOf(pipeline, setup.income)).toBe(-10000 + 8182);
    expect(balanceOf(pipeline, Number(pipeline.ns.base.accounts.accountsReceivable))).toBe(0);
  });
});
