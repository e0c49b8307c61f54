// A large payout through the payout flow: governance units beyond the deposit's own create and save.
import Stripe from 'stripe';
import type * as NRecord from 'N/record';
import { envelope, installBooking, QUEUE_MR, startIngressPipeline, WEBHOOK_RESTLET } from '../tools/localConnector';

export interface PayoutFigures {
  path: string;
  balanceTransactions: number;
  payoutUnits: number;
  depositCreateAndSaveUnits: number;
  unitsBeyondDeposit: number;
  depositMatchesPayout: boolean;
}

/**
 * `validatedFirst`: payout.reconciliation_completed (Stripe has reconciled the payout, before it arrives) is
 * processed first and keeps the validated plan, so payout.paid deposits from it; otherwise payout.paid
 * validates and deposits in one go.
 */
export async function benchPayout(charges = 1000, validatedFirst = false): Promise<PayoutFigures> {
  const pipeline = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
  const { ns, stripe } = pipeline;
  try {
    const books = installBooking(pipeline, ['usd']);
    const record = ns.testModules().modules['N/record'] as typeof NRecord;
    const customer = record.create({ type: 'customer' });
    customer.setValue({ fieldId: 'companyname', value: 'Bench customers' });
    customer.setValue({ fieldId: 'subsidiary', value: books.subsidiary });
    const customerId = customer.save();
    // The charges' payments as the charge flow books them.
    for (let i = 0; i < charges; i++) {
      const amount = 1000 + ((i * 7919) % 9000);
      const intent = stripe.request('POST', '/v1/payment_intents', {
        amount,
        currency: 'usd',
        payment_method: 'pm_card_bypassPending',
        confirm: 'true',
      });
      const payment = record.create({ type: 'customerpayment' });
      payment.setValue({ fieldId: 'customer', value: customerId });
      payment.setValue({ fieldId: 'payment', value: amount / 100 });
      payment.setValue({ fieldId: 'externalid', value: (intent.body as { latest_charge: string }).latest_charge });
      payment.save();
    }
    const [payout] = stripe.runPayouts();
    if (!payout) throw new Error('no payout');
    stripe.advanceClock(2 * 86400);
    ns.advance(2 * 86400 * 1000);
    const secret = ns.services.secrets.get('custsecret_snc_stripe_webhook') as string;
    const deliver = (type: string): void => {
      const events = (stripe.request('GET', '/v1/events', { type }).body as { data: Stripe.Event[] }).data;
      const payload = JSON.stringify(events[0]);
      const signature = new Stripe('sk_test_x').webhooks.generateTestHeaderString({
        payload,
        secret,
        timestamp: stripe.now(),
      });
      ns.restlet({
        ...WEBHOOK_RESTLET,
        method: 'POST',
        contentType: 'text/plain',
        body: envelope({ payload, signature }),
      });
    };
    let validationUnits = 0;
    if (validatedFirst) {
      deliver('payout.reconciliation_completed');
      const start = ns.usage().length;
      ns.mapReduce(QUEUE_MR);
      validationUnits =
        ns
          .usage()
          .slice(start)
          .find((u) => u.stage === 'reduce' && u.key === payout.id)?.units ?? 0;
    }
    deliver('payout.paid');
    const before = ns.usage().length;
    ns.mapReduce(QUEUE_MR);
    const reduce = ns
      .usage()
      .slice(before)
      .find((u) => u.stage === 'reduce' && u.key === payout.id);
    if (!reduce) throw new Error('the payout was not processed');
    const deposit = (reduce.calls['record.create']?.units ?? 0) >= 10 ? 10 + 20 : 0;
    const total = ns.sql.query(`SELECT foreigntotal AS total FROM transaction WHERE recordtype = 'deposit'`, [])
      .rows[0]?.['total'];
    return {
      path: validatedFirst
        ? `payout.paid from the plan reconciliation_completed kept (${validationUnits} units to validate)`
        : 'payout.paid alone: validate and deposit',
      balanceTransactions: charges,
      payoutUnits: reduce.units,
      depositCreateAndSaveUnits: deposit,
      unitsBeyondDeposit: reduce.units - deposit,
      depositMatchesPayout: Math.round(Number(total) * 100) === payout.amount,
    };
  } finally {
    await pipeline.close();
  }
}

if (require.main === module) {
  const count = Number(process.argv[2] ?? 1000);
  void Promise.all([benchPayout(count), benchPayout(count, true)]).then((rows) => {
    console.log('Payout → deposit (target: under 300 units beyond the deposit create and save for 1,000 transactions)');
    console.table(rows);
  });
}
