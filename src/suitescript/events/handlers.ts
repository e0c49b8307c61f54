import { bookChargeEvent, bookRefundEvent } from '../booking/flows/chargeEvents';
import type { BookingContext } from '../booking/flows/context';
import { bookCreditNote } from '../booking/flows/creditNotes';
import { bookCustomer } from '../booking/flows/customers';
import { bookCustomerUpdate } from '../booking/flows/customerUpdates';
import { bookItemUpdates } from '../booking/flows/itemUpdates';
import { bookDispute } from '../booking/flows/disputes';
import { bookCancelledSubscription } from '../booking/flows/cancelledSubscriptions';
import { bookInvoiceEvent } from '../booking/flows/invoiceEvents';
import { bookPrice } from '../booking/flows/prices';
import { noteOf, type FlowOutcome } from '../booking/flows/outcome';
import { bookOrderEvent } from '../booking/flows/orders';
import { bookSku } from '../booking/flows/skus';
import type {
  StripeCharge,
  StripeCreditNote,
  StripeCustomer,
  StripeDispute,
  StripeInvoice,
  StripeOrder,
  StripePrice,
  StripeProduct,
  StripeSku,
  StripeSubscription,
} from '../booking/stripeShapes';
import type { NetSuiteBooks } from '../booking/ports';
import { planAsPrice, type StripePlan } from '../booking/items';
import { writeBacksOf } from '../booking/writeBacks';
import type { EventHandler, HandlerContext, HandlerRegistry } from './processor';

function bookingContext(context: HandlerContext, books: NetSuiteBooks): BookingContext {
  return { booking: context.settings.booking, stripe: context.stripe, books };
}

/** After a flow booked: the NetSuite IDs it made, to write to Stripe metadata when the setting is on. */
function queueWriteBacksOf(outcome: FlowOutcome, context: HandlerContext): void {
  if (!context.settings.booking.writeBackIds || !context.queueWriteBacks) return;
  const items = writeBacksOf(outcome);
  if (items.length > 0) context.queueWriteBacks(items);
}

/** The booking flows wired to a NetSuite implementation (tests pass a fake). */
export function bookingHandlers(books: NetSuiteBooks): HandlerRegistry {
  const on =
    <T>(flow: (object: T, ctx: BookingContext, type: string) => FlowOutcome): EventHandler =>
    (event, context) => {
      try {
        const outcome = flow(event.data.object as unknown as T, bookingContext(context, books), event.type);
        queueWriteBacksOf(outcome, context);
        return noteOf(outcome);
      } catch (error) {
        // What memory gave this run may be what failed it: the retry asks NetSuite.
        books.forgetRecalled();
        throw error;
      }
    };
  return {
    // Products are not booked; their names are kept for the prices that follow (item names).
    product: (event, context) => {
      const product = event.data.object as unknown as StripeProduct;
      context.stripe.remember?.(`/v1/products/${product.id}`, product);
      return `${product.id}: no NetSuite record; kept for naming its prices' items`;
    },
    customer: on<StripeCustomer>((customer, ctx) => bookCustomer(customer, ctx)),
    price: on<StripePrice>((price, ctx) => bookPrice(price, ctx)),
    plan: on<StripePlan>((plan, ctx) => bookPrice(planAsPrice(plan), ctx)),
    // By the invoice's status: open invoices book without payments (they come with the success); void,
    // uncollectible and out-of-band paid invoices are closed as the settings say (flows/invoiceEvents.ts); an
    // invoice paid from the customer balance is closed by its credit memos (flows/customerBalance.ts).
    invoice: on<StripeInvoice>((invoice, ctx, type) => bookInvoiceEvent(invoice, ctx, type)),
    subscription: on<StripeSubscription>((subscription, ctx) => bookCancelledSubscription(subscription, ctx)),
    // A legacy order's charge books the order's records (flows/chargeEvents.ts routes it).
    charge: on<StripeCharge>((charge, ctx, type) =>
      bookChargeEvent(charge, ctx, { firstEvent: type !== 'charge.updated' }),
    ),
    refund: on<StripeCharge>((charge, ctx) => bookRefundEvent(charge, ctx)),
    sku: on<StripeSku>((sku, ctx) => bookSku(sku, ctx)),
    order: on<StripeOrder>((order, ctx, type) => bookOrderEvent(order, ctx, type)),
    dispute: on<StripeDispute>((dispute, ctx) => bookDispute(dispute, ctx)),
    creditNote: on<StripeCreditNote>((note, ctx) => bookCreditNote(note, ctx)),
    // The optional updates (settings Update Customers / Items From Stripe; events/eventTable.ts routes here
    // only when on). A product is still kept for naming its prices' items, as the product observer does.
    customerUpdate: on<StripeCustomer>((customer, ctx) => bookCustomerUpdate(customer, ctx)),
    itemUpdate: on<StripeProduct>((product, ctx) => {
      ctx.stripe.remember?.(`/v1/products/${product.id}`, product);
      return bookItemUpdates(product, ctx);
    }),
  };
}
