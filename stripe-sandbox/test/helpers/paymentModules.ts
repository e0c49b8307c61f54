import type { ResourceModule } from '../../src/core/routes';
import * as balanceAdjustments from '../../src/resources/balanceAdjustments';
import * as balanceTransactions from '../../src/resources/balanceTransactions';
import * as charges from '../../src/resources/charges';
import * as connect from '../../src/resources/connect';
import * as customers from '../../src/resources/customers';
import * as disputes from '../../src/resources/disputes';
import * as paymentIntents from '../../src/resources/paymentIntents';
import * as paymentMethods from '../../src/resources/paymentMethods';
import * as payouts from '../../src/resources/payouts';
import * as refunds from '../../src/resources/refunds';

/** The resources card payments need, from a customer to the payout of its charges, refunds and disputes. */
export const PAYMENT_MODULES: readonly ResourceModule[] = [
  balanceTransactions,
  balanceAdjustments,
  connect,
  customers,
  paymentMethods,
  paymentIntents,
  charges,
  refunds,
  disputes,
  payouts,
];
