import { orderOfCharge, type StripeCharge } from '../stripeShapes';
import { bookCharge, type ChargeOptions } from './charges';
import type { BookingContext } from './context';
import { bookOrderRefunds } from './orderRefunds';
import { bookOrderCharge } from './orders';
import type { FlowOutcome } from './outcome';
import { bookRefunds } from './refunds';

/**
 * Charge events by what the charge paid: a legacy order's charge (its `order` field) books the order's sales
 * order, customer deposit and billing (flows/orders.ts), any other charge a customer payment (flows/charges.ts).
 */

/** `charge.succeeded`, `charge.captured`, `charge.updated`. */
export function bookChargeEvent(charge: StripeCharge, ctx: BookingContext, options: ChargeOptions = {}): FlowOutcome {
  const order = orderOfCharge(charge);
  return order === null ? bookCharge(charge, ctx, options) : bookOrderCharge(charge, order, ctx);
}

/** `charge.refunded`. */
export function bookRefundEvent(charge: StripeCharge, ctx: BookingContext): FlowOutcome {
  const order = orderOfCharge(charge);
  return order === null ? bookRefunds(charge, ctx) : bookOrderRefunds(charge, order, ctx);
}
