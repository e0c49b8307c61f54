import type { BookingSetup, IngressPipeline } from '../../tools/localConnector';
import { chargeOfInvoice, customerWithCard, finalizedInvoice, payByCard, usdPrice } from './helpers/billing';
import { balanceOf, newAccount, nsRecord, saveSettings, transactionsOf, useBookingPipeline } from './helpers/pipeline';

/**
 * Tax Mode per_line through the real path (sandbox → relay → RESTlet → queue → compiled flows → emulated
 * account): each invoice line carries the Tax Code and Stripe's tax of that line, NetSuite's total is Stripe's,
 * the tax code's account takes the tax, and a full refund's credit memo (transformed from the invoice, its
 * lines' tax codes and tax amounts with it) gives it back.
 */
describe('invoice tax per line end to end', () => {
  let pipeline: IngressPipeline;
  let setup: BookingSetup;
  const { post, get, drain, failures } = useBookingPipeline((p, books) => {
    pipeline = p;
    setup = books;
  });

  /** A Tax Code posting to a new VAT account, and the settings in per_line mode using it: the account. */
  function perLineTax(): { code: number; account: number } {
    const account = newAccount(pipeline, setup, { number: '2210', name: 'VAT Payable', type: 'OthCurrLiab' });
    const code = nsRecord(pipeline)
      .create({ type: 'salestaxitem' })
      .setValue({ fieldId: 'itemid', value: 'VAT:S' })
      .setValue({ fieldId: 'rate', value: 10 })
      .setValue({ fieldId: 'taxaccount', value: account })
      .save();
    saveSettings(pipeline, { custrecord_snc_set_tax_mode: 'per_line', custrecord_snc_set_tax_code: code });
    return { code, account };
  }

  /** The item lines of the transaction with this external ID: amount, tax code and tax amount as stored. */
  function taxLines(type: string, externalId: string): unknown[] {
    const stored = pipeline.ns.store.findByExternalId(type, externalId);
    if (!stored) throw new Error(`no ${type} ${externalId}`);
    return (stored.sublists['item'] ?? []).map((l) => [l['amount'], Number(l['taxcode']), l['tax1amt']]);
  }

  it('a taxed two-line invoice: tax per line, Stripe total, the tax account credited; a full refund debits it back', async () => {
    const { code, account } = perLineTax();
    const tenPercent = post<{ id: string }>('/v1/tax_rates', {
      display_name: 'VAT',
      percentage: 10,
      inclusive: 'false',
    });
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

  it('a partial refund in per_line mode is refused naming the tax mode setting, nothing booked for it', async () => {
    perLineTax();
    const customer = customerWithCard(pipeline, { name: 'Grace' });
    const { id } = finalizedInvoice(pipeline, customer, [{ pricing: { price: usdPrice(pipeline, 'Pro', 5000) } }], {
      collection_method: 'charge_automatically',
    });
    payByCard(pipeline, id);
    await drain();
    expect(failures()).toEqual([]);
    const refund = post<{ id: string }>('/v1/refunds', { charge: chargeOfInvoice(pipeline, id), amount: 1000 });
    await drain();
    expect(failures().map((f) => String(f['error'] ?? f['note']))).toEqual([
      expect.stringContaining('custrecord_snc_set_tax_mode'),
    ]);
    expect(pipeline.ns.store.findByExternalId('creditmemo', `ns_memo:${refund.id}`)).toBeFalsy();
  });
});
