import email = require('N/email');
import log = require('N/log');
import type { ConnectorSettings } from '../settings';

/** Tells the admin an event was parked: an error log line always, an email when settings say to whom. */
export function notifyParked(settings: ConnectorSettings, eventId: string, eventType: string, error: string): void {
  log.error({ title: `Stripe event parked: ${eventId}`, details: `${eventType}: ${error}` });
  if (settings.notifyEmail && settings.notifyAuthor) {
    email.send({
      author: settings.notifyAuthor,
      recipients: [settings.notifyEmail],
      subject: `Stripe connector: event ${eventId} needs attention`,
      body:
        `The Stripe event ${eventId} (${eventType}) failed ${settings.maxAttempts} times and was parked.\n\n` +
        `Last error: ${error}\n\n` +
        'Fix the cause, then set the event record\'s status back to "queued" (or run the ' +
        '"Stripe Connector: Retry parked events" deployment) to try it again.',
    });
  }
}

/**
 * Tells the admin a payout cannot be deposited until a mapping is made (an account for a reporting category,
 * a bank account for its currency): an error log line, and an email when settings say to whom.
 */
export function notifyPayoutUnreconciled(
  settings: ConnectorSettings,
  payoutId: string,
  problems: readonly string[],
): void {
  log.error({ title: `Stripe payout not deposited: ${payoutId}`, details: problems.join('\n') });
  if (settings.notifyEmail && settings.notifyAuthor) {
    email.send({
      author: settings.notifyAuthor,
      recipients: [settings.notifyEmail],
      subject: `Stripe connector: payout ${payoutId} needs an account mapped`,
      body:
        `The Stripe payout ${payoutId} cannot be deposited until an admin maps an account:\n\n` +
        `${problems.map((p) => `- ${p}`).join('\n')}\n\n` +
        'Map each reporting category named above with a "Stripe Reporting Category Account" record (a bank ' +
        'account per payout currency with a "Stripe Connector Bank Account" record) on the connector settings. ' +
        'The payout is retried by itself and deposited once the mapping is there; see its "Stripe Payout ' +
        'Reconciliation" record. This email is sent once per payout.',
    });
  }
}
