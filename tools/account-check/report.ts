// What the account-check RESTlet answers, and how the command prints it.

export interface CheckReport {
  account: string;
  passed: number;
  failed: number;
  results: { name: string; source: string; ok: boolean; detail: string }[];
  notDeleted: string[];
}

export function parseReport(body: string): CheckReport {
  const parsed = JSON.parse(body) as Partial<CheckReport>;
  if (!Array.isArray(parsed.results))
    throw new Error(`The account-check RESTlet answered no results: ${body.slice(0, 500)}`);
  return parsed as CheckReport;
}

export function formatReport(report: CheckReport): string {
  const lines = report.results.map(
    (r) => `${r.ok ? 'pass' : 'FAIL'}  ${r.name}\n      ${r.detail}${r.ok ? '' : `\n      documented in: ${r.source}`}`,
  );
  lines.push('', `${report.passed} passed, ${report.failed} failed (account ${report.account})`);
  if (report.notDeleted.length > 0)
    lines.push(`Test records left in the account (delete them by hand):`, ...report.notDeleted.map((l) => `  ${l}`));
  return lines.join('\n');
}
