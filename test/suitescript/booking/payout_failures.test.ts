import { bookFailedPayout, expandFailedPayouts } from '../../../src/suitescript/booking/flows/payoutFailures';
import { bookPayout } from '../../../src/suitescript/booking/payouts';
import { parseSettings } from '../../../src/suitescript/settings';
import { fakeStripe, noStripe } from './fakes';
import type { PayoutBooks, PayoutReconciliation } from '../../../src/suitescript/booking/payouts';
import { stripeClient } from '../../../src/suitescript/booking/stripeClient';
import type { StripePayout } from '../../../src/suitescript/booking/stripeShapes';
import { REVERSED_PAYOUT_CATEGORY, type PayoutBalanceTransaction } from '../../../src/suitescript/deposits/depositPlan';
import type { StripeReader } from '../../../src/suitescript/stripe/reader';

function bt(id: string, category: string, amount: number, fee: number, source: unknown): PayoutBalanceTransaction {
  return {
    id,
    amount,
    fee,
    net: amount - fee,
    currency: 'usd',
    exchange_rate: null,
    reporting_category: category,
    source: source as PayoutBalanceTransaction['source'],
  };
}

/** Stripe's list of a payout's balance transactions, by payout ID; every list asked for is recorded. */
function stripeWith(byPayout: Record<string, PayoutBalanceTransaction[]>): {
  reader: StripeReader;
  asked: string[];
} {
  const asked: string[] = [];
  const reader: StripeReader = {
    retrieve<T>(): T {
      throw new Error('not expected');
    },
    list<T>(_path: string, params?: Readonly<Record<string, unknown>>): T[] {
      const payout = String(params?.['payout']);
      asked.push(payout);
      return (byPayout[payout] ?? []) as T[];
    },
  };
  return { reader, asked };
}

const known = (status: string): PayoutReconciliation => ({ id: 7, status, plan: null });

describe('a later payout deposits what a failed payout held', () => {
  const held = [
    bt('txn_c1', 'charge', 5000, 175, { id: 'ch_1', object: 'charge' }),
    bt('txn_c2', 'charge', 2599, 105, { id: 'ch_2', object: 'charge' }),
    bt('txn_po1', 'payout', -7319, 0, 'po_1'),
  ];
  const reversal = bt('txn_fail', 'payout_reversal', 7319, 0, { id: 'po_1', object: 'payout', automatic: true });
  const charge3 = bt('txn_c3', 'charge', 1000, 59, 'ch_3');

  it("the reversal of an automatic payout is replaced by that payout's balance transactions (not its own)", () => {
    const { reader, asked } = stripeWith({ po_1: held });
    const out = expandFailedPayouts([reversal, charge3], stripeClient(reader), { reconciliation: () => null });
    expect(out.map((b) => b.id)).toEqual(['txn_c1', 'txn_c2', 'txn_c3']);
    expect(asked).toEqual(['po_1']);
  });

  it('a failed payout whose deposit was reversed by journal entry: one line, to Undeposited Funds', () => {
    const { reader, asked } = stripeWith({ po_1: held });
    const out = expandFailedPayouts([reversal], stripeClient(reader), {
      reconciliation: () => known('failed_reversed'),
    });
    expect(out).toEqual([{ ...reversal, reporting_category: REVERSED_PAYOUT_CATEGORY }]);
    expect(asked).toEqual([]);
  });

  it('a manual payout (not itemised) or a list that does not add up keeps the reversal as it is', () => {
    const manual = bt('txn_m', 'payout_reversal', 2000, 0, { id: 'po_2', object: 'payout', automatic: false });
    const short = bt('txn_s', 'payout_reversal', 9999, 0, { id: 'po_1', object: 'payout', automatic: true });
    const { reader, asked } = stripeWith({ po_1: held });
    const out = expandFailedPayouts([manual, short], stripeClient(reader), { reconciliation: () => null });
    expect(out).toEqual([manual, short]);
    expect(asked).toEqual(['po_1']);
  });
});

describe('payout.failed gives the deposit back', () => {
  const payout: StripePayout = {
    id: 'po_1',
    amount: 7319,
    currency: 'usd',
    status: 'failed',
    automatic: true,
    arrival_date: 1_800_000_000,
    failure_code: 'account_closed',
    failure_message: 'The bank account has been closed.',
  };

  function books(status: string | null, deposits: number[], refuse: number[] = []) {
    const undone: number[] = [];
    const recorded: { status: string; deposits: number[]; note?: string }[] = [];
    const fake: Pick<PayoutBooks, 'reconciliation' | 'existingDeposits' | 'undoDeposit' | 'recordReconciliation'> = {
      reconciliation: () => (status === null ? null : known(status)),
      existingDeposits: () => deposits,
      undoDeposit: (_p, id) => {
        undone.push(id);
        return refuse.includes(id) ? 'reversed' : 'deleted';
      },
      recordReconciliation: (_p, result) => {
        recorded.push({ status: result.status, deposits: result.deposits, note: result.note });
        return known(result.status);
      },
    };
    return { fake: fake as PayoutBooks, undone, recorded };
  }

  it('a deposited payout: its deposit is deleted and the payout recorded failed, with the reason', () => {
    const { fake, undone, recorded } = books('reconciled', [31]);
    expect(bookFailedPayout(payout, fake)).toContain('Deposit 31 deleted');
    expect(undone).toEqual([31]);
    expect(recorded).toEqual([
      {
        status: 'failed',
        deposits: [],
        note: expect.stringContaining('account_closed: The bank account has been closed.'),
      },
    ]);
  });

  it('a deposit NetSuite will not delete is reversed, and the payout recorded failed_reversed with it', () => {
    const { fake, recorded } = books('reconciled', [31], [31]);
    expect(bookFailedPayout(payout, fake)).toContain('reversed to Undeposited Funds');
    expect(recorded).toEqual([{ status: 'failed_reversed', deposits: [31], note: expect.any(String) }]);
  });

  it('never deposited: recorded failed, nothing undone; a second run changes nothing', () => {
    const first = books(null, []);
    expect(bookFailedPayout(payout, first.fake)).toContain('No deposit had been made');
    expect(first.recorded).toEqual([{ status: 'failed', deposits: [], note: expect.any(String) }]);
    const again = books('failed', [31]);
    expect(bookFailedPayout(payout, again.fake)).toContain('already recorded');
    expect({ undone: again.undone, recorded: again.recorded }).toEqual({ undone: [], recorded: [] });
  });
});

describe("payout events around a failure and Stripe's reconciliation", () => {
  const settings = parseSettings(1, {
    custrecord_snc_set_account: 'acct_123',
    custrecord_snc_set_whsec: 'custsecret_snc_stripe_webhook',
  });
  const paid: StripePayout = {
    id: 'po_1',
    amount: 7319,
    currency: 'usd',
    status: 'paid',
    automatic: true,
    arrival_date: 1_800_000_000,
    reconciliation_status: 'completed',
  };
  const event = (type: string, object: StripePayout) => ({
    id: 'evt_1',
    type,
    created: 1_800_000_000,
    livemode: false,
    data: { object: { ...object, object: 'payout' as const } },
  });
  /** Books that answer the reconciliation record and refuse anything else. */
  const booksSaying = (status: string | null): PayoutBooks =>
    new Proxy({} as PayoutBooks, {
      get: (_target, name) =>
        name === 'reconciliation'
          ? () => (status === null ? null : known(status))
          : () => {
              throw new Error(`unexpected ${String(name)}`);
            },
    });

  it('payout.paid processed after payout.failed makes no deposit and reads nothing from Stripe', () => {
    expect(bookPayout(event('payout.paid', paid), { settings, stripe: noStripe }, booksSaying('failed'))).toContain(
      'failed after it was paid: no deposit',
    );
  });

  it('payout.created while Stripe reconciles reads nothing; a paid payout still reconciling is retried', () => {
    const inProgress = { ...paid, status: 'in_transit', reconciliation_status: 'in_progress' as const };
    expect(
      bookPayout(event('payout.created', inProgress), { settings, stripe: noStripe }, booksSaying(null)),
    ).toContain('Stripe is still reconciling it');
    const stillPaid = { ...paid, reconciliation_status: 'in_progress' as const };
    const stripe = fakeStripe({ '/v1/payouts/po_1': stillPaid });
    expect(() => bookPayout(event('payout.paid', stillPaid), { settings, stripe }, booksSaying(null))).toThrow(
      expect.objectContaining({ code: 'SNC_PAYOUT_NOT_RECONCILED_BY_STRIPE' }),
    );
    // Its payload predates the reconciliation: Stripe is asked once for the payout as it is now.
    expect(stripe.calls).toEqual(['GET /v1/payouts/po_1']);
  });
});
