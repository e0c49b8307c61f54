import type { FieldDef, FieldType, RecordTypeDef, SublistDef } from '../schema';

/** Shorthand for field definitions: `f('currency', { mandatory: true })`. */
function f(type: FieldType, extra: Omit<FieldDef, 'id' | 'type'> = {}): Omit<FieldDef, 'id'> {
  return { type, ...extra };
}

function fields(defs: Record<string, Omit<FieldDef, 'id'>>): Record<string, FieldDef> {
  return Object.fromEntries(Object.entries(defs).map(([id, def]) => [id, { id, ...def }]));
}

function sublist(id: string, defs: Record<string, Omit<FieldDef, 'id'>>, systemFilled = false): SublistDef {
  return { id, fields: fields(defs), systemFilled };
}

const TRANSACTION_BODY = {
  tranid: f('text'),
  trandate: f('date', { mandatory: true }),
  currency: f('select', { selectType: 'currency', mandatory: true }),
  // No default: NetSuite takes it from the Currency Exchange Rates table unless a script sets it (engine).
  exchangerate: f('float'),
  subsidiary: f('select', { selectType: 'subsidiary', mandatory: true }),
  memo: f('text'),
  status: f('text', { readOnly: true }),
  statusref: f('text', { readOnly: true }),
  createdfrom: f('select', { selectType: 'transaction' }),
};

const ITEM_LINES = sublist('item', {
  item: f('select', { selectType: 'item', mandatory: true }),
  description: f('textarea'),
  quantity: f('float', { defaultValue: 1 }),
  // A line rate keeps fractions of a cent (a unit price of 0.005); only amounts are rounded to the currency
  // (public Records Browser typings give `rate` as a decimal number, `amount` as currency). How many decimals
  // NetSuite keeps is a guess: all of them (emulator/README.md, Guesses).
  rate: f('float'),
  amount: f('currency'),
  // "Rev Rec Start Date" / "Rev Rec End Date" of invoice, credit memo and sales order item lines (SuiteScript
  // Records Browser, item sublist; the Revenue Recognition Template's help there: "If both the Rev Rec Start
  // Date and Rev Rec End Date are entered, then those dates override the recognition period").
  revrecstartdate: f('date'),
  revrecenddate: f('date'),
  // Per-line tax of accounts with per-line tax codes (legacy tax, non-US editions / Advanced Taxes): the line's
  // Tax Code (a `salestaxitem`), its rate and tax amount, and the gross amount (SuiteScript Records Browser,
  // invoice item sublist: taxcode, taxrate1, tax1amt, grossamt; public SuiteScript reads and sets them, e.g.
  // getSublistValue 'tax1amt' / 'taxrate1' / 'grossamt' and setLineItemValue('item', 'tax1amt', …)). What the
  // engine derives from them: records/lineTax.ts.
  taxcode: f('select', { selectType: 'salestaxitem' }),
  taxrate1: f('percent', { readOnly: true }),
  tax1amt: f('currency'),
  grossamt: f('currency', { readOnly: true }),
  line: f('integer', { readOnly: true }),
  // The sales order line an invoice line bills (SuiteScript Records Browser, invoice item sublist `orderline`;
  // Oracle help, "Use Case For Creating Invoices or Cash Sales from Your Sales Order": `orderLine` picks the
  // order line a partial invoice bills). Set by the salesorder → invoice transform.
  orderline: f('integer'),
});

/**
 * A sales order's item lines: the invoice's, plus "Closed" (`isclosed`: public SuiteScript closes an order by
 * setting it true on every line and saving, e.g. a mass update "Mass_Update_CloseSaleOrder") and what NetSuite
 * counts on each line (Records Browser, salesorder item sublist: quantitybilled, quantityfulfilled).
 */
const SALES_ORDER_LINES = sublist('item', {
  ...ITEM_LINES.fields,
  isclosed: f('checkbox', { defaultValue: false }),
  quantitybilled: f('float', { readOnly: true }),
  quantityfulfilled: f('float', { readOnly: true }),
});

/** Apply lines NetSuite lists on payments, credit memos and refunds. */
const APPLY_LINES = sublist(
  'apply',
  {
    apply: f('checkbox', { defaultValue: false }),
    doc: f('select', { selectType: 'transaction', readOnly: true }),
    internalid: f('select', { selectType: 'transaction', readOnly: true }),
    type: f('text', { readOnly: true }),
    refnum: f('text', { readOnly: true }),
    applydate: f('date', { readOnly: true }),
    total: f('currency', { readOnly: true }),
    due: f('currency', { readOnly: true }),
    amount: f('currency'),
    currency: f('select', { selectType: 'currency', readOnly: true }),
  },
  true,
);

/** Debit and credit lines: a journal entry's, and a currency revaluation's that NetSuite writes. */
const GL_LINES = sublist('line', {
  account: f('select', { selectType: 'account', mandatory: true }),
  debit: f('currency'),
  credit: f('currency'),
  entity: f('select', { selectType: 'customer' }),
  memo: f('text'),
});

const SALES_BODY = {
  ...TRANSACTION_BODY,
  entity: f('select', { selectType: 'customer', mandatory: true }),
  account: f('select', { selectType: 'account' }),
  duedate: f('date'),
  otherrefnum: f('text'),
  subtotal: f('currency', { readOnly: true }),
  // "Tax Total" (Oracle help, "Setting U.S. Tax Preferences": the Tax Total field of transaction forms): the
  // sum of the lines' tax amounts; total = subtotal + taxtotal (records/lineTax.ts).
  taxtotal: f('currency', { readOnly: true }),
  total: f('currency', { readOnly: true }),
  amountremaining: f('currency', { readOnly: true }),
  amountpaid: f('currency', { readOnly: true }),
};

const ITEM_BODY = {
  itemid: f('text', { mandatory: true }),
  displayname: f('text'),
  description: f('textarea'),
  salesdescription: f('textarea'),
  isinactive: f('checkbox', { defaultValue: false }),
  subsidiary: f('multiselect', { selectType: 'subsidiary' }),
  includechildren: f('checkbox', { defaultValue: false }),
  rate: f('currency'),
  subtype: f('text', { defaultValue: 'Sale' }),
};

/** The standard record types the emulator models (field IDs as in NetSuite's Records Browser). */
export const STANDARD_RECORD_TYPES: readonly RecordTypeDef[] = [
  {
    type: 'subsidiary',
    kind: 'other',
    label: 'Subsidiary',
    fields: fields({
      name: f('text', { mandatory: true }),
      currency: f('select', { selectType: 'currency', mandatory: true }),
      country: f('text'),
      isinactive: f('checkbox', { defaultValue: false }),
    }),
    sublists: {},
  },
  {
    type: 'currency',
    kind: 'other',
    label: 'Currency',
    fields: fields({
      name: f('text', { mandatory: true }),
      symbol: f('text', { mandatory: true }),
      exchangerate: f('float', { defaultValue: 1 }),
      currencyprecision: f('integer', { defaultValue: 2 }),
      isbasecurrency: f('checkbox', { defaultValue: false }),
      isinactive: f('checkbox', { defaultValue: false }),
    }),
    sublists: {},
  },
  {
    // The Currency Exchange Rates table (Oracle help, "Currency Rate"; SuiteTalk schema CurrencyRate).
    type: 'currencyrate',
    kind: 'other',
    label: 'Currency Exchange Rate',
    fields: fields({
      basecurrency: f('select', { selectType: 'currency', mandatory: true }),
      transactioncurrency: f('select', { selectType: 'currency', mandatory: true }),
      exchangerate: f('float', { mandatory: true }),
      effectivedate: f('date', { mandatory: true }),
    }),
    sublists: {},
  },
  {
    type: 'account',
    kind: 'other',
    label: 'Account',
    fields: fields({
      acctname: f('text', { mandatory: true }),
      acctnumber: f('text'),
      accttype: f('text', { mandatory: true }),
      currency: f('select', { selectType: 'currency' }),
      subsidiary: f('multiselect', { selectType: 'subsidiary' }),
      description: f('text'),
      isinactive: f('checkbox', { defaultValue: false }),
    }),
    sublists: {},
  },
  {
    type: 'customer',
    kind: 'entity',
    label: 'Customer',
    fields: fields({
      entityid: f('text'),
      isperson: f('checkbox', { defaultValue: false }),
      companyname: f('text'),
      firstname: f('text'),
      lastname: f('text'),
      email: f('email'),
      phone: f('text'),
      subsidiary: f('select', { selectType: 'subsidiary', mandatory: true }),
      currency: f('select', { selectType: 'currency' }),
      comments: f('textarea'),
      isinactive: f('checkbox', { defaultValue: false }),
      balance: f('currency', { readOnly: true }),
    }),
    sublists: {
      // Multiple Currencies per customer: the Currencies subtab (web services: currencyList of CustomerCurrency).
      currency: sublist('currency', { currency: f('select', { selectType: 'currency', mandatory: true }) }),
      // The Address subtab: a line per address, its address in the subrecord field `addressbookaddress`
      // (records/addressSubrecord.ts; Oracle help, "Creating an Address Sublist Subrecord Example": label,
      // defaultbilling, defaultshipping on the line). The emulator keeps the subrecord as JSON text in the field.
      addressbook: sublist('addressbook', {
        label: f('text'),
        defaultbilling: f('checkbox', { defaultValue: false }),
        defaultshipping: f('checkbox', { defaultValue: false }),
        isresidential: f('checkbox', { defaultValue: false }),
        addressbookaddress: f('textarea', { readOnly: true }),
      }),
    },
  },
  {
    // Who scripts send email as (N/email author) and whom record links name (Records Browser: employee).
    type: 'employee',
    kind: 'entity',
    label: 'Employee',
    fields: fields({
      entityid: f('text'),
      firstname: f('text', { mandatory: true }),
      lastname: f('text', { mandatory: true }),
      email: f('email'),
      subsidiary: f('select', { selectType: 'subsidiary', mandatory: true }),
      giveaccess: f('checkbox', { defaultValue: false }),
      isinactive: f('checkbox', { defaultValue: false }),
    }),
    sublists: {},
  },
  {
    type: 'serviceitem',
    kind: 'item',
    label: 'Service Item',
    fields: fields({
      ...ITEM_BODY,
      incomeaccount: f('select', { selectType: 'account', mandatory: true }),
      // Advanced Revenue Management (Oracle help, "Item Configuration for Advanced Revenue Management
      // (Essentials) and (Revenue Allocation)": Revenue Recognition Rule on the item's Revenue Recognition /
      // Amortization subtab). Rules are not modelled: any internal ID is kept.
      revenuerecognitionrule: f('integer'),
    }),
    sublists: {},
  },
  {
    type: 'noninventoryitem',
    kind: 'item',
    label: 'Non-inventory Item',
    // record.Type.NON_INVENTORY_ITEM is 'noninventoryitem' for all three kinds; `subtype` (Sale / Resale /
    // Purchase) tells them apart (SuiteScript Records Browser, "Non-inventory Item": subtype; SuiteQL item.itemtype
    // 'NonInvtPart'). A resale item also has an expense account. "Can be Fulfilled/Received" (`isfulfillable`)
    // decides whether an order line of the item waits for a fulfillment (Oracle help, "Non-Inventory Items for
    // Sale"); off by default here (emulator README, Guesses).
    fields: fields({
      ...ITEM_BODY,
      incomeaccount: f('select', { selectType: 'account', mandatory: true }),
      expenseaccount: f('select', { selectType: 'account' }),
      isfulfillable: f('checkbox', { defaultValue: false }),
    }),
    sublists: {},
  },
  {
    type: 'inventoryitem',
    kind: 'item',
    label: 'Inventory Item',
    fields: fields({
      ...ITEM_BODY,
      incomeaccount: f('select', { selectType: 'account', mandatory: true }),
      cogsaccount: f('select', { selectType: 'account', mandatory: true }),
      assetaccount: f('select', { selectType: 'account', mandatory: true }),
    }),
    sublists: {},
  },
  {
    type: 'discountitem',
    kind: 'item',
    label: 'Discount Item',
    fields: fields({
      ...ITEM_BODY,
      account: f('select', { selectType: 'account', mandatory: true }),
      ispretax: f('checkbox', { defaultValue: true }),
    }),
    sublists: {},
  },
  {
    // A Tax Code (Setup > Accounting > Taxes > Tax Codes; record type `salestaxitem`, as public SuiteScript
    // loads and looks it up: record.load / search.lookupFields({ type: 'salestaxitem', columns: ['rate'] })).
    // Oracle help, "Creating Tax Codes": "Tax codes determine how much tax is applied to each line item on your
    // transaction records"; Records Browser, salestaxitem: rate "Enter the appropriate tax rate as a percentage"
    // (a percent: 8 is 8%). The account the tax posts to: NetSuite takes it from the code's tax type ("Tax
    // Types Overview": tax types decide "where tax is paid or collected in the balance sheet", the type's
    // Liability/Sales Tax Account); the emulator keeps that account on the code itself (`taxaccount`,
    // emulator README, Guesses). Kind 'other': a tax code is not an item a line can sell.
    type: 'salestaxitem',
    kind: 'other',
    label: 'Tax Code',
    fields: fields({
      itemid: f('text', { mandatory: true }),
      displayname: f('text'),
      description: f('textarea'),
      rate: f('percent', { mandatory: true }),
      taxtype: f('text'),
      taxaccount: f('select', { selectType: 'account', mandatory: true }),
      isinactive: f('checkbox', { defaultValue: false }),
    }),
    sublists: {},
  },
  {
    type: 'invoice',
    kind: 'transaction',
    label: 'Invoice',
    transactionCode: 'CustInvc',
    fields: fields(SALES_BODY),
    sublists: { item: ITEM_LINES },
  },
  {
    type: 'creditmemo',
    kind: 'transaction',
    label: 'Credit Memo',
    transactionCode: 'CustCred',
    fields: fields({
      ...SALES_BODY,
      applied: f('currency', { readOnly: true }),
      unapplied: f('currency', { readOnly: true }),
    }),
    sublists: { item: ITEM_LINES, apply: APPLY_LINES },
  },
  {
    type: 'salesorder',
    kind: 'transaction',
    label: 'Sales Order',
    transactionCode: 'SalesOrd',
    // Non-posting (no GL). `orderstatus` is the approval status a script may set (A Pending Approval, B Pending
    // Fulfillment: Records Browser, salesorder); `status` is what NetSuite derives (engine, orderStatus).
    fields: fields({ ...SALES_BODY, orderstatus: f('text', { defaultValue: 'B' }) }),
    sublists: { item: SALES_ORDER_LINES },
  },
  {
    // Posts cost of goods sold for inventory items in NetSuite; the emulator does not model COGS (README).
    type: 'itemfulfillment',
    kind: 'transaction',
    label: 'Item Fulfillment',
    transactionCode: 'ItemShip',
    fields: fields({
      tranid: f('text'),
      trandate: f('date', { mandatory: true }),
      entity: f('select', { selectType: 'customer', mandatory: true }),
      subsidiary: f('select', { selectType: 'subsidiary' }),
      createdfrom: f('select', { selectType: 'transaction', mandatory: true }),
      memo: f('text'),
      shipstatus: f('text', { defaultValue: 'C' }),
      status: f('text', { readOnly: true }),
      statusref: f('text', { readOnly: true }),
    }),
    sublists: {
      item: sublist('item', {
        item: f('select', { selectType: 'item', mandatory: true }),
        description: f('textarea'),
        quantity: f('float'),
        itemreceive: f('checkbox', { defaultValue: true }),
        orderline: f('integer', { readOnly: true }),
      }),
    },
  },
  {
    type: 'customerpayment',
    kind: 'transaction',
    label: 'Customer Payment',
    transactionCode: 'CustPymt',
    fields: fields({
      ...TRANSACTION_BODY,
      customer: f('select', { selectType: 'customer', mandatory: true }),
      payment: f('currency', { mandatory: true }),
      undepfunds: f('checkbox', { defaultValue: true }),
      account: f('select', { selectType: 'account' }),
      aracct: f('select', { selectType: 'account' }),
      paymentmethod: f('text'),
      applied: f('currency', { readOnly: true }),
      unapplied: f('currency', { readOnly: true }),
      total: f('currency', { readOnly: true }),
    }),
    sublists: { apply: APPLY_LINES },
  },
  {
    type: 'customerrefund',
    kind: 'transaction',
    label: 'Customer Refund',
    transactionCode: 'CustRfnd',
    fields: fields({
      ...TRANSACTION_BODY,
      customer: f('select', { selectType: 'customer', mandatory: true }),
      account: f('select', { selectType: 'account' }),
      aracct: f('select', { selectType: 'account' }),
      paymentmethod: f('text'),
      total: f('currency', { readOnly: true }),
    }),
    sublists: {
      apply: APPLY_LINES,
      // Unapplied customer deposits the refund pays back (Oracle help, REST "Customer Refund": "The deposit
      // sublist of the CustomerRefundDepositLine subrecord"; SOAP CustomerRefundDeposit: apply, doc, depositDate,
      // refNum, total, remaining, currency, amount). NetSuite fills it with the customer's open deposits.
      deposit: sublist(
        'deposit',
        {
          apply: f('checkbox', { defaultValue: false }),
          doc: f('select', { selectType: 'transaction', readOnly: true }),
          refnum: f('text', { readOnly: true }),
          depositdate: f('date', { readOnly: true }),
          total: f('currency', { readOnly: true }),
          remaining: f('currency', { readOnly: true }),
          currency: f('select', { selectType: 'currency', readOnly: true }),
          amount: f('currency'),
        },
        true,
      ),
    },
  },
  {
    type: 'customerdeposit',
    kind: 'transaction',
    label: 'Customer Deposit',
    transactionCode: 'CustDep',
    fields: fields({
      ...TRANSACTION_BODY,
      customer: f('select', { selectType: 'customer', mandatory: true }),
      salesorder: f('select', { selectType: 'salesorder' }),
      payment: f('currency', { mandatory: true }),
      undepfunds: f('checkbox', { defaultValue: true }),
      account: f('select', { selectType: 'account' }),
      paymentmethod: f('text'),
      total: f('currency', { readOnly: true }),
    }),
    sublists: {},
  },
  {
    // Oracle help, "Deposit Application" (SuiteScript): applies a customer deposit to invoices; "cannot be
    // created" with record.create, made by transforming a customer deposit (REST "Deposit Application":
    // "you can create a deposit application only by transformation") or by NetSuite itself. Fields as the
    // Records Browser / SOAP DepositApplication: customer, deposit, depositdate, aracct, applied, unapplied,
    // and the `apply` sublist of open invoices.
    type: 'depositapplication',
    kind: 'transaction',
    label: 'Deposit Application',
    transactionCode: 'DepAppl',
    fields: fields({
      ...TRANSACTION_BODY,
      customer: f('select', { selectType: 'customer', mandatory: true }),
      deposit: f('select', { selectType: 'transaction', mandatory: true }),
      depositdate: f('date', { readOnly: true }),
      aracct: f('select', { selectType: 'account' }),
      applied: f('currency', { readOnly: true }),
      unapplied: f('currency', { readOnly: true }),
      total: f('currency', { readOnly: true }),
    }),
    sublists: { apply: APPLY_LINES },
  },
  {
    type: 'deposit',
    kind: 'transaction',
    label: 'Deposit',
    transactionCode: 'Deposit',
    fields: fields({
      ...TRANSACTION_BODY,
      account: f('select', { selectType: 'account', mandatory: true }),
      total: f('currency', { readOnly: true }),
    }),
    sublists: {
      payment: sublist(
        'payment',
        {
          deposit: f('checkbox', { defaultValue: false }),
          id: f('select', { selectType: 'transaction', readOnly: true }),
          type: f('text', { readOnly: true }),
          docnumber: f('text', { readOnly: true }),
          entity: f('select', { selectType: 'customer', readOnly: true }),
          currency: f('select', { selectType: 'currency', readOnly: true }),
          trandate: f('date', { readOnly: true }),
          // In the deposit's currency: the payment's own amount, or for a payment in another currency its
          // base amount converted at the deposit's rate, which may be changed (engine, lineFieldWritable).
          paymentamount: f('currency', { readOnly: true }),
          // The payment's amount in its own currency (REST API deposit payment: transactionAmount, "Payment Amount").
          transactionamount: f('currency', { readOnly: true }),
          memo: f('text'),
        },
        true,
      ),
      other: sublist('other', {
        account: f('select', { selectType: 'account', mandatory: true }),
        amount: f('currency', { mandatory: true }),
        entity: f('select', { selectType: 'customer' }),
        memo: f('text'),
      }),
      cashback: sublist('cashback', {
        account: f('select', { selectType: 'account', mandatory: true }),
        amount: f('currency', { mandatory: true }),
        memo: f('text'),
      }),
    },
  },
  {
    type: 'journalentry',
    kind: 'transaction',
    label: 'Journal Entry',
    transactionCode: 'Journal',
    fields: fields(TRANSACTION_BODY),
    sublists: {
      line: GL_LINES,
    },
  },
  {
    // System-generated (Oracle help, "Currency Revaluation Transactions"): realized and rounding gain/loss
    // of payments applied at other rates. The engine writes them; scripts cannot create them (a guess).
    type: 'currencyrevaluation',
    kind: 'transaction',
    label: 'Currency Revaluation',
    transactionCode: 'FxReval',
    fields: fields({
      ...TRANSACTION_BODY,
      revaluationtype: f('text', { readOnly: true }),
      appliedto: f('select', { selectType: 'transaction', readOnly: true }),
    }),
    sublists: {
      line: GL_LINES,
    },
  },
];

/** Record types that share a select target group: a select of 'item' accepts any item type, etc. */
export const SELECT_GROUPS: Readonly<Record<string, 'item' | 'transaction' | 'entity'>> = {
  item: 'item',
  transaction: 'transaction',
  entity: 'entity',
};
