/**
 * The streaming validator of workforce returns. Reads CSV (UTF-8 or Windows-1252, comma or semicolon),
 * XLSX (a workers sheet and optionally a vacancies sheet) or an ASC-WDS staff file, and yields events
 * as it reads: memory stays flat however long the file (only worker IDs are kept, for duplicates).
 */
import { extname } from 'node:path';
import { dateNumbers } from '../../../lib/dates.ts';
import { detectKind, fieldForHeader, matchColumns } from '../standard/columns.ts';
import type { Kind } from '../standard/columns.ts';
import { parseDate } from '../standard/field-values.ts';
import { FileReadError, isZip, readCsvLines, readStart, readXlsx } from './readers.ts';
import { problem } from '../standard/problem.ts';
export type { Problem } from '../standard/problem.ts';
export type { ValidationEvent } from './table-validator.ts';
import { IdSet } from './id-set.ts';
import {
  checkOne,
  fileProblem,
  plain,
  TableValidator,
  validateTable,
  type Context,
  type ValidationEvent,
} from './table-validator.ts';

const validCensusDate = (date: string) => /^\d{4}-\d{2}-\d{2}$/.test(date) && parseDate(date) === date;

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** A census date more than a year after today (in London) is most likely a typing slip: warned, not refused. */
export function censusDateProblems(censusDate: string, now = new Date()): ValidationEvent[] {
  const { year: y, month: m, day: d } = dateNumbers(LONDON_DAY.format(now));
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
          : `The file could not be read (${error instanceof Error ? error.message : String(error)}): save it again as .xlsx or CSV UTF-8 and upload it again`,
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
