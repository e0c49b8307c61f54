import type Stripe from 'stripe';
import { SandboxAccount, type PaymentRequest, type RefundRequest } from '../../src/core/account';
import type { ResourceModule, Route } from '../../src/core/routes';
import { moduleSandbox } from './modules';

/** Monday 2 March 2026, 10:00 UTC. */
export const START = Date.UTC(2026, 2, 2, 10) / 1000;

export interface FakePaymentOptions {
  /** A payment method named like `…threeDSecure…` leaves the intent `requires_action`. */
  threeDSecure?: boolean;
}

/**
 * Fake `pay`/`refund` services (payments are another module): a payment method named like `…Fail…` or
 * `…Declined…` is declined, any other succeeds. Returns the requests they were given.
 */
export function fakePaymentServices(account: SandboxAccount, options: FakePaymentOptions = {}) {
  const payments: PaymentRequest[] = [];
  const refunds: RefundRequest[] = [];
  account.services.pay = (request) => {
    payments.push(request);
    const declined = /Fail|Declined/i.test(request.paymentMethod);
    const action = options.threeDSecure === true && /threeDSecure/i.test(request.paymentMethod);
    const id = account.ids.next('pi');
    const charge = { id: account.ids.next('ch'), object: 'charge', amount: request.amount, paid: !declined };
    account.put(charge);
    const intent = {
      id,
      object: 'payment_intent',
      amount: request.amount,
      status: declined ? 'requires_payment_method' : action ? 'requires_action' : 'succeeded',
      latest_charge: charge.id,
    };
    account.put(intent);
    account.emit(declined ? 'charge.failed' : 'charge.succeeded', charge);
    account.emit(declined ? 'payment_intent.payment_failed' : 'payment_intent.succeeded', intent);
    return {
      paymentIntent: intent as unknown as Stripe.PaymentIntent,
      charge: charge as unknown as Stripe.Charge,
      declined: declined
        ? { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' }
        : null,
    };
  };
  account.services.refund = (request) => {
    refunds.push(request);
    const refund = { id: account.ids.next('re'), object: 'refund', amount: request.amount, charge: request.charge };
    account.put(refund);
    return refund as unknown as Stripe.Refund;
  };
  return { payments, refunds };
}

export interface BillingSandboxOptions extends FakePaymentOptions {
  /** Routes tried after the modules' own (fakes of modules not loaded). */
  extraRoutes?: readonly Route[];
}

/** A sandbox with the billing modules, fake customers and fake `pay`/`refund` services. */
export function billingSandbox(modules: readonly ResourceModule[], options: BillingSandboxOptions = {}) {
  const account = new SandboxAccount({ seed: 11, now: START });
  const box = moduleSandbox(account, modules, options.extraRoutes);
  const { payments, refunds } = fakePaymentServices(account, options);

  /** Puts a customer (Jenny Rosen, paying with `pm_card_visa`) straight into the store. */
  function customer(extra: Partial<Stripe.Customer> = {}): string {
    const id = account.ids.next('cus', 14);
    account.put({
      id,
      object: 'customer',
      balance: 0,
      created: START,
      currency: null,
      default_source: null,
      description: null,
      email: 'jenny@example.com',
      invoice_settings: {
        custom_fields: null,
        default_payment_method: 'pm_card_visa',
        footer: null,
        rendering_options: null,
      },
      livemode: false,
      metadata: {},
      name: 'Jenny Rosen',
      shipping: null,
      ...extra,
    });
    return id;
  }
  const invoice = (id: string) => box.call<Stripe.Invoice>('GET', `/v1/invoices/${id}`);
  return { ...box, customer, payments, refunds, invoice };
}
