/** The return templates, generated from the data standard: CSV (header and an example row) and XLSX. */
import ExcelJS from 'exceljs';
import { toCsv } from '../../../lib/spreadsheet.ts';
import { STANDARD_VERSION, VACANCY_FIELDS, WORKER_FIELDS } from './standard.ts';
import { FIELD_GROUPS, VACANCY_FIELD_SPECS, WORKER_FIELD_SPECS } from './field-specs.ts';
import type { FieldSpec } from './field-specs.ts';
import { DFE_NOTES, requiredDescription, typeDescription } from './standard-doc.ts';

/** Rows of the template that carry drop-down lists and number checks. */
export const TEMPLATE_ROWS = 2000;
const LEFT_BLANK_IN_EXAMPLE = new Set(['job_role_other', 'leaving_date', 'leaving_reason', 'gender_identity']);

export const exampleWorker = (): string[] =>
  WORKER_FIELDS.map((f) => (LEFT_BLANK_IN_EXAMPLE.has(f) ? '' : WORKER_FIELD_SPECS[f].example));
export const exampleVacancy = (): string[] => VACANCY_FIELDS.map((f) => VACANCY_FIELD_SPECS[f].example);

export function csvTemplate(): string {
  return toCsv([...WORKER_FIELDS], [exampleWorker()]);
}

const columnLetter = (index: number): string => {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
};

/** An example cell in the XLSX: labels for codes (the drop-downs offer labels; codes are accepted too), numbers as numbers. */
const exampleCell = (spec: FieldSpec, value: string): string | number | null => {
  if (value === '') return null;
  if (spec.type === 'number' || spec.type === 'integer') return Number(value);
  return spec.codes?.find((c) => c.code === value)?.label ?? value;
};

// exceljs supports worksheet.dataValidations (ranges included) but its type declarations omit it.
type WithValidations = { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

function addValidations(worksheet: ExcelJS.Worksheet, specs: FieldSpec[], listRanges: Map<string, string>): void {
  const sheet = worksheet as unknown as WithValidations;
  specs.forEach((spec, i) => {
    const range = `${columnLetter(i)}2:${columnLetter(i)}${TEMPLATE_ROWS + 1}`;
    const common = {
      allowBlank: spec.required !== 'required',
      showErrorMessage: true,
      errorStyle: 'warning' as const,
      errorTitle: spec.label,
      showInputMessage: true,
      promptTitle: spec.label,
      prompt: spec.meaning.slice(0, 255),
    };
    if (spec.type === 'code' || spec.type === 'boolean') {
      const list = listRanges.get(spec.name);
      if (!list) throw new Error(`No list of values for the template's ${spec.name} column`);
      sheet.dataValidations.add(range, {
        ...common,
        type: 'list',
        formulae: [list],
        error: `Choose ${spec.label.toLowerCase()} from the list (see the Guidance sheet).`,
      });
    } else if (spec.type === 'number' || spec.type === 'integer') {
      sheet.dataValidations.add(range, {
        ...common,
        type: spec.type === 'integer' ? 'whole' : 'decimal',
        operator: 'between',
        formulae: [spec.min ?? 0, spec.max ?? 100000],
        error: `Enter a number between ${spec.min} and ${spec.max}.`,
      });
    }
  });
}

function addTableSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  specs: FieldSpec[],
  example: string[],
  listRanges: Map<string, string>,
) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(specs.map((s) => s.name)).font = { bold: true };
  sheet.addRow(specs.map((s, i) => exampleCell(s, example[i])));
  specs.forEach((s, i) => {
    sheet.getColumn(i + 1).width = Math.max(14, s.name.length + 4);
  });
  addValidations(sheet, specs, listRanges);
}

export async function xlsxTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'One Workforce';
  const workerSpecs = WORKER_FIELDS.map((f) => WORKER_FIELD_SPECS[f]);
  const vacancySpecs = VACANCY_FIELDS.map((f) => VACANCY_FIELD_SPECS[f]);
  const coded = workerSpecs.filter((s) => s.codes);

  const workersSheet = 'Workers';
  const listRanges = new Map<string, string>();
  coded.forEach((s, i) =>
    listRanges.set(s.name, `'Code lists'!$${columnLetter(i)}$2:$${columnLetter(i)}$${(s.codes?.length ?? 0) + 1}`),
  );
  addTableSheet(workbook, workersSheet, workerSpecs, exampleWorker(), listRanges);
  addTableSheet(workbook, 'Vacancies', vacancySpecs, exampleVacancy(), listRanges);

  const guidance = workbook.addWorksheet('Guidance');
  guidance.addRow(['Field', 'Meaning', 'Type', 'Required', 'Example', 'Codes (code – label)']).font = { bold: true };
  guidance.addRow([
    `Workforce data standard v${STANDARD_VERSION}. One row per person on the Workers sheet (replace the example row); one row per job role and service with vacancies on the Vacancies sheet. Never enter names, dates of birth or National Insurance numbers.`,
  ]);
  for (const [group, title] of Object.entries(FIELD_GROUPS)) {
    const specs = [...workerSpecs, ...vacancySpecs.filter((s) => !(s.name in WORKER_FIELD_SPECS))].filter(
      (s) => s.group === group,
    );
    if (specs.length === 0) continue;
    guidance.addRow([title]).font = { bold: true };
    for (const s of specs) {
      guidance.addRow([
        s.name,
        s.meaning,
        typeDescription(s),
        requiredDescription(s),
        s.example,
        (s.codes ?? []).map((c) => `${c.code} – ${c.label}`).join('\n'),
      ]);
    }
  }
  guidance.addRow(["What DfE's measures need"]).font = { bold: true };
  for (const [title, text] of DFE_NOTES) guidance.addRow([title, text]);
  guidance.columns.forEach((c, i) => {
    c.width = [22, 60, 24, 30, 24, 70][i];
    c.alignment = { wrapText: true, vertical: 'top' };
  });

  const lists = workbook.addWorksheet('Code lists');
  lists.addRow(coded.map((s) => s.name)).font = { bold: true };
  const longest = Math.max(...coded.map((s) => s.codes?.length ?? 0));
  for (let r = 0; r < longest; r++) lists.addRow(coded.map((s) => s.codes?.[r]?.label ?? null));
  lists.columns.forEach((c) => {
    c.width = 30;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
