/**
 * The streaming validator of workforce returns. Reads CSV (UTF-8 or Windows-1252, comma or semicolon),
 * XLSX (a workers sheet and optionally a vacancies sheet) or an ASC-WDS staff file, and yields events
 * as it reads: memory stays flat however long the file (only worker IDs are kept, for duplicates).
 */
import { extname } from 'node:path';
import { ascColumns, ASC_MATCHED, isAscWdsHeader, mapAscRow } from '../standard/asc-wds.ts';
import { detectKind, fieldForHeader, matchColumns } from '../standard/columns.ts';
import type { Kind } from '../standard/columns.ts';
import { cellText, isBlank, parseDate } from '../standard/field-values.ts';
import { FileReadError, isZip, readCsvLines, readStart, readXlsx } from './readers.ts';
import type { LineBatch, RawRow } from './readers.ts';
import {
  checkVacancy,
  checkVacancyRow,
  checkWorker,
  checkWorkerRow,
  fieldColumns,
  problem,
} from '../standard/record-checks.ts';
import type { Cells, FieldColumns, Problem } from '../standard/record-checks.ts';
import type { VacancyRecord, WorkerRecord } from '../standard/standard.ts';

export type { Problem } from '../standard/record-checks.ts';

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

/**
 * The worker IDs seen so far, for the duplicate check: their characters are copied into typed arrays (open
 * addressing on an FNV-1a hash), so that a million IDs cost no strings for the garbage collector to trace,
 * and an ID sliced from a chunk of the file does not keep the chunk.
 */
class IdSet {
  /** Open addressing: for each slot, 1 + the ID's number (0: empty) and its hash, side by side. */
  private slots = new Int32Array(2 * 1024);
  /** For each ID: its start in `chars` and its length. */
  private entries = new Int32Array(2 * 512);
  private chars = new Uint16Array(8192);
  private count = 0;
  private used = 0;

  /** Adds the ID; false when it was already there. */
  add(id: string): boolean {
    const n = id.length;
    let hash = 0x811c9dc5 | 0;
    for (let i = 0; i < n; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
    const mask = this.slots.length / 2 - 1;
    let slot = hash & mask;
    for (let e = this.slots[2 * slot]; e !== 0; e = this.slots[2 * slot]) {
      if (this.slots[2 * slot + 1] === hash && this.entries[2 * e - 1] === n) {
        const start = this.entries[2 * e - 2];
        let k = 0;
        while (k < n && this.chars[start + k] === id.charCodeAt(k)) k++;
        if (k === n) return false;
      }
      slot = (slot + 1) & mask;
    }
    if (2 * this.count + 2 > this.entries.length) {
      const entries = new Int32Array(2 * this.entries.length);
      entries.set(this.entries);
      this.entries = entries;
    }
    if (this.used + n > this.chars.length) {
      const chars = new Uint16Array(Math.max(2 * this.chars.length, this.used + n));
      chars.set(this.chars);
      this.chars = chars;
    }
    for (let k = 0; k < n; k++) this.chars[this.used + k] = id.charCodeAt(k);
    this.entries[2 * this.count] = this.used;
    this.entries[2 * this.count + 1] = n;
    this.slots[2 * slot] = ++this.count;
    this.slots[2 * slot + 1] = hash;
    this.used += n;
    if (4 * this.count > this.slots.length) this.rehash();
    return true;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * old.length);
    const mask = this.slots.length / 2 - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === 0) continue;
      let slot = old[i + 1] & mask;
      while (this.slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      this.slots[2 * slot] = old[i];
      this.slots[2 * slot + 1] = old[i + 1];
    }
  }
}

interface Context {
  censusDate: string;
  sheet?: string;
  fullTimeHours?: number;
  workerIds: IdSet;
  vacancyKeys: Set<string>;
}

const plain = (p: Problem): ValidationEvent => ({ type: 'problem', problem: p });
const fileProblem = (kind: string, message: string, sheet?: string): ValidationEvent =>
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
function checkOne(
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
class TableValidator {
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

async function* validateTable(
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

const validCensusDate = (date: string) => /^\d{4}-\d{2}-\d{2}$/.test(date) && parseDate(date) === date;

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** A census date more than a year after today (in London) is most likely a typing slip: warned, not refused. */
export function censusDateProblems(censusDate: string, now = new Date()): ValidationEvent[] {
  const [y, m, d] = LONDON_DAY.format(now).split('-').map(Number) as [number, number, number];
  const yearAhead = LONDON_DAY.format(new Date(Date.UTC(y + 1, m - 1, d, 12)));
  if (censusDate <= yearAhead) return [];
  return [
    plain(
      problem(
        {},
        'warning',
        'census_date_ahead',
        null,
        null,
        censusDate,
        `The census date ${censusDate} is more than a year after today: check it is the date you meant (usually 30 September of this year or the last)`,
      ),
    ),
  ];
}

/**
 * Validates an uploaded return file from disk, yielding events in batches (one per few hundred rows):
 * the fast path for large files. Never throws for a bad file: every fault is a problem event.
 */
export async function* validateReturnBatches(input: {
  path: string;
  fileName: string;
  censusDate: string;
  fullTimeHours?: number;
}): AsyncGenerator<ValidationEvent[]> {
  if (!validCensusDate(input.censusDate)) {
    yield [fileProblem('invalid_census_date', `The census date '${input.censusDate}' is not a date: use YYYY-MM-DD`)];
    return;
  }
  const ctx: Context = {
    censusDate: input.censusDate,
    fullTimeHours: input.fullTimeHours,
    workerIds: new IdSet(),
    vacancyKeys: new Set(),
  };
  const ahead = censusDateProblems(input.censusDate);
  if (ahead.length > 0) yield ahead;
  const start = await readStart(input.path, 8);
  const extension = extname(input.fileName).toLowerCase();
  if (start.length === 0) {
    yield [
      fileProblem('empty_file', 'The file is empty: add a header row and one row per person (download the template)'),
    ];
    return;
  }
  try {
    if (isZip(start)) {
      let workers = 0;
      for await (const sheet of readXlsx(input.path)) {
        const name = sheet.name ?? '';
        // Other sheets (guidance, code lists, notes) are passed over unless their header is a standard one.
        const expect = /vacanc/i.test(name) ? 'vacancies' : null;
        const table = new TableValidator({ ...ctx, sheet: sheet.name ?? undefined }, expect);
        yield* validateTable(sheet.rows, table);
        if (table.kind === 'workers') workers++;
      }
      if (workers === 0) {
        yield [
          fileProblem(
            'missing_columns',
            'The workbook has no sheet of workers: put one row per person on a sheet whose first row has the column names of the data standard, including worker_id, service, job_role, workforce_group, employment_type and fte (download the template)',
          ),
        ];
      }
    } else if (['.xlsx', '.xlsm', '.xls'].includes(extension)) {
      yield [
        fileProblem(
          'not_xlsx',
          `'${input.fileName}' is not a valid Excel .xlsx file: save it again from Excel as "Excel Workbook (.xlsx)" or as "CSV UTF-8"`,
        ),
      ];
    } else {
      yield* validateTable(readCsvLines(input.path), new TableValidator(ctx, 'workers'));
    }
  } catch (error) {
    yield [
      fileProblem(
        'unreadable_file',
        error instanceof FileReadError
          ? error.message
          : `The file could not be read (${(error as Error).message}): save it again as .xlsx or CSV UTF-8 and upload it again`,
      ),
    ];
  }
}

/** Validates an uploaded return file from disk, one event at a time (see validateReturnBatches). */
export async function* validateReturn(input: {
  path: string;
  fileName: string;
  censusDate: string;
  fullTimeHours?: number;
}): AsyncGenerator<ValidationEvent> {
  // A plain yield per event costs less than yield* over each batch (no async-from-sync iterator).
  for await (const batch of validateReturnBatches(input)) for (const event of batch) yield event;
}

/** Validates records given as objects (the JSON API body). Rows are numbered from firstRow (default 1). */
export async function* validateRows(
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  options: { censusDate: string; kind?: Kind; firstRow?: number; fullTimeHours?: number },
): AsyncGenerator<ValidationEvent> {
  if (!validCensusDate(options.censusDate)) {
    yield fileProblem('invalid_census_date', `The census date '${options.censusDate}' is not a date: use YYYY-MM-DD`);
    return;
  }
  const ctx: Context = {
    censusDate: options.censusDate,
    fullTimeHours: options.fullTimeHours,
    workerIds: new IdSet(),
    vacancyKeys: new Set(),
  };
  yield* censusDateProblems(options.censusDate);
  let row = (options.firstRow ?? 1) - 1;
  let kind: Kind | undefined = options.kind;
  const reported = new Set<string>();
  for await (const item of rows as AsyncIterable<Record<string, unknown>>) {
    row++;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      yield plain(
        problem(
          ctx,
          'error',
          'invalid_record',
          row,
          null,
          null,
          'each record must be an object of field names and values',
        ),
      );
      continue;
    }
    const keys = Object.keys(item);
    if (!kind) kind = detectKind(keys) ?? 'workers';
    if (row === (options.firstRow ?? 1)) {
      const match = matchColumns(kind, keys, ctx);
      yield { type: 'columns', format: 'standard', kind, matched: match.matched, unknown: match.unknown };
      yield* match.problems.filter((p) => p.kind !== 'missing_columns').map(plain);
      for (const k of keys) reported.add(k);
    }
    const fields: Record<string, unknown> = {};
    for (const key of keys) {
      const field = fieldForHeader(kind, key);
      if (field && !(field in fields)) fields[field] = item[key];
      else if (!field && !reported.has(key)) {
        reported.add(key);
        yield plain(
          problem(
            ctx,
            'warning',
            'unknown_column',
            null,
            key,
            null,
            `Field '${key}' is not in the data standard and was ignored`,
          ),
        );
      }
    }
    const out: ValidationEvent[] = [];
    checkOne(kind, fields, row, ctx, out);
    yield* out;
  }
  if (row < (options.firstRow ?? 1))
    yield fileProblem('no_records', 'There are no records: send one record per person');
}

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
