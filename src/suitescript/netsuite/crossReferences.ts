/** The Stripe Cross-Reference custom record (src/Objects/customrecord_snc_xref.xml) and its fields. */
export const XREF_RECORD = 'customrecord_snc_xref';
export const XREF_FIELDS = {
  stripeId: 'custrecord_snc_xref_stripe_id',
  stripeType: 'custrecord_snc_xref_stripe_type',
  recordType: 'custrecord_snc_xref_ns_type',
  id: 'custrecord_snc_xref_ns_id',
  /** Sync records (`<stripe id>:sync`): what the connector last wrote to the record, as JSON. */
  synced: 'custrecord_snc_xref_synced',
} as const;
