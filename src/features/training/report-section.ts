/*
 * The contract every section of the training quarterly report keeps (issue 14, point 9).
 *
 * A section is one file, `report-section-<slug>.ts`, exporting a `ReportSection`, and one line in
 * `REPORT_SECTIONS` (report-sections.ts), which orders the page, the PDF, the CSV, the XLSX and the
 * API alike. A section:
 * - loads its own figures in `build` from `ReportContext` (the database, the partnership, the
 *   quarter): every query filtered by `partnershipId`; figures loaded once for several sections go
 *   through `ctx.memo(key, load)`, so the report queries them once;
 * - returns plain `ReportTable`s (rows of labelled values, each table with an optional chart from
 *   src/lib/charts.ts built from the same values), never HTML: the page, the PDF and the
 *   downloads render every section the same way, with no code of the section's own;
 * - passes every count of people grouped by agency, job role or any other group of people through
 *   src/lib/suppression.ts with `ctx.threshold` (suppressTable for a table whose cells add up to
 *   its totals, suppressCount / suppressDerived for single figures), and sets `suppressedCells`.
 *   Figures about sessions and places, which the catalogue already shows to everyone who may read
 *   the report, need none. A value is a number, 'c' (suppressed), text, or null (not applicable).
 * Sections built on other branches (evaluation outcomes, charges, compliance movement) add a file
 * and a line; nothing else changes.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Chart } from '../../lib/charts.ts';
import type { Shown } from '../../lib/suppression.ts';
import type { Quarter } from './report-quarter.ts';

export type ReportValue = Shown<number> | string | null;
/** decimal: a mean, to one decimal place. */
export type ColumnFormat = 'count' | 'percent' | 'decimal' | 'text';

export interface ReportColumn {
  key: string;
  label: string;
  format: ColumnFormat;
}

export interface ReportRow {
  label: string;
  values: Record<string, ReportValue>;
}

export interface ReportTable {
  id: string;
  title: string;
  /** The heading of the first column, which names each row. */
  rowHeader: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** A totals row, shown last and set apart. */
  totals?: ReportRow;
  chart?: Chart | null;
  notes?: string[];
  suppressedCells: number;
}

export interface ReportContext {
  db: Kysely<Database>;
  partnershipId: number;
  quarter: Quarter;
  /** Groups of fewer people than this are shown as 'c'. */
  threshold: number;
  /** Today in England (YYYY-MM-DD). */
  today: string;
  /** Loads a value once per report, however many sections ask for it. */
  memo<T>(key: string, load: () => Promise<T>): Promise<T>;
}

export interface SectionContent {
  tables: ReportTable[];
  /** Paragraphs above the tables: definitions and what the figures say. */
  notes?: string[];
}

export interface ReportSection {
  slug: string;
  title: string;
  /** One or two sentences under the heading: what the section counts. */
  intro: string;
  build(ctx: ReportContext): Promise<SectionContent>;
}

export interface BuiltSection extends SectionContent {
  slug: string;
  title: string;
  intro: string;
}

export interface TrainingReport {
  quarter: Quarter;
  threshold: number;
  generatedOn: string;
  sections: BuiltSection[];
}

/** A percentage with one decimal place, or null when there is nothing to divide by. */
export const percent = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
