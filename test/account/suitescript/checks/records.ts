// Sourcing in standard and dynamic mode, and the transforms the connector books with.
import record = require('N/record');
import { errorNameOf, expectThat, type Check } from '../check';
import type { Fixtures } from '../fixtures';

const MODES = 'Oracle help, "SuiteScript 2.x Standard and Dynamic Modes"';
const TRANSFORMS = 'Oracle help, "record.transform(options)" and "Supported Transformation Types"';

interface Scene {
  customer: number;
  invoice: number;
  memo: number;
  payment: number;
}

/** The records every check here reads: made once, on first use. */
function scene(fixtures: Fixtures): () => Scene {
  let made: Scene | null = null;
  return () => {
    if (made) return made;
    const customer = fixtures.customer();
    const item = fixtures.item();
    made = {
      customer,
      invoice: fixtures.document('invoice', customer, item, 40),
      memo: fixtures.document('creditmemo', customer, item, 25),
      payment: fixtures.unappliedPayment(customer, 15),
    };
    return made;
  };
}

function applyLine(rec: record.Record, doc: number): { line: number; apply: boolean; amount: number } {
  const line = rec.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(doc) });
  expectThat(
    line >= 0,
    `transaction ${doc} is not on the apply list (${rec.getLineCount({ sublistId: 'apply' })} lines)`,
  );
  return {
    line,
    apply: rec.getSublistValue({ sublistId: 'apply', fieldId: 'apply', line }) === true,
    amount: Number(rec.getSublistValue({ sublistId: 'apply', fieldId: 'amount', line })),
  };
}

export function recordChecks(fixtures: Fixtures): Check[] {
  const the = scene(fixtures);
  return [
    {
      name: 'standard mode: a payment given its customer lists no invoice before save',
      source: MODES,
      run() {
        const payment = record.create({ type: record.Type.CUSTOMER_PAYMENT });
        payment.setValue({ fieldId: 'customer', value: the().customer });
        const lines = payment.getLineCount({ sublistId: 'apply' });
        expectThat(lines === 0, `the apply list has ${lines} lines before save`);
        return 'apply list empty';
      },
    },
    {
      name: 'dynamic mode: a payment created with defaultValues { entity } lists the open invoice, unticked',
      source: `${MODES}; "record.create(options)"`,
      run() {
        const payment = record.create({
          type: record.Type.CUSTOMER_PAYMENT,
          isDynamic: true,
          defaultValues: { entity: the().customer },
        });
        const line = applyLine(payment, the().invoice);
        expectThat(!line.apply, 'the invoice is ticked already');
        return `invoice on line ${line.line}`;
      },
    },
    {
      name: 'dynamic mode: a refund created with defaultValues { entity } lists the open credit memo',
      source: `${MODES}; "record.create(options)"`,
      run() {
        const refund = record.create({
          type: record.Type.CUSTOMER_REFUND,
          isDynamic: true,
          defaultValues: { entity: the().customer },
        });
        return `credit memo on line ${applyLine(refund, the().memo).line}`;
      },
    },
    {
      name: 'transform invoice → customer payment ticks the invoice for the amount due',
      source: TRANSFORMS,
      run() {
        const payment = record.transform({
          fromType: record.Type.INVOICE,
          fromId: the().invoice,
          toType: record.Type.CUSTOMER_PAYMENT,
        });
        const line = applyLine(payment, the().invoice);
        expectThat(line.apply && line.amount === 40, `ticked ${String(line.apply)} for ${line.amount}, not 40`);
        return 'ticked for 40';
      },
    },
    {
      name: 'transform credit memo → customer refund ticks the credit memo for what is left of it',
      source: TRANSFORMS,
      run() {
        const refund = record.transform({
          fromType: record.Type.CREDIT_MEMO,
          fromId: the().memo,
          toType: record.Type.CUSTOMER_REFUND,
        });
        const line = applyLine(refund, the().memo);
        expectThat(line.apply && line.amount === 25, `ticked ${String(line.apply)} for ${line.amount}, not 25`);
        return 'ticked for 25';
      },
    },
    {
      name: 'transform customer payment → customer refund ticks the unapplied payment',
      source: TRANSFORMS,
      run() {
        const refund = record.transform({
          fromType: record.Type.CUSTOMER_PAYMENT,
          fromId: the().payment,
          toType: record.Type.CUSTOMER_REFUND,
        });
        const line = applyLine(refund, the().payment);
        expectThat(line.apply && line.amount === 15, `ticked ${String(line.apply)} for ${line.amount}, not 15`);
        return 'ticked for 15';
      },
    },
    {
      name: 'transform customer → customer payment lists the open invoice, unticked',
      source: TRANSFORMS,
      run() {
        const payment = record.transform({
          fromType: record.Type.CUSTOMER,
          fromId: the().customer,
          toType: record.Type.CUSTOMER_PAYMENT,
        });
        expectThat(!applyLine(payment, the().invoice).apply, 'the invoice is ticked already');
        return 'invoice listed';
      },
    },
    {
      name: 'a transform outside the supported list fails with INVALID_RCRD_TRANSFORM',
      source: TRANSFORMS,
      run() {
        const name = errorNameOf(() =>
          record.transform({
            fromType: record.Type.INVOICE,
            fromId: the().invoice,
            toType: record.Type.CUSTOMER_REFUND,
          }),
        );
        expectThat(name === 'INVALID_RCRD_TRANSFORM', `invoice → customer refund answered ${String(name)}`);
        return 'INVALID_RCRD_TRANSFORM';
      },
    },
  ];
}
