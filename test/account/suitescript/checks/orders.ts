// Issue 14's sales orders, customer deposits and inventory items as the emulator models them
// (emulator/README.md "Sales orders and customer deposits"): what NetSuite does on its own when an order is
// billed, the deposit application transform, a bank deposit taking a customer deposit, closing an order, and
// the accounts an inventory item needs. Where the emulator guesses, a check says so and reports what it saw.
import query = require('N/query');
import record = require('N/record');
import { CheckFailed, expectThat, refusalOf, type Check } from '../check';
import type { Fixtures } from '../fixtures';

const ORDER_BILLING = 'Oracle help, "Use Case For Creating Invoices or Cash Sales from Your Sales Order"';
const AUTO_APPLY =
  'blog.prolecto.com, "Applying NetSuite Sales Order Customer Deposits on Independent Invoices"; NetSuite Support Community, "Customer Deposit Not Auto-applying to Invoice" (no Oracle page found)';
const DEPOSIT_APPLICATION = 'Oracle help, "Deposit Application" and "record.transform(options)"';

/** One customer and one service item (billable at once, no fulfillment) for every check here. */
function parties(fixtures: Fixtures): () => { customer: number; item: number } {
  let made: { customer: number; item: number } | null = null;
  return () => (made ??= { customer: fixtures.customer(), item: fixtures.item() });
}

/** A sales order of one line per amount. */
function salesOrder(fixtures: Fixtures, customer: number, item: number, amounts: readonly number[]): number {
  const order = record.create({ type: record.Type.SALES_ORDER });
  order.setValue({ fieldId: 'entity', value: customer });
  amounts.forEach((amount, line) => {
    order.insertLine({ sublistId: 'item', line });
    order.setSublistValue({ sublistId: 'item', fieldId: 'item', line, value: item });
    order.setSublistValue({ sublistId: 'item', fieldId: 'quantity', line, value: 1 });
    order.setSublistValue({ sublistId: 'item', fieldId: 'rate', line, value: amount });
    order.setSublistValue({ sublistId: 'item', fieldId: 'amount', line, value: amount });
  });
  return fixtures.track(record.Type.SALES_ORDER, order.save());
}

/** A customer deposit for the order (salesorder → customerdeposit), of `amount`. */
function orderDeposit(fixtures: Fixtures, order: number, amount: number): number {
  const deposit = record.transform({
    fromType: record.Type.SALES_ORDER,
    fromId: order,
    toType: record.Type.CUSTOMER_DEPOSIT,
  });
  deposit.setValue({ fieldId: 'payment', value: amount });
  return fixtures.track(record.Type.CUSTOMER_DEPOSIT, deposit.save());
}

/** The order billed (salesorder → invoice), keeping only its first `lines` lines when given. */
function bill(fixtures: Fixtures, order: number, lines?: number): number {
  const invoice = record.transform({ fromType: record.Type.SALES_ORDER, fromId: order, toType: record.Type.INVOICE });
  if (lines !== undefined)
    for (let line = invoice.getLineCount({ sublistId: 'item' }) - 1; line >= lines; line--)
      invoice.removeLine({ sublistId: 'item', line });
  return fixtures.track(record.Type.INVOICE, invoice.save());
}

function transactionRow(id: number): Record<string, unknown> {
  return (
    query
      .runSuiteQL({
        query: `SELECT status, BUILTIN.DF(status) AS text, foreignamountunpaid FROM transaction WHERE id = ?`,
        params: [id],
      })
      .asMappedResults()[0] ?? {}
  );
}

const statusOf = (id: number): string => String(transactionRow(id)['status']);
const describe = (id: number): string => {
  const row = transactionRow(id);
  return `status ${JSON.stringify(row['status'])} (${JSON.stringify(row['text'])}), unpaid ${String(row['foreignamountunpaid'])}`;
};

/** Deposit applications NetSuite made of the customer's deposits: tracked, so the cleanup deletes them first. */
function trackApplications(fixtures: Fixtures, customer: number): number[] {
  const ids = query
    .runSuiteQL({
      query: `SELECT id FROM transaction WHERE type = 'DepAppl' AND entity = ? ORDER BY id`,
      params: [customer],
    })
    .asMappedResults()
    .map((row) => Number(row['id']));
  for (const id of ids) fixtures.track(record.Type.DEPOSIT_APPLICATION, id);
  return ids;
}

export function orderChecks(fixtures: Fixtures): Check[] {
  const the = parties(fixtures);
  return [
    {
      name: "invoicing a sales order applies the order's customer deposit (the emulator guesses autoApplyOrderDeposits)",
      source: `${ORDER_BILLING}; ${AUTO_APPLY}`,
      run() {
        const order = salesOrder(fixtures, the().customer, the().item, [40]);
        const deposit = orderDeposit(fixtures, order, 40);
        const invoice = bill(fixtures, order);
        const applications = trackApplications(fixtures, the().customer);
        const seen = `invoice ${describe(invoice)}; deposit ${describe(deposit)}; ${applications.length} deposit application(s)`;
        expectThat(
          Number(transactionRow(invoice)['foreignamountunpaid']) === 0 && applications.length > 0,
          `${seen}: NetSuite did not apply the deposit (emulator option autoApplyOrderDeposits: false)`,
        );
        return seen;
      },
    },
    {
      name: "record.transform customer deposit → deposit application lists the order's open invoice, and applies it",
      source: DEPOSIT_APPLICATION,
      run() {
        // The invoice first (billing line 1 only), then the deposit: nothing is applied on billing.
        const order = salesOrder(fixtures, the().customer, the().item, [25, 35]);
        const invoice = bill(fixtures, order, 1);
        const deposit = orderDeposit(fixtures, order, 25);
        const application = record.transform({
          fromType: record.Type.CUSTOMER_DEPOSIT,
          fromId: deposit,
          toType: record.Type.DEPOSIT_APPLICATION,
        });
        const line = application.findSublistLineWithValue({
          sublistId: 'apply',
          fieldId: 'doc',
          value: String(invoice),
        });
        expectThat(line >= 0, `invoice ${invoice} is not on the application's apply list`);
        application.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line, value: true });
        application.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line, value: 25 });
        fixtures.track(record.Type.DEPOSIT_APPLICATION, application.save());
        const seen = `invoice ${describe(invoice)}; deposit ${describe(deposit)}`;
        expectThat(Number(transactionRow(invoice)['foreignamountunpaid']) === 0, seen);
        return seen;
      },
    },
    {
      name: "a bank deposit's payment list holds a customer deposit in Undeposited Funds, and takes it",
      source: 'Oracle help, "Deposits" and "Making Deposits"; SuiteScript Records Browser: Deposit, payment sublist',
      run() {
        const made = record.create({ type: record.Type.CUSTOMER_DEPOSIT });
        made.setValue({ fieldId: 'customer', value: the().customer });
        made.setValue({ fieldId: 'payment', value: 15 });
        const customerDeposit = fixtures.track(record.Type.CUSTOMER_DEPOSIT, made.save());
        const before = describe(customerDeposit);
        const deposit = record.create({ type: record.Type.DEPOSIT, isDynamic: true });
        deposit.setValue({ fieldId: 'account', value: fixtures.bankAccount() });
        const line = deposit.findSublistLineWithValue({
          sublistId: 'payment',
          fieldId: 'id',
          value: String(customerDeposit),
        });
        expectThat(line >= 0, `customer deposit ${customerDeposit} (${before}) is not on the deposit's payment list`);
        deposit.selectLine({ sublistId: 'payment', line });
        deposit.setCurrentSublistValue({ sublistId: 'payment', fieldId: 'deposit', value: true });
        deposit.commitLine({ sublistId: 'payment' });
        fixtures.track(record.Type.DEPOSIT, deposit.save());
        const after = describe(customerDeposit);
        expectThat(statusOf(customerDeposit) === 'B', `before ${before}, after the deposit ${after}`);
        return `customer deposit before ${before}, after ${after}`;
      },
    },
    {
      name: "closing a sales order by ticking every line's isclosed gives status Closed (SuiteQL 'H')",
      source:
        'Oracle help, "Closing a Sales Order"; mikebian.co, "How to Close a NetSuite SalesOrder Using SuiteTalk" (isclosed on each line)',
      run() {
        const order = salesOrder(fixtures, the().customer, the().item, [10, 20]);
        const loaded = record.load({ type: record.Type.SALES_ORDER, id: order });
        for (let line = 0; line < loaded.getLineCount({ sublistId: 'item' }); line++)
          loaded.setSublistValue({ sublistId: 'item', fieldId: 'isclosed', line, value: true });
        loaded.save();
        const seen = describe(order);
        expectThat(statusOf(order) === 'H', seen);
        return seen;
      },
    },
    {
      name: 'an inventory item without asset and COGS accounts is refused (the emulator guesses no defaults)',
      source:
        'Oracle help, SuiteScript Records Browser: Inventory Item (assetaccount, cogsaccount); defaults from accounting preferences not found documented',
      run() {
        // As the check's service item: its income account and subsidiary.
        const service = record.load({ type: record.Type.SERVICE_ITEM, id: the().item });
        const item = record.create({ type: record.Type.INVENTORY_ITEM });
        item.setValue({ fieldId: 'itemid', value: `snc-check inventory ${Date.now().toString(36)}` });
        for (const fieldId of ['incomeaccount', 'subsidiary'])
          item.setValue({ fieldId, value: service.getValue({ fieldId }) });
        let saved: number | null = null;
        const refused = refusalOf(() => (saved = item.save()));
        if (saved !== null) {
          const made = fixtures.track(record.Type.INVENTORY_ITEM, saved);
          const accounts = record.load({ type: record.Type.INVENTORY_ITEM, id: made });
          const value = (fieldId: string): string => String(accounts.getValue({ fieldId }));
          throw new CheckFailed(
            `saved with assetaccount ${value('assetaccount')}, cogsaccount ${value('cogsaccount')}: the account defaults them`,
          );
        }
        return `${refused?.name}: ${refused?.message}`;
      },
    },
  ];
}
