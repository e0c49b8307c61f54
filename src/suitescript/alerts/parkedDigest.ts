/** One parked event as the admin's email names it. */
export interface ParkedEvent {
  eventId: string;
  type: string;
  /** The error it was parked with (Last Error). */
  reason: string;
}

export interface Email {
  subject: string;
  body: string;
}

/** Reasons are cut in the email (the record keeps the whole text), so one bad event cannot swamp the rest. */
const REASON_CHARS = 500;

function cut(text: string): string {
  return text.length <= REASON_CHARS ? text : `${text.slice(0, REASON_CHARS)} …`;
}

/**
 * The one email of a queue run that parked events: every event with its type and reason (null when none
 * was parked). `more` counts parked events beyond those listed (left for the next run's email).
 */
export function parkedDigest(parked: readonly ParkedEvent[], more = 0): Email | null {
  if (parked.length === 0) return null;
  const count = parked.length + more;
  const subject =
    count === 1
      ? `Stripe connector: event ${parked[0]?.eventId ?? ''} parked, needs attention`
      : `Stripe connector: ${count} events parked, need attention`;
  const lines = parked.map((p) => `- ${p.eventId} (${p.type}): ${cut(p.reason)}`);
  if (more > 0) lines.push(`- … and ${more} more, named in the next email`);
  const body =
    `${count === 1 ? 'This Stripe event' : 'These Stripe events'} failed every attempt and ${count === 1 ? 'was' : 'were'} parked:\n\n` +
    `${lines.join('\n')}\n\n` +
    'Fix the cause, then set each event record\'s status back to "queued" (or run the "Stripe Connector: ' +
    'Retry parked events" deployment) to try again. Later events of the same Stripe objects wait behind them.';
  return { subject, body };
}
