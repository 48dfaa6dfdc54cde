/** Matches a file's header row to the fields of the data standard. */
import { normaliseName } from './standard.ts';
import { VACANCY_FIELD_SPECS, WORKER_FIELD_SPECS } from './field-specs.ts';
import type { FieldSpec } from './field-specs.ts';
import { problem, type Problem } from './problem.ts';

export type Kind = 'workers' | 'vacancies';

function nameIndex(specs: Record<string, FieldSpec>): Map<string, string> {
  const index = new Map<string, string>();
  for (const spec of Object.values(specs)) {
    for (const name of [spec.name, spec.label, ...spec.synonyms])
      if (!index.has(normaliseName(name))) index.set(normaliseName(name), spec.name);
  }
  return index;
}
const INDEX: Record<Kind, Map<string, string>> = {
  workers: nameIndex(WORKER_FIELD_SPECS),
  vacancies: nameIndex(VACANCY_FIELD_SPECS),
};
const SPECS: Record<Kind, Record<string, FieldSpec>> = { workers: WORKER_FIELD_SPECS, vacancies: VACANCY_FIELD_SPECS };

export const fieldForHeader = (kind: Kind, header: string): string | undefined =>
  INDEX[kind].get(normaliseName(header));

/** Workers, vacancies or neither, judged by which identifying columns the header has. */
export function detectKind(headers: readonly string[]): Kind | null {
  const fields = (kind: Kind) => new Set(headers.map((h) => fieldForHeader(kind, h)).filter(Boolean));
  const workers = fields('workers');
  if (workers.has('worker_id') || (workers.has('fte') && workers.has('job_role'))) return 'workers';
  if (fields('vacancies').has('vacant_fte')) return 'vacancies';
  return null;
}

const PERSONAL =
  /^(name|firstname|forename|surname|lastname|fullname|ninumber|nino|nationalinsurance.*|dob|dateofbirth|postcode|email.*|address.*|phone.*|mobile.*|telephone.*)$/;

export interface ColumnMatch {
  /** Column index → standard field. */
  byIndex: Map<number, string>;
  /** Standard field → header as written in the file. */
  matched: Record<string, string>;
  unknown: string[];
  problems: Problem[];
  /** True when a required column is missing: the rows cannot be checked. */
  fatal: boolean;
}

export function matchColumns(kind: Kind, headers: readonly unknown[], ctx: { sheet?: string }): ColumnMatch {
  const byIndex = new Map<number, string>();
  const matched: Record<string, string> = {};
  const unknown: string[] = [];
  const problems: Problem[] = [];
  headers.forEach((raw, i) => {
    const header =
      typeof raw === 'string' ? raw.trim() : raw === null || raw === undefined ? '' : String(raw as string);
    if (header === '') return;
    const field = fieldForHeader(kind, header);
    if (!field) {
      unknown.push(header);
      const personal = PERSONAL.test(normaliseName(header));
      problems.push(
        problem(
          ctx,
          'warning',
          personal ? 'personal_data_column' : 'unknown_column',
          null,
          header,
          null,
          personal
            ? `Column '${header}' looks like personal data and was ignored: remove it, and never send names, contact details or National Insurance numbers`
            : `Column '${header}' is not in the data standard and was ignored: rename it to a standard column name if it should be read`,
        ),
      );
    } else if (field in matched) {
      problems.push(
        problem(
          ctx,
          'warning',
          'duplicate_column',
          null,
          header,
          null,
          `Columns '${matched[field]}' and '${header}' both give ${field}: only '${matched[field]}' was read`,
        ),
      );
    } else {
      matched[field] = header;
      byIndex.set(i, field);
    }
  });
  const missing = Object.values(SPECS[kind])
    .filter((s) => s.required === 'required' && !(s.name in matched))
    .map((s) => s.name);
  if (missing.length > 0) {
    problems.push(
      problem(
        ctx,
        'error',
        'missing_columns',
        null,
        null,
        null,
        `The ${kind === 'workers' ? 'workers' : 'vacancies'} ${ctx.sheet ? `sheet '${ctx.sheet}'` : 'file'} has no column for ${missing.join(', ')}: add ${missing.length > 1 ? 'these required columns' : 'this required column'} with the names in the data standard (or use the template)`,
      ),
    );
  }
  return { byIndex, matched, unknown, problems, fatal: missing.length > 0 };
}
