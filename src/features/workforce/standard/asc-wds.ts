/**
 * Skills for Care ASC-WDS bulk-upload staff file → the data standard (docs/domain.md §4). Codes are
 * the bulk-upload ("BUDI") codes of ASC-WDS's published worker file specification, as its validator
 * reads them: hours and STARTDATE are optional there, 999 means "don't know", and a value it would
 * ignore with a warning is ignored here with a warning, never refused. Adult social care staff map to
 * service social_care, wider workforce.
 */
import { cellText, parseDate } from './field-values.ts';
import { problem, type Problem } from './problem.ts';
import { fteFromHours, HOURS_PER_FTE } from './worker-checks.ts';

export const isAscWdsHeader = (headers: readonly string[]): boolean => {
  const set = new Set(headers.map((h) => h.trim().toUpperCase()));
  return set.has('UNIQUEWORKERID') && (set.has('MAINJOBROLE') || set.has('LOCALESTID'));
};

const GENDER: Record<string, string> = { 1: 'male', 2: 'female', 3: 'not_known', 4: 'other' };
const DISABLED: Record<string, string> = { 0: 'no', 1: 'yes', 2: 'prefer_not_to_say', 3: 'not_known' };
/** ASC-WDS ethnicity (2011 Census list) → nearest ONS 2021 category. 98 any other, 99 don't know. */
export const ASC_ETHNICITY: Record<string, string> = {
  31: 'white_british',
  32: 'white_irish',
  33: 'white_gypsy_irish_traveller',
  34: 'white_other',
  35: 'mixed_white_black_caribbean',
  36: 'mixed_white_black_african',
  37: 'mixed_white_asian',
  38: 'mixed_other',
  39: 'asian_indian',
  40: 'asian_pakistani',
  41: 'asian_bangladeshi',
  42: 'asian_chinese',
  43: 'asian_other',
  44: 'black_african',
  45: 'black_caribbean',
  46: 'black_other',
  47: 'other_arab',
  98: 'other_any',
  99: 'not_known',
};
const QUAL_LEVEL: Record<string, string> = {
  0: 'entry',
  1: '1',
  2: '2',
  3: '3',
  4: '4',
  5: '5',
  6: '6',
  7: '7',
  8: '8',
  999: 'not_known',
};
/** MAINJOBROLE code → [label, standard job role or null for "other", is a manager]. */
export const ASC_JOB_ROLES: Record<string, [string, string | null, boolean]> = {
  1: ['Senior management', 'service_manager', true],
  2: ['Middle management', 'service_manager', true],
  3: ['First-line manager', 'service_manager', true],
  4: ['Registered manager', 'service_manager', true],
  5: ['Supervisor', 'care_worker', true],
  6: ['Social worker', null, false],
  7: ['Senior care worker', 'care_worker', false],
  8: ['Care worker', 'care_worker', false],
  9: ['Community support and outreach', 'family_support_worker', false],
  10: ['Employment support', null, false],
  11: ['Advice, guidance and advocacy', null, false],
  15: ['Occupational therapist', 'allied_health_professional', false],
  16: ['Registered nurse', 'nurse', false],
  17: ['Allied health professional', 'allied_health_professional', false],
  22: ['Technician', null, false],
  23: ['Other care-providing role', null, false],
  24: ['Care-related, not care-providing role', null, false],
  25: ['Administrative or office staff', 'administrator', false],
  26: ['Ancillary staff', null, false],
  27: ['Other non-care-providing role', null, false],
  34: ['Activities worker or co-ordinator', null, false],
  35: ['Safeguarding and reviewing officer', null, false],
  36: ['Occupational therapist assistant', 'allied_health_professional', false],
  37: ['Nursing associate', 'nurse', false],
  38: ['Nursing assistant', null, false],
  39: ['Assessment officer', null, false],
  40: ['Care co-ordinator', null, false],
  41: ['Care navigator', null, false],
  42: ["Children's or young people's job role", null, false],
  // Added to ASC-WDS in 2023–24.
  43: ['Deputy manager', 'service_manager', true],
  44: ['Learning and development lead', null, false],
  45: ['Team leader', 'care_worker', true],
  46: ['Data analyst', null, false],
  47: ['Data governance manager', null, true],
  48: ['IT and digital support', null, false],
  49: ['IT manager', null, true],
  50: ['IT service desk manager', null, true],
  51: ['Software developer', null, false],
  52: ['Support worker', 'care_worker', false],
};

const USED = [
  'LOCALESTID',
  'UNIQUEWORKERID',
  'STATUS',
  'DOB',
  'GENDER',
  'ETHNICITY',
  'DISABLED',
  'STARTDATE',
  'APPRENTICE',
  'EMPLSTATUS',
  'ZEROHRCONT',
  'DAYSSICK',
  'MAINJOBROLE',
  'MAINJRDESC',
  'CONTHOURS',
  'AVGHOURS',
  'SCQUAL',
  'NONSCQUAL',
];
const PERSONAL = ['NINUMBER', 'POSTCODE', 'DISPLAYID'];

export const ASC_MATCHED: Record<string, string> = {
  worker_id: 'UNIQUEWORKERID',
  service: '(set to social_care)',
  job_role: 'MAINJOBROLE',
  job_role_other: 'MAINJRDESC',
  workforce_group: '(set to wider)',
  employment_type: 'EMPLSTATUS',
  contract_type: 'EMPLSTATUS, ZEROHRCONT',
  fte: "CONTHOURS (permanent and temporary staff) or AVGHOURS (bank, agency, other and zero-hours staff) ÷ the organisation's full-time hours",
  contracted_hours: 'CONTHOURS (permanent and temporary staff not on zero hours)',
  start_date: 'STARTDATE (a full date; a year alone is ignored)',
  birth_year: 'DOB',
  sex: 'GENDER',
  ethnicity: 'ETHNICITY',
  disability: 'DISABLED',
  qualification_level: 'SCQUAL, NONSCQUAL',
  apprentice: 'APPRENTICE',
  sickness_days: 'DAYSSICK',
  manager: 'MAINJOBROLE',
};

export function ascColumns(
  headers: readonly string[],
  ctx: { sheet?: string },
): { unmapped: string[]; problems: Problem[] } {
  const present = headers.map((h) => h.trim()).filter(Boolean);
  const unmapped = present.filter((h) => !USED.includes(h.toUpperCase()));
  const problems = present
    .filter((h) => PERSONAL.includes(h.toUpperCase()))
    .map((h) =>
      problem(
        ctx,
        'warning',
        'personal_data_column',
        null,
        h,
        null,
        `Column '${h}' may hold personal data and was ignored: only the pseudonymous UNIQUEWORKERID is kept`,
      ),
    );
  return {
    unmapped: [...unmapped, 'leaving_date', 'leaving_reason', 'gender_identity', 'safeguarding_level'],
    problems,
  };
}

type Ctx = { sheet?: string; fullTimeHours?: number };
type Text = (column: string) => string;

/** MAINJOBROLE → job_role, job_role_other and manager; a code not on ASC-WDS's list becomes "other", described. */
function ascRole(text: Text, fields: Record<string, unknown>): void {
  const role = ASC_JOB_ROLES[String(Number(text('MAINJOBROLE')))];
  if (role) {
    fields.job_role = role[1] ?? 'other';
    fields.job_role_other = role[1] ? null : text('MAINJRDESC') || role[0];
    fields.manager = role[2] ? 'yes' : 'no';
  } else {
    fields.job_role = text('MAINJOBROLE') === '' ? '' : 'other';
    fields.job_role_other = text('MAINJRDESC') || (text('MAINJOBROLE') && `ASC-WDS job role ${text('MAINJOBROLE')}`);
  }
}

/** STARTDATE: a full date, or nothing. ASC-WDS ignores anything else with a warning (its own factory writes a year alone). */
function ascStartDate(raw: unknown, rowNumber: number, ctx: Ctx, problems: Problem[]): string | null {
  const text = cellText(raw);
  const date = /^\d{4}$/.test(text) ? null : parseDate(raw);
  if (date === null && text !== '') {
    const advice = /^\d{4}$/.test(text)
      ? 'STARTDATE has only a year, so it was ignored (as ASC-WDS ignores it): give the full date as DD/MM/YYYY to count this person as a starter'
      : 'STARTDATE is not a date, so it was ignored (as ASC-WDS ignores it): give the full date as DD/MM/YYYY';
    problems.push(problem(ctx, 'warning', 'start_date_ignored', rowNumber, 'STARTDATE', text, advice));
  }
  return date;
}

/**
 * Hours and FTE as ASC-WDS reads them: CONTHOURS for permanent and temporary staff not on zero hours,
 * AVGHOURS (average, not contracted) for bank, agency, other and zero-hours staff. Both are optional;
 * blank or 999 ("don't know") leaves the FTE unknown, recorded as 0 with a warning.
 */
function ascHours(text: Text, employed: boolean, rowNumber: number, ctx: Ctx, problems: Problem[]) {
  const contracted = ['1', '2'].includes(text('EMPLSTATUS')) && text('ZEROHRCONT') !== '1';
  const column = contracted ? 'CONTHOURS' : 'AVGHOURS';
  const value = text(column);
  const hours = Number(value);
  const fullTime = ctx.fullTimeHours ?? HOURS_PER_FTE;
  const unknown = (given: string | null, why: string) => {
    if (employed)
      problems.push(
        problem(
          ctx,
          'warning',
          'hours_not_known',
          rowNumber,
          column,
          given,
          `${why}, so this person's FTE is not known: they count in the headcount with FTE 0. Give their weekly hours in ${column} to count their FTE`,
        ),
      );
    return { fte: 0, contracted_hours: null };
  };
  if (value === '') return unknown(null, `${column} is blank`);
  if (Math.trunc(hours) === 999) return unknown(value, `${column} is 999 ("don't know")`);
  if (!Number.isFinite(hours) || hours < 0 || hours > 75)
    return unknown(value, `${column} is not a number of hours from 0 to 75, so it was ignored (as ASC-WDS ignores it)`);
  let fte = fteFromHours(hours, fullTime);
  if (fte > 1.5) {
    problems.push(
      problem(
        ctx,
        'warning',
        'fte_capped',
        rowNumber,
        column,
        value,
        `${hours} hours a week is ${fte} FTE at ${fullTime} full-time hours, more than the standard's maximum: FTE 1.5 was recorded. Check the hours and the organisation's full-time hours`,
      ),
    );
    fte = 1.5;
  }
  return { fte, contracted_hours: contracted ? hours : null };
}

/** One ASC-WDS row (values keyed by upper-case header) → raw standard fields, or null for a DELETE row. */
export function mapAscRow(
  row: Record<string, unknown>,
  rowNumber: number,
  ctx: Ctx,
): { fields: Record<string, unknown>; problems: Problem[] } | null {
  const text = (column: string) => cellText(row[column]);
  const problems: Problem[] = [];
  const lookup = (column: string, table: Record<string, string>): string | null => {
    const value = text(column);
    if (value === '') return null;
    const code = table[String(Number(value))];
    if (code === undefined) {
      problems.push(
        problem(
          ctx,
          'warning',
          'asc_wds_unmapped',
          rowNumber,
          column,
          value,
          'this ASC-WDS code could not be mapped to the data standard and was left blank',
        ),
      );
      return null;
    }
    return code;
  };
  if (text('STATUS').toUpperCase() === 'DELETE') return null;

  const fields: Record<string, unknown> = {
    worker_id: text('UNIQUEWORKERID'),
    service: 'social_care',
    workforce_group: 'wider',
  };
  ascRole(text, fields);
  const dob = parseDate(row.DOB);
  fields.birth_year = dob ? Number(dob.slice(0, 4)) : null;
  fields.sex = lookup('GENDER', GENDER);
  fields.ethnicity = lookup('ETHNICITY', ASC_ETHNICITY);
  fields.disability = lookup('DISABLED', DISABLED);
  fields.start_date = ascStartDate(row.STARTDATE, rowNumber, ctx, problems);
  fields.apprentice = lookup('APPRENTICE', { 1: 'yes', 2: 'no', 999: '' }) || null;
  const sick = text('DAYSSICK');
  fields.sickness_days = sick === '999' ? null : sick;

  const status = text('EMPLSTATUS');
  const employment = lookup('EMPLSTATUS', {
    1: 'employee',
    2: 'employee',
    3: 'employee',
    4: 'agency',
    5: 'employee',
    6: 'volunteer',
    7: 'employee',
  });
  fields.employment_type = employment ?? '';
  const contract: Record<string, string> = { 1: 'permanent', 2: 'fixed_term', 3: 'bank_casual' };
  if (text('ZEROHRCONT') === '1') fields.contract_type = 'zero_hours';
  else if (contract[status]) fields.contract_type = contract[status];
  Object.assign(fields, ascHours(text, employment !== null && employment !== 'volunteer', rowNumber, ctx, problems));

  const levels = ['SCQUAL', 'NONSCQUAL']
    .map((c) => text(c).split(';'))
    .filter((p) => p[0] === '1' && p[1] !== undefined)
    .map((p) => QUAL_LEVEL[String(Number(p[1]))])
    .filter((l): l is string => l !== undefined && l !== 'not_known');
  const rank = (l: string) => (l === 'entry' ? 0 : Number(l));
  if (levels.length > 0) fields.qualification_level = levels.sort((a, b) => rank(b) - rank(a))[0];
  else if (['SCQUAL', 'NONSCQUAL'].every((c) => text(c).split(';')[0] === '2')) fields.qualification_level = 'none';
  else fields.qualification_level = null;
  return { fields, problems };
}
