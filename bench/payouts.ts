// A large payout through the payout flow: governance units beyond the deposit's own create and save.
import Stripe from 'stripe';
import type * as NRecord from 'N/record';
import { installBooking, QUEUE_MR, startIngressPipeline, WEBHOOK_RESTLET } from '../tools/localConnector';

export interface PayoutFigures {
  balanceTransactions: number;
  payoutUnits: number;
  depositCreateAndSaveUnits: number;
  unitsBeyondDeposit: number;
  depositMatchesPayout: boolean;
}

export async function benchPayout(charges = 1000): Promise<PayoutFigures> {
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
    const events = (stripe.request('GET', '/v1/events', { type: 'payout.paid' }).body as { data: Stripe.Event[] }).data;
    const payload = JSON.stringify(events[0]);
    const secret = ns.services.secrets.get('custsecret_snc_stripe_webhook') as string;
    const signature = new Stripe('sk_test_x').webhooks.generateTestHeaderString({
      payload,
      secret,
      timestamp: stripe.now(),
    });
    ns.restlet({
      ...WEBHOOK_RESTLET,
      method: 'POST',
      contentType: 'text/plain',
      body: JSON.stringify({ v: 1, signature, payload }),
    });
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
  void benchPayout(Number(process.argv[2] ?? 1000)).then((figures) => {
    console.log('Payout → deposit (target: under 300 units beyond the deposit create and save for 1,000 transactions)');
    console.table([figures]);
  });
}
