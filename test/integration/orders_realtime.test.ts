import {
  installBooking,
  queue,
  RELAY_ROLE,
  startIngressPipeline,
  type IngressPipeline,
} from '../../tools/localConnector';
import { orderSettings, paidOrder, statusOf } from './helpers/orders';
import { balanceOf, stripePost, transactionsOf } from './helpers/pipeline';

/**
 * Orders booked inside the webhook RESTlet call in realtime mode, under the role the relay really logs in with
 * (`customrole_snc_relay_realtime`): sales orders (Sales Order), customer deposits (Customer Deposit), deposit
 * applications (Deposit Application), SKU items (Items), refunds and closing all within its permissions.
 */
describe('orders under the realtime relay role', () => {
  let pipeline: IngressPipeline;

  beforeEach(async () => {
    pipeline = await startIngressPipeline(
      { custrecord_snc_set_mode: 'realtime' },
      { webhooks: { autoDeliver: false } },
      RELAY_ROLE.realtime,
    );
  });
  afterEach(() => pipeline.close());

  const statuses = (): unknown[][] => queue(pipeline.ns).map((e) => [e['type'], e['status'], e['error']]);
  const notDone = (): unknown[][] =>
    statuses().filter(([, status]) => !['done', 'no_action', 'unhandled'].includes(String(status)));

  it('billed at payment, the connector applying the deposit, then refunded in part: all booked in the call', async () => {
    const setup = installBooking(pipeline, ['usd']);
    orderSettings(pipeline, setup, 'bill_at_payment');
    pipeline.ns.records.orders.autoApplyDeposits = false;
    const { order, charge } = paidOrder(pipeline);
    stripePost(pipeline, '/v1/refunds', { charge, amount: 1039 });
    await pipeline.stripe.deliverAll();
    expect(notDone()).toEqual([]);
    expect(transactionsOf(pipeline).map((t) => t['recordtype'])).toEqual([
      'salesorder',
      'customerdeposit',
      'invoice',
      'depositapplication',
      'creditmemo',
      'customerrefund',
    ]);
    expect(statusOf(pipeline, order)).toBe('G');
    // 20.78 paid, 10.39 (half: 9.99 revenue, 0.40 tax) given back.
    expect(balanceOf(pipeline, setup.income)).toBe(-999);
    expect(balanceOf(pipeline, setup.taxPayable)).toBe(-40);
    expect(balanceOf(pipeline, setup.undepositedFunds)).toBe(1039);
  });

  it('left to fulfilment, refunded and cancelled: the deposit refunded and the order closed in the call', async () => {
    const setup = installBooking(pipeline, ['usd']);
    orderSettings(pipeline, setup, 'leave_to_fulfilment');
    const { order, charge } = paidOrder(pipeline);
    stripePost(pipeline, '/v1/refunds', { charge });
    stripePost(pipeline, `/v1/orders/${order}`, { status: 'canceled' });
    await pipeline.stripe.deliverAll();
    expect(notDone()).toEqual([]);
    expect(transactionsOf(pipeline).map((t) => t['recordtype'])).toEqual([
      'salesorder',
      'customerdeposit',
      'customerrefund',
      // NetSuite's application of the deposit to the refund ("Refunding a deposit", emulator README).
      'depositapplication',
    ]);
    expect(statusOf(pipeline, order)).toBe('H');
    expect(balanceOf(pipeline, Number(pipeline.ns.base.accounts.customerDeposits))).toBe(0);
    expect(balanceOf(pipeline, setup.undepositedFunds)).toBe(0);
  });
});
