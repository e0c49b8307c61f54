import { isFlowMissing, type EventOut, type SandboxResult } from './result';

const RECORD_LABELS: Record<string, string> = {
  customer: 'Customers',
  invoice: 'Invoices',
  creditmemo: 'Credit memos',
  customerpayment: 'Customer payments',
  customerrefund: 'Customer refunds',
  customerdeposit: 'Customer deposits',
  deposit: 'Bank deposits',
  journalentry: 'Journal entries',
  salesorder: 'Sales orders',
  serviceitem: 'Service items',
  noninventoryitem: 'Non-inventory items',
  inventoryitem: 'Inventory items',
  discountitem: 'Discount items',
  customrecord_snc_payout: 'Payout reconciliations',
};

const STATUS_LABELS: Record<string, string> = {
  done: 'booked',
  no_action: 'no NetSuite action needed',
  unhandled: 'not in the event tables (stored only)',
  queued: 'waiting in the queue',
  processing: 'being processed',
  parked: 'parked for an admin',
};

function money(amount: number): string {
  return amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function table(rows: readonly string[][], rightAligned: ReadonlySet<number> = new Set()): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** The booking flows named by "flow not installed" errors, e.g. `customer`, `invoice`. */
function missingFlows(events: readonly EventOut[]): string[] {
  const flows = new Set<string>();
  for (const e of events) {
    if (!isFlowMissing(e.error)) continue;
    const match = /The (\w+) booking flow/.exec(e.error ?? '');
    flows.add(match?.[1] ?? e.type);
  }
  return [...flows].sort();
}

/** A plain-language report of a run: what happened to the events, what was booked, and whether it ties out. */
export function formatSummary(result: SandboxResult, resultPath: string | null): string {
  const lines: string[] = [];
  const indent = (rows: string[]): void => {
    lines.push(...rows.map((r) => `  ${r}`));
  };

  lines.push(`Stripe events received: ${result.events.length} (${result.webhooks.delivered} webhooks delivered)`);
  const byStatus = new Map<string, number>();
  for (const e of result.events) byStatus.set(e.status, (byStatus.get(e.status) ?? 0) + 1);
  indent(
    table(
      [...byStatus.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([status, n]) => [String(n), `${status}`, `(${STATUS_LABELS[status] ?? status})`]),
      new Set([0]),
    ),
  );
  const waiting = result.events.filter((e) => e.status === 'queued' || e.status === 'parked');
  const flowMissing = waiting.filter((e) => isFlowMissing(e.error));
  if (flowMissing.length > 0) {
    lines.push(
      `  ${flowMissing.length} events need booking flows this version of the connector does not have yet ` +
        `(${missingFlows(flowMissing).join(', ')}): nothing was booked for them; they keep that reason until a flow lands.`,
    );
  }
  const otherFailures = waiting.filter((e) => e.error !== null && !isFlowMissing(e.error));
  for (const e of otherFailures.slice(0, 10)) lines.push(`  ! ${e.id} (${e.type}) ${e.status}: ${e.error ?? ''}`);
  if (otherFailures.length > 10) lines.push(`  ! … and ${otherFailures.length - 10} more failing events`);

  lines.push('', 'Records created in NetSuite:');
  const records = Object.entries(result.records);
  if (records.length === 0) lines.push('  none');
  else
    indent(
      table(
        records.map(([type, list]) => [String(list.length), RECORD_LABELS[type] ?? type]),
        new Set([0]),
      ),
    );
  const byCurrency = customersByCurrency(result.records['customer'] ?? []);
  if (byCurrency) lines.push(`  Customers charged in other currencies, on their Currencies list: ${byCurrency}`);

  lines.push('', 'Stripe payouts and NetSuite deposits:');
  if (result.payouts.length === 0) lines.push('  no payouts');
  else {
    const rows = [['payout', 'arrives', 'amount', 'cur', 'deposit', 'amount', 'converted', 'fx diff', 'matched']];
    for (const p of result.payouts) {
      rows.push([
        p.id,
        p.arrivalDate,
        money(p.amount),
        p.currency,
        p.deposit ? p.deposit.ids.join(',') : '—',
        p.deposit ? money(p.deposit.amount) : '—',
        p.deposit ? String(p.deposit.converted) : '—',
        p.deposit && p.deposit.fxDifference !== 0 ? money(p.deposit.fxDifference) : '',
        p.matched ? 'yes' : p.depositExpected ? `NO: ${p.reason ?? ''}` : `n/a: ${p.reason ?? ''}`,
      ]);
    }
    indent(table(rows, new Set([2, 5, 6, 7])));
    lines.push(
      '  converted: charges and refunds in another currency, ticked at what NetSuite converts them to;',
      "  fx diff: the rest of Stripe's settled amount (its rate against NetSuite's), booked to FX gain/loss.",
    );
  }

  lines.push(`  ${payingOutLine(result)}`);

  lines.push('', ...receivablesLines(result));

  lines.push('', 'Trial balance:');
  if (result.trialBalance.length === 0) lines.push('  nothing posted');
  else {
    const rows = [['account', 'cur', 'debit', 'credit']];
    for (const r of result.trialBalance)
      rows.push([r.account, r.currency, r.debit ? money(r.debit) : '', r.credit ? money(r.credit) : '']);
    indent(table(rows, new Set([2, 3])));
  }

  lines.push('');
  const parked = result.problems.filter((p) => p.kind === 'parked_event').length;
  const unreconciled = result.problems.filter((p) => p.kind === 'unreconciled_payout').length;
  const receivablesOff = result.problems.filter((p) => p.kind === 'unreconciled_receivables').length;
  const failedScenarios = result.problems.filter((p) => p.kind === 'scenario_failed');
  for (const p of failedScenarios)
    if (p.kind === 'scenario_failed') lines.push(`Scenario ${p.scenario} stopped: ${p.message}`);
  const queueFailures = result.problems.filter((p) => p.kind === 'queue_run_failed');
  for (const p of queueFailures.slice(0, 3))
    if (p.kind === 'queue_run_failed') lines.push(`The queue Map/Reduce could not run: ${p.message}`);
  if (result.problems.length === 0)
    lines.push('Everything reconciled: no parked events, every payout matches its deposit, receivables match Stripe.');
  else {
    const parts: string[] = [];
    if (parked > 0) parts.push(`${parked} parked event${parked === 1 ? '' : 's'}`);
    if (unreconciled > 0)
      parts.push(`${unreconciled} payout${unreconciled === 1 ? '' : 's'} without a matching deposit`);
    if (receivablesOff > 0)
      parts.push(`receivables off Stripe's in ${receivablesOff} currenc${receivablesOff === 1 ? 'y' : 'ies'}`);
    if (failedScenarios.length > 0) parts.push(`${failedScenarios.length} scenario(s) stopped early`);
    if (queueFailures.length > 0) parts.push(`${queueFailures.length} failed queue run(s)`);
    lines.push(`Not reconciled: ${parts.join(', ')}.`);
    if (flowMissing.length > 0 && flowMissing.length === parked)
      lines.push('All parked events are waiting for booking flows that have not landed yet.');
  }
  if (resultPath) lines.push(`Full result (records, events, governance): ${resultPath}`);
  return lines.join('\n');
}

/**
 * Accounts Receivable against Stripe, per currency: open invoices against the amount remaining on Stripe's
 * open invoices; unapplied credit memos against the credit Stripe owes (negative customer balances and
 * credit notes paid back outside Stripe). Compared customer by customer; the totals are what an accountant
 * ties out.
 */
function receivablesLines(result: Pick<SandboxResult, 'receivables'>): string[] {
  const lines = ["Accounts Receivable against Stripe's open invoices and customer credit:"];
  if (result.receivables.length === 0) return [...lines, '  nothing open in either'];
  const rows = [
    ['cur', 'NetSuite open AR', 'Stripe amount remaining', 'NetSuite unapplied credit', 'Stripe credit', 'matched'],
  ];
  for (const r of result.receivables)
    rows.push([
      r.currency,
      money(r.netsuiteOpen),
      money(r.stripeOpen),
      money(r.netsuiteCredit),
      money(r.stripeCredit),
      r.matched ? 'yes' : `NO: ${r.customersOff.join(', ')}`,
    ]);
  lines.push(...table(rows, new Set([1, 2, 3, 4])).map((r) => `  ${r}`));
  lines.push(
    '  Stripe credit: negative customer balances, plus credit notes paid back outside Stripe (left as credit',
    '  on the customer in NetSuite until the accountant records the refund). Compared customer by customer.',
  );
  return lines;
}

/** "Paid out: 3 payouts (2 paid, 1 failed), balance left USD 0.00": whether the run paid everything out. */
export function payingOutLine(result: Pick<SandboxResult, 'payouts' | 'payingOut'>): string {
  const left = result.payingOut.balanceLeft.map((b) => `${b.currency} ${money(b.amount)}`).join(', ') || '0.00';
  const byStatus = new Map<string, number>();
  for (const p of result.payouts) byStatus.set(p.status, (byStatus.get(p.status) ?? 0) + 1);
  const statuses = [...byStatus].map(([status, n]) => `${n} ${status}`).join(', ');
  const count = `${result.payouts.length} payout${result.payouts.length === 1 ? '' : 's'}`;
  const made = result.payouts.length === 0 ? count : `${count} (${statuses})`;
  switch (result.payingOut.outcome) {
    case 'complete':
      return `Paid out: ${made}, balance left ${left}.`;
    case 'skipped':
      return `Not paid out (--no-payouts): ${made} so far, balance left ${left}.`;
    case 'bound_reached':
      return `Paying out stopped at the time bound with work left: ${made}, balance left ${left}.`;
  }
}

/** One line for a problem, naming what failed (CLI output). */
export function formatProblems(result: SandboxResult): string[] {
  return result.problems.map((p) => {
    switch (p.kind) {
      case 'parked_event':
        return `parked event ${p.id} (${p.type}): ${p.error ?? 'no error recorded'}`;
      case 'unreconciled_receivables':
        return `receivables in ${p.currency} differ from Stripe's for ${p.customers.join(', ')}`;
      case 'unreconciled_payout':
        return `payout ${p.id} ${money(p.amount)} ${p.currency}: ${p.reason}`;
      case 'scenario_failed':
        return `scenario ${p.scenario} stopped: ${p.message}`;
      case 'queue_run_failed':
        return `the queue Map/Reduce could not run: ${p.message}`;
    }
  });
}

/** "JPY 4 (e.g. Ada Ltd), GBP 6 …": customers whose Currencies list holds a currency, per currency. */
function customersByCurrency(customers: readonly Record<string, unknown>[]): string {
  const found = new Map<string, string[]>();
  for (const customer of customers) {
    const lines = Array.isArray(customer['currency']) ? (customer['currency'] as Record<string, unknown>[]) : [];
    for (const line of lines) {
      const code = (line['currency'] as { name?: string } | undefined)?.name;
      if (code) found.set(code, [...(found.get(code) ?? []), String(customer['companyname'] ?? customer['id'])]);
    }
  }
  return [...found]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, names]) => `${code} ${names.length} (e.g. ${names[0] ?? ''})`)
    .join(', ');
}
