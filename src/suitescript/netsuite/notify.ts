import email = require('N/email');
import log = require('N/log');
import type { Email } from '../alerts/parkedDigest';
import type { ConnectorSettings } from '../settings';

/**
 * Logs a parked event. The admin's email comes once per queue run, naming every event parked in it
 * (eventAlerts.ts, from the queue Map/Reduce's summarize), not one per event.
 */
export function logParked(eventId: string, eventType: string, error: string): void {
  log.error({ title: `Stripe event parked: ${eventId}`, details: `${eventType}: ${error}` });
}

/** Sends the admin an email when the settings say to whom (Notify Email, sent as Notify Sender); false if not. */
export function tellAdmin(settings: ConnectorSettings, message: Email): boolean {
  if (!settings.notifyEmail || !settings.notifyAuthor) return false;
  email.send({
    author: settings.notifyAuthor,
    recipients: [settings.notifyEmail],
    subject: message.subject,
    body: message.body,
  });
  return true;
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
