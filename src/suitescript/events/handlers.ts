import { bookCharge, bookCustomer, bookInvoice, bookPrice, bookRefunds, type BookingContext } from '../booking/flows';
import type { StripeCharge, StripeCustomer, StripeInvoice, StripePrice } from '../booking/stripeShapes';
import type { NetSuiteBooks } from '../booking/ports';
import { planAsPrice, type StripePlan } from '../booking/items';
import type { EventHandler, HandlerContext, HandlerRegistry } from './processor';

function bookingContext(context: HandlerContext, books: NetSuiteBooks): BookingContext {
  return { booking: context.settings.booking, stripe: context.stripe, books };
}

/** The booking flows wired to a NetSuite implementation (tests pass a fake). */
export function bookingHandlers(books: NetSuiteBooks): HandlerRegistry {
  const on =
    <T>(flow: (object: T, ctx: BookingContext, type: string) => string): EventHandler =>
    (event, context) =>
      flow(event.data.object as unknown as T, bookingContext(context, books), event.type);
  return {
    customer: on<StripeCustomer>((customer, ctx) => bookCustomer(customer, ctx)),
    price: on<StripePrice>((price, ctx) => bookPrice(price, ctx)),
    plan: on<StripePlan>((plan, ctx) => bookPrice(planAsPrice(plan), ctx)),
    // payment_failed and updated: the customer and the open invoice; the payment comes with the success.
    invoice: on<StripeInvoice>((invoice, ctx, type) =>
      bookInvoice(invoice, ctx, { withPayments: type === 'invoice.payment_succeeded' }),
    ),
    charge: on<StripeCharge>((charge, ctx) => bookCharge(charge, ctx)),
    refund: on<StripeCharge>((charge, ctx) => bookRefunds(charge, ctx)),
  };
}
