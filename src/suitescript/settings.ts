/** The connector's settings for one Stripe account (custom record customrecord_snc_settings). */
export type ProcessingMode = 'realtime' | 'high_volume';

export interface ConnectorSettings {
  /** Internal ID of the settings record. */
  id: number;
  /** Stripe account ID (`acct_…`): a Connect event for another account is refused. */
  stripeAccountId: string;
  /** Which Stripe mode this account books: live or test events only. */
  livemode: boolean;
  processingMode: ProcessingMode;
  /** Script ID of the API Secret holding the webhook endpoint's signing secret (`custsecret_…`). */
  webhookSecretName: string;
  signatureToleranceSeconds: number;
  /** Attempts before a failing event is parked for an admin. */
  maxAttempts: number;
  /** Who is told about parked events: an email address, sent as the employee `notifyAuthor`. */
  notifyEmail: string | null;
  notifyAuthor: number | null;
}

/** Field IDs of the settings record, by setting. */
export const SETTINGS_FIELDS = {
  stripeAccountId: 'custrecord_snc_set_account',
  livemode: 'custrecord_snc_set_livemode',
  processingMode: 'custrecord_snc_set_mode',
  webhookSecretName: 'custrecord_snc_set_whsec',
  signatureToleranceSeconds: 'custrecord_snc_set_tolerance',
  maxAttempts: 'custrecord_snc_set_max_attempts',
  notifyEmail: 'custrecord_snc_set_notify_email',
  notifyAuthor: 'custrecord_snc_set_notify_author',
} as const;

export class SettingsError extends Error {
  readonly code = 'SNC_INVALID_SETTING';
}

type Raw = Readonly<Record<string, unknown>>;

function text(raw: Raw, key: keyof typeof SETTINGS_FIELDS): string {
  const value = raw[SETTINGS_FIELDS[key]];
  return typeof value === 'string' ? value.trim() : value === null || value === undefined ? '' : String(value);
}

function integer(raw: Raw, key: keyof typeof SETTINGS_FIELDS, fallback: number, min: number, max: number): number {
  const value = text(raw, key);
  if (value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new SettingsError(
      `Setting ${SETTINGS_FIELDS[key]} must be a whole number from ${min} to ${max}, not "${value}"`,
    );
  }
  return number;
}

/** Reads raw field values (as search.lookupFields returns them) into settings, naming any invalid one. */
export function parseSettings(id: number, raw: Raw): ConnectorSettings {
  const stripeAccountId = text(raw, 'stripeAccountId');
  if (!/^acct_[A-Za-z0-9]+$/.test(stripeAccountId)) {
    throw new SettingsError(
      `Setting ${SETTINGS_FIELDS.stripeAccountId} must be a Stripe account ID (acct_…), not "${stripeAccountId}"`,
    );
  }
  const mode = text(raw, 'processingMode') || 'realtime';
  if (mode !== 'realtime' && mode !== 'high_volume') {
    throw new SettingsError(`Setting ${SETTINGS_FIELDS.processingMode} must be realtime or high_volume, not "${mode}"`);
  }
  const webhookSecretName = text(raw, 'webhookSecretName');
  if (!/^custsecret_[a-z0-9_]+$/.test(webhookSecretName)) {
    throw new SettingsError(
      `Setting ${SETTINGS_FIELDS.webhookSecretName} must name an API Secret (custsecret_…), not "${webhookSecretName}"`,
    );
  }
  const notifyEmail = text(raw, 'notifyEmail') || null;
  if (notifyEmail !== null && !/^[^@\s]+@[^@\s]+$/.test(notifyEmail)) {
    throw new SettingsError(`Setting ${SETTINGS_FIELDS.notifyEmail} must be an email address, not "${notifyEmail}"`);
  }
  const author = text(raw, 'notifyAuthor');
  return {
    id,
    stripeAccountId,
    livemode: raw[SETTINGS_FIELDS.livemode] === true || raw[SETTINGS_FIELDS.livemode] === 'T',
    processingMode: mode,
    webhookSecretName,
    signatureToleranceSeconds: integer(raw, 'signatureToleranceSeconds', 300, 0, 86400),
    maxAttempts: integer(raw, 'maxAttempts', 8, 1, 50),
    notifyEmail,
    notifyAuthor: author === '' ? null : integer(raw, 'notifyAuthor', 0, 1, Number.MAX_SAFE_INTEGER),
  };
}
