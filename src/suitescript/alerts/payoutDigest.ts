import type { Email } from './parkedDigest';

/** A payout reconciliation record still without its deposit. */
export interface StuckPayout {
  payoutId: string;
  /** Unix seconds the reconciliation record was made (the problem's first sight). */
  since: number;
  problems: string;
}

/** The payouts unreconciled longer than `afterHours` (0: the alert is off). */
export function payoutsToTell(payouts: readonly StuckPayout[], now: number, afterHours: number): StuckPayout[] {
  if (afterHours <= 0) return [];
  return payouts.filter((p) => now - p.since >= afterHours * 3600);
}

/** One email for every payout that stays unreconciled (null when none). */
export function payoutDigest(payouts: readonly StuckPayout[], afterHours: number): Email | null {
  if (payouts.length === 0) return null;
  const lines = payouts.map((p) => {
    const problems = p.problems.trim() === '' ? 'no deposit yet' : p.problems.trim().split('\n').join('; ');
    return `- ${p.payoutId}: ${problems.length > 500 ? `${problems.slice(0, 500)} …` : problems}`;
  });
  return {
    subject:
      payouts.length === 1
        ? `Stripe connector: payout ${payouts[0]?.payoutId ?? ''} not deposited after ${afterHours} hours`
        : `Stripe connector: ${payouts.length} payouts not deposited after ${afterHours} hours`,
    body:
      `${payouts.length === 1 ? 'This Stripe payout has' : 'These Stripe payouts have'} had no matching NetSuite deposit for more than ${afterHours} hours:\n\n` +
      `${lines.join('\n')}\n\n` +
      'Each "Stripe Payout Reconciliation" record names its problems. A payout is retried with its events; fix the ' +
      'cause (a mapping, a charge not booked, a parked event of the payout) and it deposits by itself. This email is ' +
      'sent once per payout.',
  };
}
