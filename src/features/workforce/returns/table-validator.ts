/** One table of a return (a CSV file or one worksheet), checked row by row as it streams. */
import { ascColumns, ASC_MATCHED, isAscWdsHeader, mapAscRow } from '../standard/asc-wds.ts';
import { detectKind, matchColumns } from '../standard/columns.ts';
import type { Kind } from '../standard/columns.ts';
import { cellText, isBlank } from '../standard/field-values.ts';
import { problem, type Problem } from '../standard/problem.ts';
import { checkVacancy, checkVacancyRow, checkWorker, checkWorkerRow } from '../standard/record-checks.ts';
import { fieldColumns, type Cells, type FieldColumns } from '../standard/record-source.ts';
import type { VacancyRecord, WorkerRecord } from '../standard/standard.ts';
import type { IdSet } from './id-set.ts';
import type { LineBatch, RawRow } from './readers.ts';

export type ValidationEvent =
  | {
      type: 'columns';
      format: 'standard' | 'asc-wds';
      kind: 'workers' | 'vacancies';
      matched: Record<string, string>;
      unknown: string[];
      unmapped?: string[];
    }
  | { type: 'worker'; row: number; record: WorkerRecord }
  | { type: 'vacancy'; row: number; record: VacancyRecord }
  | { type: 'problem'; problem: Problem };

export interface Context {
  censusDate: string;
  sheet?: string;
  fullTimeHours?: number;
  workerIds: IdSet;
  vacancyKeys: Set<string>;
}

export const plain = (p: Problem): ValidationEvent => ({ type: 'problem', problem: p });
export const fileProblem = (kind: string, message: string, sheet?: string): ValidationEvent =>
  plain(problem({ sheet }, 'error', kind, null, null, null, message));

/** The events for one checked worker: its problems (a second use of its ID among them), then the worker if it has no error. */
function emitWorker(
  record: WorkerRecord | null,
  problems: Problem[],
  id: string,
  row: number,
  ctx: Context,
  out: ValidationEvent[],
  extra?: Problem[],
): void {
  let ok = record !== null && !extra?.some((p) => p.severity === 'error');
  if (id !== '') {
    if (!ctx.workerIds.add(id)) {
      problems.push(
        problem(
          ctx,
          'error',
          'duplicate_worker_id',
          row,
          'worker_id',
          id,
          'this worker ID is used more than once: each person needs their own ID (one record per person)',
        ),
      );
      ok = false;
    }
  }
  if (extra) for (const p of extra) out.push(plain(p));
  for (const p of problems) out.push(plain(p));
  if (ok && record) out.push({ type: 'worker', row, record });
}

/** The events for one checked vacancy row, warning when its job role and service came before. */
function emitVacancy(
  record: VacancyRecord | null,
  problems: Problem[],
  row: number,
  ctx: Context,
  out: ValidationEvent[],
): void {
  if (record) {
    const key = `${record.job_role}|${record.service}`;
    if (ctx.vacancyKeys.has(key)) {
      problems.push(
        problem(
          ctx,
          'warning',
          'duplicate_vacancy',
          row,
          'job_role',
          record.job_role,
          'this job role and service already has a vacancy row: the rows will be added together',
        ),
      );
    } else ctx.vacancyKeys.add(key);
  }
  for (const p of problems) out.push(plain(p));
  if (record) out.push({ type: 'vacancy', row, record });
}

/** Checks one record keyed by standard field names, including the cross-row duplicate checks. */
export function checkOne(
  kind: Kind,
  fields: Record<string, unknown>,
  row: number,
  ctx: Context,
  out: ValidationEvent[],
  extra?: Problem[],
): void {
  if (kind === 'workers') {
    const { record, problems } = checkWorker(fields, row, ctx);
    emitWorker(record, problems, cellText(fields.worker_id), row, ctx, out, extra);
  } else {
    const { record, problems } = checkVacancy(fields, row, ctx);
    emitVacancy(record, problems, row, ctx, out);
  }
}

const NO_VALUES: unknown[] = [];

/** Every cell blank: checked for each row, so strings (the usual case) are tested without conversion. */
function allBlank(values: unknown[]): boolean {
  for (const v of values) {
    if (typeof v === 'string' ? v.length > 0 && (v.charCodeAt(0) > 32 || v.trim() !== '') : !isBlank(v)) return false;
  }
  return true;
}

/**
 * One table (a CSV file or one worksheet), fed row by row: the first non-blank row is the header.
 * Synchronous, so that a batch of rows costs one await, not one per row.
 */
export class TableValidator {
  private readonly ctx: Context;
  private readonly expect: Kind | null;
  private mode: 'header' | 'skip' | 'standard' | 'asc-wds' = 'header';
  kind: Kind | null = null;
  /** For each field of the standard, its column (-1: none). */
  private columns: FieldColumns = new Int32Array(0);
  private idColumn = -1;
  /** Reused for each row's problems: they are copied into events at once. */
  private readonly problems: Problem[] = [];
  /** The current line's values, in standard mode (line). */
  private cells: Cells = { text: '', bounds: new Int32Array(0), count: 0 };
  private ascNames: string[] = [];
  private count = 0;
  private titleRows = 0;

  constructor(ctx: Context, expect: Kind | null) {
    this.ctx = ctx;
    this.expect = expect;
  }

  row({ row, values }: RawRow, out: ValidationEvent[]): void {
    if (this.mode === 'skip' || allBlank(values)) return;
    if (this.mode === 'header') {
      this.header(values, out);
      return;
    }
    this.count++;
    if (this.mode === 'asc-wds') {
      const byName: Record<string, unknown> = {};
      this.ascNames.forEach((n, i) => {
        if (n) byName[n] = values[i];
      });
      const mapped = mapAscRow(byName, row, this.ctx);
      if (mapped) checkOne('workers', mapped.fields, row, this.ctx, out, mapped.problems);
      return;
    }
    this.check(values, null, row, out);
  }

  /** Line i of a batch: in standard mode its values are read in place, without a string for each. */
  line(batch: LineBatch, i: number, out: ValidationEvent[]): void {
    if (this.mode === 'skip') return;
    const { text, bounds, delimiter } = batch;
    const start = bounds[2 * i];
    const end = bounds[2 * i + 1];
    if (this.mode !== 'standard') {
      this.row({ row: batch.first + i, values: text.slice(start, end).split(delimiter) }, out);
      return;
    }
    const cells = this.cells;
    const width = cells.bounds.length / 2;
    let count = 0;
    let blank = true;
    for (let from = start; ;) {
      let at = text.indexOf(delimiter, from);
      if (at < 0 || at > end) at = end;
      if (blank && at > from && (text.charCodeAt(from) > 32 || text.slice(from, at).trim() !== '')) blank = false; // as allBlank
      if (count < width) {
        cells.bounds[2 * count] = from;
        cells.bounds[2 * count + 1] = at;
      }
      count++;
      if (at === end) break;
      from = at + 1;
    }
    if (blank) return;
    this.count++;
    cells.text = text;
    cells.count = Math.min(count, width);
    this.check(NO_VALUES, cells, batch.first + i, out);
  }

  private check(values: unknown[], cells: Cells | null, row: number, out: ValidationEvent[]): void {
    const problems = this.problems;
    problems.length = 0;
    if (this.kind === 'workers') {
      const record = checkWorkerRow(values, cells, this.columns, row, this.ctx, problems);
      let id = record === null ? '' : record.worker_id;
      if (record === null || cells === null) {
        const c = this.idColumn;
        id = cellText(
          c < 0
            ? undefined
            : cells === null
              ? (values[c] ?? '')
              : c < cells.count
                ? cells.text.slice(cells.bounds[2 * c], cells.bounds[2 * c + 1])
                : '',
        );
      }
      emitWorker(record, problems, id, row, this.ctx, out);
    } else {
      emitVacancy(checkVacancyRow(values, cells, this.columns, row, this.ctx, problems), problems, row, this.ctx, out);
    }
  }

  private header(values: unknown[], out: ValidationEvent[]): void {
    const headers = values.map((v) => cellText(v));
    if (isAscWdsHeader(headers)) {
      this.mode = 'asc-wds';
      this.kind = 'workers';
      this.ascNames = headers.map((h) => h.trim().toUpperCase());
      const { unmapped, problems } = ascColumns(headers, this.ctx);
      out.push({ type: 'columns', format: 'asc-wds', kind: 'workers', matched: ASC_MATCHED, unknown: [], unmapped });
      for (const p of problems) out.push(plain(p));
      return;
    }
    const detected = detectKind(headers);
    // A title above the header ("Workforce return 2026") is passed over: a header has more than two cells.
    if (!detected && headers.filter(Boolean).length <= 2 && this.titleRows < 5) {
      this.titleRows++;
      return;
    }
    this.kind = detected ?? this.expect;
    if (this.kind === null) {
      this.mode = 'skip';
      return;
    }
    const match = matchColumns(this.kind, headers, this.ctx);
    out.push({ type: 'columns', format: 'standard', kind: this.kind, matched: match.matched, unknown: match.unknown });
    for (const p of match.problems) out.push(plain(p));
    const byField = new Map([...match.byIndex].map(([i, f]) => [f, i]));
    this.columns = fieldColumns(this.kind, byField);
    this.idColumn = byField.get('worker_id') ?? -1;
    this.cells = { text: '', bounds: new Int32Array(2 * (Math.max(-1, ...this.columns) + 1)), count: 0 };
    this.mode = match.fatal ? 'skip' : 'standard';
  }

  /** The problems for a table that ended without records. */
  finish(out: ValidationEvent[]): void {
    const where = this.ctx.sheet ? `The sheet '${this.ctx.sheet}'` : 'The file';
    if (this.mode === 'header' && this.titleRows > 0 && this.expect !== null) {
      out.push(
        fileProblem(
          'missing_columns',
          `${where} has no header row with the data standard's column names: put them in the first row (download the template)`,
          this.ctx.sheet,
        ),
      );
    } else if (this.mode === 'header' && this.expect !== null) {
      out.push(
        fileProblem(
          'empty_file',
          `${where} is empty: add a header row and one row per person (download the template)`,
          this.ctx.sheet,
        ),
      );
    } else if ((this.mode === 'standard' || this.mode === 'asc-wds') && this.count === 0 && this.kind === 'workers') {
      out.push(
        fileProblem(
          'no_records',
          `${where} has a header row but no records: add one row per person below the header`,
          this.ctx.sheet,
        ),
      );
    }
  }
}

export async function* validateTable(
  batches: AsyncIterable<RawRow[] | LineBatch>,
  table: TableValidator,
): AsyncGenerator<ValidationEvent[]> {
  for await (const batch of batches) {
    const out: ValidationEvent[] = [];
    if (Array.isArray(batch)) for (const r of batch) table.row(r, out);
    else for (let i = 0; i < batch.length; i++) table.line(batch, i, out);
    if (out.length > 0) yield out;
  }
  const out: ValidationEvent[] = [];
  table.finish(out);
  if (out.length > 0) yield out;
}
