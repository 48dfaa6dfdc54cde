import type { Problem } from '../standard/problem.ts';

/** Counts of problems by severity and kind, most frequent first, for the error summary. */
export function summariseProblems(problems: Iterable<Problem>): {
  errors: number;
  warnings: number;
  byKind: { kind: string; severity: Problem['severity']; count: number }[];
} {
  const counts = new Map<string, { kind: string; severity: Problem['severity']; count: number }>();
  let errors = 0;
  let warnings = 0;
  for (const p of problems) {
    if (p.severity === 'error') errors++;
    else warnings++;
    const key = `${p.severity}:${p.kind}`;
    const entry = counts.get(key) ?? { kind: p.kind, severity: p.severity, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const byKind = [...counts.values()].sort((a, b) =>
    a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1,
  );
  return { errors, warnings, byKind };
}

export const PROBLEM_REPORT_HEADERS = ['Severity', 'Sheet', 'Row', 'Column', 'Value', 'Problem'] as const;
/** Rows for the downloadable report: only where the problem is and the offending value, never other data. */
export function problemReportRows(problems: Iterable<Problem>): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const p of problems)
    rows.push([p.severity, p.sheet ?? '', p.row ?? '', p.column ?? '', p.value ?? '', p.message]);
  return rows;
}
