/*
 * Turns the (already suppressed) workforce profile into what the pages, downloads and the PDF
 * show: formatted cells, download sheets, filters in words and the key figures (the sections and
 * their charts are in sections/). Pure:
 * no I/O, no access to worker rows, so nothing here can undo suppression.
 */
import { barChart, type Chart } from '../../../lib/charts.ts';
import type { Cell, Sheet } from '../../../lib/spreadsheet.ts';
import { isSuppressed, type Shown } from '../../../lib/suppression.ts';
import { HEADLINE, type HeadlineKey } from './headline.ts';
import type {
  ColumnFormat,
  ProfileColumn,
  ProfileFilters,
  ProfileRow,
  ProfileTable,
  WorkforceProfile,
} from './profile-types.ts';
import { formatDate } from '../../../lib/dates.ts';
import { formatNumber, formatOnePlace } from '../../../lib/numbers.ts';

const oneDecimal = (v: number) => Math.round(v * 10) / 10;

/** A cell as the page shows it. */
export function formatCell(value: Shown<number> | null | undefined, format: ColumnFormat): string {
  if (value === null || value === undefined) return 'x';
  if (isSuppressed(value)) return 'c';
  switch (format) {
    case 'count':
      return formatNumber(Math.round(value));
    case 'fte':
      return formatOnePlace(oneDecimal(value));
    case 'percent':
      return `${oneDecimal(value).toFixed(1)}%`;
    case 'ratio':
      return value.toFixed(2);
    case 'difference':
      return `${value > 0 ? '+' : ''}${oneDecimal(value).toFixed(1)}`;
    default:
      return String(value);
  }
}

/** A cell as a download carries it: numbers stay numbers, 'c' stays 'c', not available is 'x'. */
export function downloadCell(value: Shown<number> | null | undefined, format: ColumnFormat): Cell {
  if (value === null || value === undefined) return 'x';
  if (isSuppressed(value)) return 'c';
  if (format === 'count') return Math.round(value);
  if (format === 'ratio') return Math.round(value * 100) / 100;
  return oneDecimal(value);
}

const TREND_FORMATS: [RegExp, ColumnFormat][] = [
  [/rate|percent/i, 'percent'],
  [/fte/i, 'fte'],
  [/headcount|count|^n$/i, 'count'],
];

/**
 * The format of one cell. Most tables format by column; a table whose rows are different
 * measures (trends: rows are measures, columns census dates) formats by row — the row's own
 * `format` when it has one, otherwise inferred from the measure's key.
 */
export function cellFormat(table: ProfileTable, row: ProfileRow, column: ProfileColumn): ColumnFormat {
  const own = row.format;
  if (column.format === 'difference' || column.format === 'text') return column.format;
  if (own) return own;
  if (table.id === 'trends') return TREND_FORMATS.find(([pattern]) => pattern.test(row.key))?.[1] ?? 'fte';
  return column.format;
}

export const tableRows = (table: ProfileTable): ProfileRow[] =>
  table.totals ? [...table.rows, table.totals] : table.rows;

export const X_EXPLANATION = 'x: not available or not applicable (nothing to divide by, or not published)';

/** The explanation lines every download and the PDF carry. */
export function aboutLines(profile: WorkforceProfile, table: ProfileTable | null, partnershipName: string): string[] {
  return [
    ...(table ? [table.title] : []),
    `Partnership: ${partnershipName}${profile.scope.organisationName ? ` — ${profile.scope.organisationName} only` : ''}`,
    `Census date: ${formatDate(profile.filters.censusDate) || 'no census date held'}`,
    `Filters: ${describeFilters(profile)}`,
    profile.suppressionExplanation,
    X_EXPLANATION,
    ...(table?.notes ?? []),
    ...profile.attributions,
  ];
}

/** The table as sheets: the data (with a note row) and an "About" sheet. */
export function tableSheets(profile: WorkforceProfile, table: ProfileTable, partnershipName: string): Sheet[] {
  const rows: Cell[][] = tableRows(table).map((r) => [
    r.label,
    ...table.columns.map((c) => downloadCell(r.values[c.key], cellFormat(table, r, c))),
  ]);
  const about = aboutLines(profile, table, partnershipName);
  return [
    {
      name: table.title,
      header: [table.rowHeader, ...table.columns.map((c) => c.label)],
      rows: [...rows, [], ...about.map((line) => [line])],
    },
    { name: 'About this table', header: ['About this table'], rows: about.map((line) => [line]) },
  ];
}

const FILTER_KEYS = [
  'censusDate',
  'service',
  'organisationType',
  'organisationId',
  'workforceGroup',
  'employmentType',
  'jobRole',
  'managersOnly',
] as const;

const one = (value: unknown): string =>
  typeof value === 'string'
    ? value.trim()
    : Array.isArray(value) && typeof value[0] === 'string'
      ? value[0].trim()
      : '';

/** Filters from the query string; anything malformed is ignored (the form offers only valid choices). */
export function parseFilters(query: Record<string, unknown>): ProfileFilters {
  const filters: ProfileFilters = {};
  const text = (key: string) => {
    const v = one(query[key]);
    return /^[A-Za-z0-9_-]{1,60}$/.test(v) ? v : undefined;
  };
  const date = one(query.censusDate);
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) filters.censusDate = date;
  const service = text('service');
  if (service) filters.service = service;
  const organisationType = text('organisationType');
  if (organisationType) filters.organisationType = organisationType;
  const organisationId = one(query.organisationId);
  if (/^\d{1,9}$/.test(organisationId)) filters.organisationId = Number(organisationId);
  const group = text('workforceGroup');
  if (group === 'core' || group === 'wider') filters.workforceGroup = group;
  const employment = text('employmentType');
  if (
    employment === 'employee' ||
    employment === 'agency' ||
    employment === 'self_employed' ||
    employment === 'volunteer'
  )
    filters.employmentType = employment;
  const jobRole = text('jobRole');
  if (jobRole) filters.jobRole = jobRole;
  if (one(query.managersOnly) === 'yes') filters.managersOnly = true;
  return filters;
}

/** The filters as a query string ('' or '?a=b…'), so every link keeps them. */
export function filterQuery(filters: ProfileFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === false) continue;
    params.set(key, value === true ? 'yes' : String(value));
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The filters in words, e.g. "Service: Early years; Managers only", or "None". */
export function describeFilters(profile: WorkforceProfile): string {
  const f = profile.filters;
  const o = profile.options;
  const name = (list: { value: string; label: string }[], value: string | number | undefined) =>
    list.find((x) => x.value === String(value))?.label ?? String(value);
  const parts: string[] = [];
  if (f.service) parts.push(`Service: ${name(o.services, f.service)}`);
  if (f.organisationType) parts.push(`Organisation type: ${name(o.organisationTypes, f.organisationType)}`);
  if (f.organisationId !== undefined) parts.push(`Organisation: ${name(o.organisations, f.organisationId)}`);
  if (f.workforceGroup) parts.push(`Workforce group: ${name(o.workforceGroups, f.workforceGroup)}`);
  if (f.employmentType) parts.push(`Employment type: ${name(o.employmentTypes, f.employmentType)}`);
  if (f.jobRole) parts.push(`Job role: ${name(o.jobRoles, f.jobRole)}`);
  if (f.managersOnly) parts.push('Managers only');
  return parts.length ? parts.join('; ') : 'None';
}

/** The four DfE rates side by side, for the summary page; rates with nothing to divide by are left out. */
export function ratesChart(profile: WorkforceProfile): Chart | null {
  const m = profile.measures;
  const rates: [string, Shown<number> | null][] = [
    ['Turnover', m.turnoverRate],
    ['Vacancy', m.vacancyRate],
    ['Agency', m.agencyRate],
    ['Absence', m.absenceRate],
  ];
  const data = rates
    .filter((r): r is [string, Shown<number>] => r[1] !== null)
    .map(([label, value]) => ({ label: `${label} rate`, value }));
  return data.length
    ? barChart({ id: 'chart-rates', title: 'Turnover, vacancy, agency and absence rates (%)', data, unit: '%' })
    : null;
}

export interface KeyFigure {
  key: keyof WorkforceProfile['measures'];
  label: string;
  format: ColumnFormat;
  value: string;
  definition: string;
}

/** The headline figures with the definitions people need to read them (DfE's, for the rates). */
export function keyFigures(profile: WorkforceProfile): KeyFigure[] {
  const m = profile.measures;
  const figure = (key: keyof typeof m, label: string, format: ColumnFormat, definition: string): KeyFigure => ({
    key,
    label,
    format,
    value: formatCell(m[key], format),
    definition,
  });
  const headline = (key: HeadlineKey, format: ColumnFormat) =>
    figure(key, HEADLINE[key].label, format, HEADLINE[key].definition);
  return [
    headline('headcount', 'count'),
    headline('fteInPost', 'fte'),
    headline('workforceHeadcount', 'count'),
    headline('fte', 'fte'),
    figure(
      'turnoverRate',
      'Turnover rate',
      'percent',
      'FTE of employees who left in the 12 months to the census date ÷ FTE in post at the census date.',
    ),
    figure('vacancyRate', 'Vacancy rate', 'percent', 'Vacancies (FTE) ÷ (vacancies FTE + FTE in post).'),
    figure('agencyRate', 'Agency rate', 'percent', 'Agency workers (FTE) ÷ (agency FTE + FTE in post).'),
    figure(
      'absenceRate',
      'Absence rate',
      'percent',
      'Working days lost to sickness ÷ (FTE in post × working days in the year).',
    ),
    headline('agencyHeadcount', 'count'),
    headline('agencyFte', 'fte'),
    figure(
      'vacancyFte',
      'Vacancies FTE',
      'fte',
      'Vacant posts at the census date, in FTE, as the partners reported them.',
    ),
    figure(
      'aged55PlusPercent',
      'Aged 55 or over',
      'percent',
      'Share of people in post aged 55 or over at the census date.',
    ),
    figure(
      'level3PlusPercent',
      'Qualified to level 3 or above',
      'percent',
      'Share of people in post with a known qualification who hold RQF level 3 or above.',
    ),
    figure(
      'belowMinimumQualification',
      'Below their service’s minimum qualification',
      'count',
      'People in post whose highest qualification is below the minimum set for their service.',
    ),
    figure(
      'startersHeadcount',
      'Starters',
      'count',
      'Employees in post who started in the 12 months to the census date.',
    ),
    headline('leaversHeadcount', 'count'),
    headline('leaversFte', 'fte'),
    figure('apprentices', 'Apprentices', 'count', 'People in post on an apprenticeship.'),
    figure('managers', 'Managers', 'count', 'People in post who manage staff.'),
  ];
}

/** The notice shown instead of charts of zeros. */
export function emptyNotice(profile: WorkforceProfile): string | null {
  if (!profile.empty) return null;
  if (!profile.filters.censusDate)
    return 'No workforce return has been submitted yet, so there are no figures to show.';
  return `Nobody in the workforce matches these filters at the census date ${formatDate(profile.filters.censusDate)}, so there are no figures or charts to show. Change the filters or clear them.`;
}
