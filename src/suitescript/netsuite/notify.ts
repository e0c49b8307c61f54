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
