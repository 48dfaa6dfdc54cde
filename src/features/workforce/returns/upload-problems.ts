/**
 * Bounded problem reports (docs/adr/0017): an upload stores its first `limit` problems of each
 * severity in detail and counts all of them by severity, kind and column, so a file with a
 * problem on every row costs a few thousand rows, not millions. A file with more errors than the
 * limit is refused early: checking stops, and one more problem says so.
 */
import { z } from 'zod';
import type { ProblemRow } from './staging-writes.ts';
import { formatNumber } from '../../../lib/numbers.ts';

export const DEFAULT_PROBLEM_LIMIT = 1000;

const problemCounts = z.array(
  z.object({
    severity: z.enum(['error', 'warning']),
    kind: z.string(),
    column: z.string().nullable(),
    count: z.number(),
  }),
);
export type ProblemCount = z.infer<typeof problemCounts>[number];

export class ProblemTally {
  readonly limit: number;
  errors = 0;
  warnings = 0;
  private readonly counts = new Map<string, ProblemCount>();

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Counts the problem; true when it is among the first `limit` of its severity (store it). */
  add(p: ProblemRow): boolean {
    const seen = p.severity === 'error' ? ++this.errors : ++this.warnings;
    const key = `${p.severity}\u0000${p.kind}\u0000${p.column ?? ''}`;
    const count = this.counts.get(key);
    if (count) count.count += 1;
    else this.counts.set(key, { severity: p.severity, kind: p.kind, column: p.column, count: 1 });
    return seen <= this.limit;
  }

  /** More errors than the report keeps: stop checking the file. */
  get overLimit(): boolean {
    return this.errors > this.limit;
  }

  /** The problem that refuses a file with too many errors (stored whatever the limit). */
  refusal(lastRow: number | null): ProblemRow {
    const limit = formatNumber(this.limit);
    const where = lastRow === null ? '' : ` Checking stopped at row ${formatNumber(lastRow)}.`;
    return {
      severity: 'error',
      kind: 'too_many_problems',
      row: null,
      column: null,
      value: null,
      message: `The file has more than ${limit} errors, so it was not checked to the end.${where} The first ${limit} are listed, with counts by type and column: they are often one mistake repeated in a column. Correct them and upload the file again.`,
    };
  }

  /** Every count, errors first, then the most frequent. */
  summary(): ProblemCount[] {
    return [...this.counts.values()].sort(
      (a, b) =>
        Number(b.severity === 'error') - Number(a.severity === 'error') ||
        b.count - a.count ||
        a.kind.localeCompare(b.kind),
    );
  }
}

/** The stored summary (return_uploads.problem_counts_json), tolerant of rows written before it existed. */
export function parseProblemCounts(json: string | null | undefined): ProblemCount[] {
  try {
    return problemCounts.safeParse(JSON.parse(json ?? '[]')).data ?? [];
  } catch {
    return [];
  }
}

/** Counts by severity and kind (the columns added up), errors first, most frequent first. */
export function countsByKind(counts: ProblemCount[]): { severity: 'error' | 'warning'; kind: string; count: number }[] {
  const byKind = new Map<string, { severity: 'error' | 'warning'; kind: string; count: number }>();
  for (const c of counts) {
    const key = `${c.severity}\u0000${c.kind}`;
    const found = byKind.get(key);
    if (found) found.count += c.count;
    else byKind.set(key, { severity: c.severity, kind: c.kind, count: c.count });
  }
  return [...byKind.values()].sort(
    (a, b) => Number(b.severity === 'error') - Number(a.severity === 'error') || b.count - a.count,
  );
}
