import type { BookingSettings } from '../../settings';
import type { StripeReader } from '../../stripe/reader';
import type { NetSuiteBooks } from '../ports';

/** What every flow works with: settings, Stripe (current state of objects) and NetSuite. */
export interface BookingContext {
  booking: BookingSettings;
  stripe: StripeReader;
  books: NetSuiteBooks;
}

export function beforeSyncStart(booking: BookingSettings, created: number | undefined): boolean {
  return booking.syncStart !== null && created !== undefined && created < booking.syncStart;
}
