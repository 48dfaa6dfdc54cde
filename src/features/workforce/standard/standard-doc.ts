/** docs/data-standard.md, generated from the data standard (scripts/generate-data-standard-doc.ts). */
import {
  ETHNIC_GROUPS,
  ETHNICITIES,
  JOB_ROLES,
  SERVICE_CODES,
  STANDARD_VERSION,
  VACANCY_FIELDS,
  WORKER_FIELDS,
} from './standard.ts';
import { FIELD_GROUPS, VACANCY_FIELD_SPECS, WORKER_FIELD_SPECS } from './field-specs.ts';
import type { FieldSpec } from './field-specs.ts';
import { ASC_ETHNICITY, ASC_JOB_ROLES, ASC_MATCHED } from './asc-wds.ts';
import { DEFAULT_WORKING_DAYS } from '../profile/measures.ts';
import { HOURS_PER_FTE } from './worker-checks.ts';

/** What DfE's measures need from a return, said once for docs/data-standard.md and the template's Guidance sheet. */
export const DFE_NOTES: readonly (readonly [string, string])[] = [
  [
    'Agency staff',
    'Record each agency worker in post at the census date as a worker row with employment_type agency and their FTE: the agency rate (agency FTE ÷ (agency FTE + FTE in post)) is worked out from these rows only. agency_cover_fte on a vacancy row says how much of that vacancy agency workers cover; it is never added to the agency rate, so when both are given the agency worker rows are used and nobody is counted twice.',
  ],
  [
    'Leavers',
    "A leaver's fte is their FTE when they left. Turnover is the FTE of employees who left in the 12 months up to the census date ÷ FTE in post at the census date.",
  ],
  [
    'Sickness absence',
    'sickness_days counts working days lost in the 12 months up to the census date, days the person was due to work: a part-time worker on three days a week loses at most three a week. The absence rate counts employees in post at the census date only; sickness days given for leavers and agency workers are kept but not counted.',
  ],
  [
    'Absence rate',
    `Days lost ÷ (FTE in post × working days in the year). The year has ${DEFAULT_WORKING_DAYS} working days unless the partnership sets another number in the profile settings.`,
  ],
  [
    'Full-time hours',
    `FTE is weekly hours ÷ the organisation's full-time hours (${HOURS_PER_FTE} unless its settings give another number). Someone working more than full-time hours has an FTE above 1 (40 hours at 37 is 1.08), up to the standard's maximum of 1.5.`,
  ],
];

const cell = (text: string) => text.replace(/\|/g, '\\|');
const serviceLabel = (code: string) => SERVICE_CODES.find((s) => s.code === code)?.label ?? code;

export function typeDescription(spec: FieldSpec): string {
  switch (spec.type) {
    case 'code':
      return 'Code from the list';
    case 'boolean':
      return 'yes or no';
    case 'date':
      return 'Date (YYYY-MM-DD)';
    case 'integer':
      return `Whole number, ${spec.min} to ${spec.max}`;
    case 'number':
      return `Number, ${spec.min} to ${spec.max}`;
    case 'text':
      return `Text, up to ${spec.maxLength} characters`;
  }
}
export const requiredDescription = (spec: FieldSpec): string =>
  spec.required === 'required'
    ? 'Required'
    : spec.required === 'conditional'
      ? `Conditional: ${spec.condition}`
      : 'Optional';

function codesTable(spec: FieldSpec): string[] {
  if (!spec.codes || spec.type === 'boolean') return [];
  if (spec.name === 'ethnicity') {
    return [
      '| Code | Label | Group | ONS code |',
      '| --- | --- | --- | --- |',
      ...ETHNICITIES.map(
        (e) =>
          `| \`${e.code}\` | ${cell(e.label)} | ${e.group ? ETHNIC_GROUPS.find((g) => g.code === e.group)?.label : ''} | ${e.onsCode ?? ''} |`,
      ),
      '',
    ];
  }
  if (spec.name === 'job_role') {
    return [
      '| Code | Label | Services |',
      '| --- | --- | --- |',
      ...JOB_ROLES.map(
        (r) =>
          `| \`${r.code}\` | ${cell(r.label)} | ${r.services.length === SERVICE_CODES.length ? 'All' : r.services.map(serviceLabel).join('; ')} |`,
      ),
      '',
    ];
  }
  return ['| Code | Label |', '| --- | --- |', ...spec.codes.map((c) => `| \`${c.code}\` | ${cell(c.label)} |`), ''];
}

function fieldSection(spec: FieldSpec): string[] {
  return [
    `### \`${spec.name}\` — ${spec.label}`,
    '',
    spec.meaning,
    '',
    `- Type: ${typeDescription(spec)}`,
    `- ${requiredDescription(spec)}`,
    `- Example: \`${spec.example}\``,
    `- Also recognised as column names: ${spec.synonyms.map((s) => `“${s}”`).join(', ') || 'none'}`,
    '',
    ...codesTable(spec),
  ];
}

export function dataStandardMarkdown(): string {
  const lines = [
    `# Workforce data standard, version ${STANDARD_VERSION}`,
    '',
    '<!-- Generated from src/features/workforce/standard/standard.ts by scripts/generate-data-standard-doc.ts: do not edit by hand. -->',
    '',
    'Every partner organisation sends one **worker record** per person at the census date (for example 30 September): everyone in post then, and everyone who left in the 12 months up to it. It also sends one **vacancy record** per job role and service with vacancies.',
    '',
    'Files may be CSV (UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab separated) or Excel .xlsx (a workers sheet and a sheet named “Vacancies”). Columns are matched by name, ignoring case, spaces and punctuation; the names below and their synonyms are recognised. Coded fields accept the code or its label. Skills for Care ASC-WDS bulk-upload staff files are also accepted and mapped to this standard.',
    '',
    '**Never send names, email addresses, dates of birth or National Insurance numbers.** `worker_id` must be a pseudonymous identifier that stays the same from one return to the next.',
    '',
    '## Worker record',
    '',
    'Columns in this order:',
    '',
    WORKER_FIELDS.map((f) => `\`${f}\``).join(', '),
    '',
  ];
  for (const [group, title] of Object.entries(FIELD_GROUPS)) {
    const specs = WORKER_FIELDS.map((f) => WORKER_FIELD_SPECS[f]).filter((s) => s.group === group);
    if (specs.length === 0) continue;
    lines.push(`## ${title}`, '');
    for (const spec of specs) lines.push(...fieldSection(spec));
  }
  lines.push(
    '## Vacancy record',
    '',
    'Columns in this order:',
    '',
    VACANCY_FIELDS.map((f) => `\`${f}\``).join(', '),
    '',
  );
  for (const f of VACANCY_FIELDS) lines.push(...fieldSection(VACANCY_FIELD_SPECS[f]));
  lines.push(
    '## Checks across records',
    '',
    '- Each `worker_id` appears once (error).',
    '- `leaving_date` is not before `start_date` and not after the census date (error); leavers from more than 12 months before the census date are flagged (warning).',
    '- `start_date` is not after the census date (error).',
    "- `fte` agrees with `contracted_hours` ÷ the organisation's full-time hours (37 unless set otherwise) to within 0.1 (warning).",
    '- `birth_year` gives an age of 14 to 80 at the census date (error).',
    '- `worker_id` does not look like a National Insurance number or an email address (error).',
    '- `contract_type` is given for employees (error) and blank for volunteers (warning).',
    '- The job role is usual for the service (warning).',
    '',
    '- The census date is not more than a year ahead of today (warning).',
    '',
    'Errors stop a return from being submitted; warnings do not. The same schema is published as JSON Schema at `/workforce/standard/schema.json`.',
    '',
  );
  lines.push("## What DfE's measures need", '');
  for (const [title, text] of DFE_NOTES) lines.push(`- **${title}.** ${text}`);
  lines.push('');
  lines.push(...ascWdsSection());
  return lines.join('\n');
}

function ascWdsSection(): string[] {
  return [
    '## Skills for Care ASC-WDS staff files',
    '',
    'A bulk-upload staff file from the Adult Social Care Workforce Data Set is recognised by its `UNIQUEWORKERID` and `MAINJOBROLE` (or `LOCALESTID`) columns and mapped as below. Rows with `STATUS` DELETE are skipped. Only the year of `DOB` is kept; `NINUMBER`, `POSTCODE`, `DISPLAYID` and every other column are ignored and listed as not mapped.',
    '',
    '| Field | From |',
    '| --- | --- |',
    ...Object.entries(ASC_MATCHED).map(([field, from]) => `| \`${field}\` | ${cell(from)} |`),
    '',
    'Codes: `GENDER` 1 male, 2 female, 3 not known, 4 other; `DISABLED` 0 no, 1 yes, 2 prefer not to say, 3 not known; `EMPLSTATUS` 1 permanent, 2 fixed-term, 3 bank or casual, 4 agency, 7 other (an employee), and from older files 6 volunteer and 5 employee; `ZEROHRCONT` 1 zero-hours; `SCQUAL` and `NONSCQUAL` give the highest qualification level.',
    '',
    'As ASC-WDS reads its own files, hours are optional and a value it ignores is ignored here with a warning, never refused. `CONTHOURS` gives the contracted hours of permanent and temporary staff; `AVGHOURS` the average hours of bank, agency, other and zero-hours staff, which are not contracted hours, so their `contracted_hours` is left blank. FTE is those hours ÷ the organisation\'s full-time hours (37 a week unless set on its return history page); above full-time hours FTE is above 1, and an FTE above 1.5 is recorded as 1.5 with a warning. Blank hours, 999 ("don\'t know") or hours over 75 leave the FTE unknown: the person counts in the headcount with FTE 0, with a warning that names the column. A `STARTDATE` of only a year, or not a date, is ignored with a warning.',
    '',
    '| ASC-WDS ethnicity | Standard code |',
    '| --- | --- |',
    ...Object.entries(ASC_ETHNICITY).map(([code, std]) => `| ${code} | \`${std}\` |`),
    '',
    '| ASC-WDS main job role | Standard job role |',
    '| --- | --- |',
    ...Object.entries(ASC_JOB_ROLES).map(
      ([code, [label, role, manager]]) =>
        `| ${code} ${cell(label)} | ${role ? `\`${role}\`` : '`other` (described)'}${manager ? ', manager' : ''} |`,
    ),
    '',
  ];
}
