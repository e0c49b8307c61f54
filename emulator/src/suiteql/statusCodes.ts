/**
 * `transaction.status` in SuiteQL: one letter whose meaning depends on the transaction type; the
 * display text only through `BUILTIN.DF(status)`, as "<type label> : <status>".
 *
 * Letters: the saved-search status list `<Code>:<letter>` (blog.prolecto.com, "NetSuite SearchFilter
 * Transaction Internal Status List"; support.snapshotdesign.com, "SynchUP NetSuite Order Data Puller
 * Settings" for Invoice D/E/V and Sales Order A–H). That SuiteQL returns the bare letter:
 * timdietrich.me, "NetSuite SuiteQL: Transaction Statuses" ("the values are characters"). The DF text
 * with its type prefix ("Invoice : Paid In Full", "Customer Deposit : Not Deposited"): public SuiteQL
 * code comparing `BUILTIN.DF(t.status)` results.
 */

/** Letter → status text, by transaction type code. */
export const STATUS_LETTERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  CustInvc: { A: 'Open', B: 'Paid In Full', D: 'Pending Approval', E: 'Rejected', V: 'Voided' },
  CustCred: { A: 'Open', B: 'Fully Applied', V: 'Voided' },
  CustPymt: { A: 'Unapproved Payment', B: 'Not Deposited', C: 'Deposited' },
  CustDep: { A: 'Not Deposited', B: 'Deposited', C: 'Fully Applied' },
  CustRfnd: { V: 'Voided' },
  SalesOrd: {
    A: 'Pending Approval',
    B: 'Pending Fulfillment',
    C: 'Cancelled',
    D: 'Partially Fulfilled',
    E: 'Pending Billing/Partially Fulfilled',
    F: 'Pending Billing',
    G: 'Billed',
    H: 'Closed',
  },
};

/** The DF label of a transaction type in status texts (the saved-search list's "Payment:Deposited"). */
const STATUS_TYPE_LABELS: Readonly<Record<string, string>> = {
  CustInvc: 'Invoice',
  CustCred: 'Credit Memo',
  CustPymt: 'Payment',
  CustDep: 'Customer Deposit',
  CustRfnd: 'Customer Refund',
  SalesOrd: 'Sales Order',
};

/**
 * The SuiteQL letter for a stored status (the record's display text, e.g. 'Paid In Full', or already a
 * letter). Null when the type has no documented letter for it: customer refunds (only Voided is
 * listed), deposits and journals (none listed). Guess, see the README.
 */
export function statusLetter(typeCode: string | undefined, stored: unknown): string | null {
  if (typeof stored !== 'string' || stored === '' || !typeCode) return null;
  const letters = STATUS_LETTERS[typeCode];
  if (!letters) return null;
  if (stored in letters) return stored;
  const wanted = stored.toLowerCase();
  for (const [letter, text] of Object.entries(letters)) if (text.toLowerCase() === wanted) return letter;
  return null;
}

/** `BUILTIN.DF(status)`: "Invoice : Paid In Full"; the letter itself when unknown. */
export function statusDisplay(typeCode: string, letter: string): string {
  const text = STATUS_LETTERS[typeCode]?.[letter];
  const label = STATUS_TYPE_LABELS[typeCode];
  return text && label ? `${label} : ${text}` : letter;
}
