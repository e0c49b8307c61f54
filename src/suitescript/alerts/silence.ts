import type { Email } from './parkedDigest';

export interface SilenceState {
  /** Stripe's `created` of the newest event stored (Unix seconds); null when none ever arrived. */
  newestEvent: number | null;
  /** "Alert After Hours Without Events"; 0 turns the alert off. */
  alertAfterHours: number;
  /** The newest event's time the last silence email was about ("Silence Alert Sent For"); null when none. */
  toldFor: number | null;
}

/**
 * Whether the admin is told that no event has arrived: once the newest event is older than the setting, and
 * once per silence — a silence is known by its newest event, so the next hourly check stays quiet until an
 * event arrives and a new silence begins. An account that never received an event is not "silent": its
 * set-up is not finished, which the settings check says.
 */
export function silenceAlert(state: SilenceState, now: number, accountName: string): Email | null {
  if (state.alertAfterHours <= 0 || state.newestEvent === null) return null;
  if (now - state.newestEvent < state.alertAfterHours * 3600) return null;
  if (state.toldFor === state.newestEvent) return null;
  const hours = Math.floor((now - state.newestEvent) / 3600);
  const since = new Date(state.newestEvent * 1000).toISOString().replace('.000Z', 'Z');
  return {
    subject: `Stripe connector: no Stripe event for ${hours} hours (${accountName})`,
    body:
      `No Stripe event has reached NetSuite for ${accountName} since ${since} (${hours} hours; the alert is set at ` +
      `${state.alertAfterHours} hours).\n\n` +
      "If your Stripe account had activity since, check the relay (its /healthz and logs), the webhook endpoint in Stripe's " +
      "Dashboard (enabled, the right URL) and the catch-up script's execution log. If the account is simply quiet, " +
      'nothing is wrong; raise "Alert After Hours Without Events" on the settings, or set it to 0 to turn the alert off.\n\n' +
      'This email is sent once per silence: the next one only after new events arrive and stop again.',
  };
}
