import type { Cell, Sheet } from '../../../lib/spreadsheet.ts';
import { VACANCY_COLUMNS, WORKER_COLUMNS } from './record-columns.ts';

type Row = Record<string, string | number | null>;
const BOOLEAN = new Set(['apprentice', 'manager']);

/** A stored value as the data standard writes it: codes as codes, yes/no for booleans, blanks for nulls. */
function standardCell(column: string, value: string | number | null): Cell {
  if (value === null || value === undefined) return '';
  if (BOOLEAN.has(column)) return Number(value) ? 'yes' : 'no';
  return value;
}

/** The current return's worker records in the standard's columns and order, so export → import is a round trip. */
export function exportRows(workers: Row[], _vacancies: Row[] = []): { header: string[]; rows: Cell[][] } {
  return {
    header: [...WORKER_COLUMNS],
    rows: workers.map((w) => WORKER_COLUMNS.map((c) => standardCell(c, w[c] ?? null))),
  };
}

/** Both record types as sheets, for an XLSX export. */
export function exportSheets(workers: Row[], vacancies: Row[]): Sheet[] {
  const sheets: Sheet[] = [{ name: 'Workers', ...exportRows(workers) }];
  if (vacancies.length)
    sheets.push({
      name: 'Vacancies',
      header: [...VACANCY_COLUMNS],
      rows: vacancies.map((v) => VACANCY_COLUMNS.map((c) => standardCell(c, v[c] ?? null))),
    });
  return sheets;
}
