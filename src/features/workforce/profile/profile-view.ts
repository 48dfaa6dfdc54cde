/*
 * Turns the (already suppressed) workforce profile into what the pages, downloads and the PDF
 * show: the sections and their tables and charts, formatted cells, and download sheets. Pure:
 * no I/O, no access to worker rows, so nothing here can undo suppression.
 */
import {
  barChart,
  groupedBarChart,
  lineChart,
  pyramidChart,
  stackedBarChart,
  type Chart,
} from '../../../lib/charts.ts';
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

export interface Block {
  table: ProfileTable;
  chart: Chart | null;
}
export interface Section {
  slug: string;
  title: string;
  intro: string;
}

export const SECTIONS: Section[] = [
  {
    slug: 'people',
    title: 'People, services and roles',
    intro:
      'Headcount and full-time equivalent (FTE) by service, organisation, role, workforce group and employment type.',
  },
  {
    slug: 'age-sex',
    title: 'Age and sex',
    intro: 'The age profile of the people in post, by sex, and the share aged 55 or over.',
  },
  {
    slug: 'ethnicity',
    title: 'Ethnicity and the community',
    intro: 'Ethnicity by the 5 ONS groups and 19 categories, compared with the local population at the 2021 Census.',
  },
  { slug: 'disability', title: 'Disability', intro: 'People in post by disability, as they declared it.' },
  {
    slug: 'qualifications',
    title: 'Qualifications and apprentices',
    intro:
      'Highest qualification by Regulated Qualifications Framework (RQF) level, people below their service’s minimum, and apprentices.',
  },
  {
    slug: 'recruitment-retention',
    title: 'Recruitment and retention',
    intro: 'Starters, leavers and why people left, with turnover, vacancy, agency and absence rates.',
  },
  {
    slug: 'projections',
    title: 'Projections',
    intro:
      'Retirements and other leavers expected over the next 5 and 10 years, and the FTE to recruit each year to stand still.',
  },
  { slug: 'trends', title: 'Trends', intro: 'Every headline measure across the census dates held, and the change.' },
  {
    slug: 'benchmarks',
    title: 'Benchmarks',
    intro: 'Children’s social workers against the Department for Education’s published figures.',
  },
];

export const sectionBySlug = (slug: string): Section | undefined => SECTIONS.find((s) => s.slug === slug);

const firstColumn = (table: ProfileTable, formats: ColumnFormat[]) =>
  table.columns.find((c) => formats.includes(c.format) && !c.isTotal) ??
  table.columns.find((c) => formats.includes(c.format));

const valueOf = (row: ProfileRow, key: string | undefined): Shown<number> => {
  const v = key ? row.values[key] : null;
  return v === null || v === undefined ? 0 : v;
};

/** A horizontal bar chart of a table's first count (or given) column. */
function bars(table: ProfileTable, formats: ColumnFormat[] = ['count', 'fte'], unit = '', key?: string): Chart | null {
  const column = table.columns.find((c) => c.key === key) ?? firstColumn(table, formats);
  if (!column || table.rows.length === 0) return null;
  return barChart({
    id: `chart-${table.id}`,
    title: `${table.title} (${column.label.toLowerCase()})`,
    data: table.rows.map((r) => ({ label: r.label, value: valueOf(r, column.key) })),
    unit,
  });
}

/** 100% stacked bars of every non-total column with the given format. */
function stacked(table: ProfileTable, format: ColumnFormat, percent: boolean, exclude: string[] = []): Chart | null {
  const columns = table.columns.filter((c) => c.format === format && !c.isTotal && !exclude.includes(c.key));
  if (columns.length < 2 || table.rows.length === 0) return null;
  return stackedBarChart({
    id: `chart-${table.id}`,
    title: table.title,
    percent,
    series: columns.map((c) => c.label),
    rows: table.rows.map((r) => ({ label: r.label, values: columns.map((c) => valueOf(r, c.key)) })),
  });
}

function pyramid(table: ProfileTable): Chart | null {
  const left = table.columns.find((c) => c.key === 'male');
  const right = table.columns.find((c) => c.key === 'female');
  if (!left || !right || table.rows.length === 0) return stacked(table, 'count', false);
  return pyramidChart({
    id: `chart-${table.id}`,
    title: `${table.title}: population pyramid`,
    leftName: left.label,
    rightName: right.label,
    bands: table.rows
      .filter((r) => r.key !== 'not_known')
      .map((r) => ({ label: r.label, left: valueOf(r, left.key), right: valueOf(r, right.key) })),
  });
}

/** Lines for the percentage measures across census dates (rows are measures, columns dates). */
function trendLines(profile: WorkforceProfile): Chart | null {
  const { table, censusDates } = profile.trends;
  if (censusDates.length < 2) return null;
  const rows = table.rows.filter((r) => /rate|percent/i.test(r.key)).slice(0, 4);
  if (rows.length === 0) return null;
  const dateColumns = table.columns.filter((c) => c.key !== 'change' && c.format !== 'difference');
  return lineChart({
    id: `chart-${table.id}`,
    title: 'Rates across census dates (%)',
    labels: dateColumns.map((c) => c.label),
    unit: '%',
    series: rows.map((r) => ({ name: r.label, values: dateColumns.map((c) => valueOf(r, c.key)) })),
  });
}

const block = (table: ProfileTable, chart: Chart | null = null): Block => ({ table, chart });

/** The tables (each with its chart) that make up a section page. */
export function sectionBlocks(slug: string, profile: WorkforceProfile): Block[] {
  const t = profile.tables;
  const c = profile.comparison;
  const p = profile.projections;
  switch (slug) {
    case 'people':
      return [
        block(t.service, bars(t.service)),
        block(t.organisationType, bars(t.organisationType)),
        block(t.organisation, bars(t.organisation)),
        block(t.jobRole, bars(t.jobRole)),
        block(t.workforceGroup, bars(t.workforceGroup)),
        block(t.employmentType, bars(t.employmentType)),
      ];
    case 'age-sex':
      return [block(t.ageSex, pyramid(t.ageSex)), block(t.ageBand, bars(t.ageBand)), block(t.sex, bars(t.sex))];
    case 'ethnicity':
      return [
        block(t.ethnicGroup, bars(t.ethnicGroup)),
        block(t.ethnicity),
        block(c.byGroup, stackedComparison(c.byGroup)),
        block(c.byCategory),
        block(c.byService, stacked(c.byService, 'percent', true)),
        block(c.managers, stacked(c.managers, 'percent', true)),
      ];
    case 'disability':
      return [block(t.disability, bars(t.disability))];
    case 'qualifications':
      return [
        block(t.qualification, bars(t.qualification)),
        block(t.qualificationByService, bars(t.qualificationByService, ['percent'], '%', 'level3Percent')),
        block(t.apprentices, bars(t.apprentices)),
      ];
    case 'recruitment-retention':
      return [
        block(t.recruitmentRetention, bars(t.recruitmentRetention, ['percent'], '%')),
        block(t.leavingReason, bars(t.leavingReason)),
      ];
    case 'projections':
      return [
        block(p.byJobRole, bars(p.byJobRole, ['percent'], '%', 'percent10')),
        block(p.byService, bars(p.byService, ['percent'], '%', 'percent10')),
        block(p.byYear, stacked(p.byYear, 'fte', false, ['recruitNeeded'])),
      ];
    case 'trends':
      return [block(profile.trends.table, trendLines(profile))];
    case 'benchmarks':
      return [block(profile.benchmarks.table, bars(profile.benchmarks.table, ['percent'], '%'))];
    default:
      return [];
  }
}

/** Workforce % against population % for each group, as two series of bars. */
function stackedComparison(table: ProfileTable): Chart | null {
  const workforce = table.columns.find((col) => col.key === 'workforcePercent');
  const population = table.columns.find((col) => col.key === 'populationPercent');
  if (!workforce || !population || table.rows.length === 0) return bars(table, ['percent'], '%');
  return groupedBarChart({
    id: `chart-${table.id}`,
    title: `${table.title}: workforce and population shares`,
    unit: '%',
    series: [workforce.label, population.label],
    rows: table.rows.map((r) => ({ label: r.label, values: [valueOf(r, workforce.key), valueOf(r, population.key)] })),
  });
}

/** Every table in the profile, for downloads by id and the PDF. */
export function allTables(profile: WorkforceProfile): ProfileTable[] {
  return SECTIONS.flatMap((s) => sectionBlocks(s.slug, profile).map((b) => b.table));
}

const oneDecimal = (v: number) => Math.round(v * 10) / 10;

/** A cell as the page shows it. */
export function formatCell(value: Shown<number> | null | undefined, format: ColumnFormat): string {
  if (value === null || value === undefined) return 'x';
  if (isSuppressed(value)) return 'c';
  switch (format) {
    case 'count':
      return Math.round(value).toLocaleString('en-GB');
    case 'fte':
      return oneDecimal(value).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
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
  const own = (row as ProfileRow & { format?: ColumnFormat }).format;
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
    `Census date: ${profile.filters.censusDate ?? 'no census date held'}`,
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
