import type { BookingSetup, IngressPipeline } from '../../tools/localConnector';
import { paidOrder } from './helpers/orders';
import { balanceOf, newAccount, saveSettings, transactionsOf, useBookingPipeline } from './helpers/pipeline';

/**
 * Legacy Stripe orders and SKUs (issue 14) through the real path: SKU items of both kinds, and a paid order left
 * to fulfilment (its sales order and customer deposit in Undeposited Funds). Billing at payment:
 * orders_billing.test.ts; cancelling and refunds: orders_refunds.test.ts; payouts: orders_payout.test.ts.
 */
describe('orders and SKUs end to end', () => {
  let pipeline: IngressPipeline;
  let setup: BookingSetup;
  const { post, drain, failures } = useBookingPipeline((p, books) => {
    pipeline = p;
    setup = books;
  });

  function inventorySettings(): void {
    const asset = newAccount(pipeline, setup, { name: 'Inventory', type: 'OthCurrAsset' });
    const cogs = newAccount(pipeline, setup, { name: 'Cost of Goods Sold', type: 'COGS' });
    saveSettings(pipeline, {
      custrecord_snc_set_asset_account: String(asset),
      custrecord_snc_set_cogs_account: String(cogs),
      custrecord_snc_set_order_billing: 'leave_to_fulfilment',
    });
  }

  it('sku.created: an inventory item for a shippable product, a non-inventory item otherwise', async () => {
    inventorySettings();
    const shirt = post<{ id: string }>('/v1/products', { name: 'T-shirt', shippable: 'true' });
    const ebook = post<{ id: string }>('/v1/products', { name: 'E-book', shippable: 'false' });
    const blue = post<{ id: string }>('/v1/skus', {
      product: shirt.id,
      price: 1500,
      currency: 'usd',
      attributes: { color: 'blue' },
      inventory: { type: 'infinite' },
    });
    const book = post<{ id: string }>('/v1/skus', {
      product: ebook.id,
      price: 999,
      currency: 'usd',
      inventory: { type: 'infinite' },
    });
    await drain();
    expect(failures()).toEqual([]);
    const items = pipeline.ns.sql.query(
      `SELECT itemid, externalid, itemtype FROM item WHERE externalid IS NOT NULL ORDER BY id`,
      [],
    ).rows;
    expect(items).toEqual([
      { itemid: 'T-shirt - blue', externalid: blue.id, itemtype: 'InvtPart' },
      { itemid: `E-book - ${book.id}`, externalid: book.id, itemtype: 'NonInvtPart' },
    ]);
  });

  it('a paid order left to fulfilment: its sales order and the customer deposit in Undeposited Funds', async () => {
    inventorySettings();
    // 2 × 9.99 e-book + 0.80 tax = 20.78
    const paid = paidOrder(pipeline, [{ type: 'tax', amount: 80, description: 'Sales tax' }]);
    await drain();
    expect(failures()).toEqual([]);
    expect(transactionsOf(pipeline, ['memo'])).toEqual([
      expect.objectContaining({ recordtype: 'salesorder', externalid: paid.order, total: 20.78 }),
      expect.objectContaining({ recordtype: 'customerdeposit', externalid: paid.charge, total: 20.78 }),
    ]);
    // The deposit: Undeposited Funds against the customer deposits liability; the sales order posts nothing.
    expect(balanceOf(pipeline, setup.undepositedFunds, 'USD')).toBe(2078);
    expect(balanceOf(pipeline, Number(pipeline.ns.base.accounts.customerDeposits), 'USD')).toBe(-2078);
    expect(balanceOf(pipeline, setup.income, 'USD')).toBe(0);
  });
});
