/*
 * Reading a past round's table of mean scores: a header row of stages (numbers or names), then a
 * row per theme (number or name) with its 8 means, as Herefordshire's 2009 table is laid out;
 * title rows above the header are skipped.
 * Names match ignoring case and punctuation, "&" reads as "and", and a bracketed part may be
 * left out or used alone ("ECM outcomes" matches "Every Child Matters (ECM) outcomes").
 * Every problem is reported with its row and column, and nothing is imported unless all is well.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { ValidationError } from '../../lib/errors.ts';
import { STAGE_COUNT, THEME_COUNT, type CellMean } from './scoring.ts';

export interface Named {
  position: number;
  name: string;
}

/** Problems keyed by where they are ("row 3, column D"), in reading order. */
export class HistoricImportError extends ValidationError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(Object.fromEntries(problems.map((p, i) => [`problem ${i + 1}`, p])));
    this.problems = problems;
  }
}

export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The ways a framework name may be written. */
function spellings(name: string): string[] {
  const found = [normaliseName(name)];
  const bracketed = /^(.*?)\(([^)]*)\)(.*)$/.exec(name);
  if (bracketed) {
    const [, before = '', inside = '', after = ''] = bracketed;
    found.push(normaliseName(`${before} ${after}`), normaliseName(`${inside} ${after}`));
  }
  return found.filter(Boolean);
}

/** The position a heading names: its number, its name, or "3 Develop it". */
export function matchName(text: string, list: Named[]): number | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const position = Number(trimmed);
    return list.some((item) => item.position === position) ? position : null;
  }
  const wanted = normaliseName(trimmed);
  const byName = list.find((item) => spellings(item.name).includes(wanted));
  if (byName) return byName.position;
  const numbered = /^(\d+)[\s.):-]+(.+)$/.exec(trimmed);
  if (numbered) {
    const position = Number(numbered[1]);
    const named = list.find(
      (item) => item.position === position && spellings(item.name).includes(normaliseName(numbered[2] ?? '')),
    );
    if (named) return position;
  }
  return null;
}

export const columnLetter = (index: number): string => {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
};

const isBlankRow = (row: string[]) => row.every((cell) => !cell.trim());

/** The 64 cell means of a table, or every problem found in it. */
export function parseHistoricTable(rows: string[][], themes: Named[], stages: Named[]): CellMean[] {
  const problems: string[] = [];
  // Title or key rows above the table are skipped: the header is the first row naming stages.
  const namesStages = (row: string[]) =>
    row.slice(1).filter((text) => text.trim() && matchName(text, stages) !== null).length >= 2;
  const firstHeader = rows.findIndex(namesStages);
  const headerIndex = firstHeader >= 0 ? firstHeader : rows.findIndex((row) => !isBlankRow(row));
  if (headerIndex < 0)
    throw new HistoricImportError(['The file is empty: it needs a header row of stages and a row for each theme']);
  const header = rows[headerIndex] ?? [];
  const columns = new Map<number, number>(); // spreadsheet column → stage
  header.forEach((text, col) => {
    if (col === 0 || !text.trim()) return;
    const stage = matchName(text, stages);
    if (stage === null)
      problems.push(
        `Row ${headerIndex + 1}, column ${columnLetter(col)}: “${text.trim()}” is not a stage of the framework`,
      );
    else if ([...columns.values()].includes(stage))
      problems.push(`Row ${headerIndex + 1}, column ${columnLetter(col)}: stage ${stage} appears more than once`);
    else columns.set(col, stage);
  });
  for (const stage of stages) {
    if (![...columns.values()].includes(stage.position))
      problems.push(`Row ${headerIndex + 1}: there is no column for stage ${stage.position} (${stage.name})`);
  }

  const cells = new Map<string, CellMean>();
  const seenThemes = new Set<number>();
  rows.forEach((row, index) => {
    if (index <= headerIndex || isBlankRow(row)) return;
    const line = index + 1;
    const label = (row[0] ?? '').trim();
    const theme = label ? matchName(label, themes) : null;
    if (theme === null) {
      problems.push(`Row ${line}, column A: “${label}” is not a theme of the framework`);
      return;
    }
    if (seenThemes.has(theme)) {
      problems.push(`Row ${line}, column A: theme ${theme} appears more than once`);
      return;
    }
    seenThemes.add(theme);
    for (const [col, stage] of columns) {
      const where = `Row ${line}, column ${columnLetter(col)}`;
      const raw = (row[col] ?? '').trim();
      if (!raw) {
        problems.push(`${where}: the score for theme ${theme}, stage ${stage} is missing`);
        continue;
      }
      const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isFinite(value)) problems.push(`${where}: “${raw}” is not a number`);
      else if (value < 1 || value > 5) problems.push(`${where}: ${raw} is outside the scale of 1 to 5`);
      else cells.set(`${theme}:${stage}`, { theme, stage, mean: value });
    }
  });
  for (const theme of themes) {
    if (!seenThemes.has(theme.position)) problems.push(`There is no row for theme ${theme.position} (${theme.name})`);
  }
  if (problems.length) throw new HistoricImportError(problems);
  const ordered: CellMean[] = [];
  for (let t = 1; t <= THEME_COUNT; t += 1)
    for (let s = 1; s <= STAGE_COUNT; s += 1) {
      const cell = cells.get(`${t}:${s}`);
      if (cell) ordered.push(cell);
    }
  return ordered;
}

/** The rows of a CSV file as text (Papa Parse, the parser the workforce returns use). */
export function csvRows(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', quoteChar: '"', header: false });
  const broken = parsed.errors.find((e) => e.type === 'Quotes');
  if (broken)
    throw new HistoricImportError([
      `The file could not be read as CSV: ${broken.message}${broken.row === undefined ? '' : ` (row ${broken.row + 1})`}`,
    ]);
  const rows = parsed.data;
  // A final line break ends the last row; it does not start an empty one.
  if (rows.length && rows.at(-1)?.length === 1 && rows.at(-1)?.[0] === '') rows.pop();
  return rows;
}

/** The rows of the first worksheet of an XLSX file as text (numbers as they are stored). */
export async function xlsxRows(buffer: Buffer<ArrayBuffer>): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS's typings ask for an ArrayBuffer (JSZip reads either): the file's own bytes, without the pool around them.
    await workbook.xlsx.load(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
  } catch {
    throw new HistoricImportError(['The file could not be read as an Excel workbook (.xlsx)']);
  }
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row, number) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const value = cell.value;
      const result = value && typeof value === 'object' && 'result' in value ? value.result : value;
      values[col - 1] =
        result === null || result === undefined ? '' : typeof result === 'object' ? cell.text : String(result);
    });
    rows[number - 1] = Array.from(values, (v) => v ?? '');
  });
  return Array.from(rows, (r) => r ?? []);
}
