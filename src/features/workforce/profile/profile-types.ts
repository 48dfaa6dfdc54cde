/*
 * The shape of the workforce profile that `profileService.getProfile(actor, filters)` returns.
 * Everything in it has ALREADY been through src/lib/disclosure.ts: every count of people and FTE is
 * adjusted and rounded; a rate or percentage about a small group is 'c' (`Shown<number>`).
 * `null` means "not applicable / no data" (e.g. a rate with nothing to divide by) and is shown
 * as a dash or "not available". Pages, charts, CSV/XLSX, the API and the PDF render this shape
 * and never touch worker rows. Stable contract for the pages (issue 5): extend, don't change.
 */
import type { Shown } from '../../../lib/suppression.ts';

export type EmploymentType = 'employee' | 'agency' | 'self_employed' | 'volunteer';
export type WorkforceGroup = 'core' | 'wider';

/** Filters as the page / API query gives them. Everything optional. */
export interface ProfileFilters {
  /** YYYY-MM-DD; defaults to the latest census date held. */
  censusDate?: string;
  service?: string;
  organisationType?: string;
  organisationId?: number;
  workforceGroup?: WorkforceGroup;
  employmentType?: EmploymentType;
  jobRole?: string;
  managersOnly?: boolean;
}

/** The filters after resolution: censusDate is always set (or null when nothing is held). */
export interface ResolvedFilters extends Omit<ProfileFilters, 'censusDate'> {
  censusDate: string | null;
}

export interface FilterOption {
  value: string;
  label: string;
}

/** Choices for the filter form, limited to what the actor may see. */
export interface FilterOptions {
  censusDates: string[];
  services: FilterOption[];
  organisationTypes: FilterOption[];
  organisations: FilterOption[]; // value = organisation id as a string
  workforceGroups: FilterOption[];
  employmentTypes: FilterOption[];
  jobRoles: FilterOption[];
}

/** The headline figures (DfE definitions, see measures.ts and docs/adr). Rates are % with one decimal. */
export interface ProfileMeasures {
  headcount: Shown<number>; // employees in post at the census date (DfE's headcount; headline.ts)
  workforceHeadcount: Shown<number>; // distinct people in the workforce at the census date (any employment type, not left)
  fte: Shown<number>; // FTE of everyone in the selection at the census date (in post + agency + others)
  fteInPost: Shown<number>; // employees in post (DfE "FTE in post")
  leaversFte: Shown<number>; // employees who left in the 12 months to the census date
  leaversHeadcount: Shown<number>;
  startersFte: Shown<number>; // employees in post who started in the 12 months to the census date
  startersHeadcount: Shown<number>;
  agencyFte: Shown<number>;
  agencyHeadcount: Shown<number>;
  vacancyFte: Shown<number>;
  turnoverRate: Shown<number> | null;
  vacancyRate: Shown<number> | null;
  agencyRate: Shown<number> | null;
  absenceRate: Shown<number> | null;
  /** % of people in post aged 55 or over at the census date. */
  aged55PlusPercent: Shown<number> | null;
  /** % of people in post (with a known level) qualified at RQF level 3 or above. */
  level3PlusPercent: Shown<number> | null;
  /** People in post below their service's minimum qualification level. */
  belowMinimumQualification: Shown<number>;
  apprentices: Shown<number>;
  managers: Shown<number>;
}

export type ColumnFormat = 'count' | 'fte' | 'percent' | 'ratio' | 'difference' | 'text';

export interface ProfileColumn {
  key: string;
  label: string;
  format: ColumnFormat;
  /** The column is the row total of the count columns. */
  isTotal?: boolean;
}

export interface ProfileRow {
  key: string; // a code (e.g. 'early_years', 'white_british', '25-34') or 'total'
  label: string;
  /** For two-level lists (ethnic group → category): the parent key. */
  group?: string;
  values: Record<string, Shown<number> | null>; // by column key
  /** A row that is a measure of its own formats by it, whatever the column's format (profile-view.ts cellFormat). */
  format?: ColumnFormat;
}

/**
 * One table: every count and total protected on its own (src/lib/disclosure.ts), so totals need not
 * add up; rates and percentages from the protected figures.
 */
export interface ProfileTable {
  id: string; // stable, used for download file names and anchors
  title: string;
  rowHeader: string; // heading of the first column, e.g. 'Age band'
  columns: ProfileColumn[]; // value columns, in order (excluding the row-header column)
  rows: ProfileRow[];
  totals: ProfileRow | null; // the "Total" row, or null when a total makes no sense
  /** Number of rates and percentages shown as 'c'. */
  suppressedCells: number;
  /** Optional notes (definition, source and year) shown under the table. */
  notes?: string[];
}

/**
 * Breakdown tables for the current census date. Columns are typically headcount, fte, percent.
 * They count everyone in the workforce at the census date (employees, agency, self-employed,
 * volunteers; not leavers); leavingReason counts the DfE leavers of the year.
 */
export interface ProfileTables {
  service: ProfileTable;
  organisation: ProfileTable;
  organisationType: ProfileTable;
  jobRole: ProfileTable;
  workforceGroup: ProfileTable;
  employmentType: ProfileTable;
  ageBand: ProfileTable;
  /** Age band × sex headcount (rows age bands, columns sexes + total): the pyramid. */
  ageSex: ProfileTable;
  sex: ProfileTable;
  ethnicGroup: ProfileTable; // the 5 ONS groups (+ not known / prefer not to say)
  ethnicity: ProfileTable; // the 19 categories, row.group = the group key
  disability: ProfileTable;
  qualification: ProfileTable; // RQF levels
  /** By service: people in post, below the service's minimum, % level 3+. */
  qualificationByService: ProfileTable;
  apprentices: ProfileTable; // by service
  /** By service: starters, leavers (headcount, FTE), turnover, vacancy, agency, absence rates. */
  recruitmentRetention: ProfileTable;
  leavingReason: ProfileTable;
}

export interface ComparisonArea {
  code: string; // e.g. E10000007
  name: string;
  source: string; // 'Office for National Statistics, Census 2021 (TS021)'
}

/**
 * Workforce ethnicity against the community. Columns: workforcePercent, populationPercent,
 * difference (percentage points, workforce − population), ratio (workforce % ÷ population %).
 * Percentages of people with a known ethnicity.
 */
export interface PopulationComparison {
  area: ComparisonArea | null; // null when the partnership has not set its local authority
  byGroup: ProfileTable;
  byCategory: ProfileTable;
  /** Rows: services; columns: one per ethnic group (workforce % of the service), plus population row. */
  byService: ProfileTable;
  /** Rows: managers, everyone else, population; columns: one per ethnic group (%). */
  managers: ProfileTable;
}

export interface Projections {
  retirementAge: number;
  turnoverRate: Shown<number> | null; // the observed rate used for other leavers, %
  /** Rows: job roles; columns: fteInPost, retirements5, otherLeavers5, total5, retirements10, otherLeavers10, total10, percent10. */
  byJobRole: ProfileTable;
  byService: ProfileTable;
  /** Rows: years 1..10 (key 'year-1'...), columns: retirements, otherLeavers, recruitNeeded (FTE). */
  byYear: ProfileTable;
  /** Where the 10-year gap (share of FTE to replace) is largest, among shown rows. */
  largestGap: { kind: 'jobRole' | 'service'; key: string; label: string; percent10: number } | null;
}

/** Every headline measure across the census dates held. Rows: measures; columns: dates, then 'change'. */
export interface Trends {
  censusDates: string[];
  table: ProfileTable;
}

export type BenchmarkAreaKind = 'partnership' | 'local_authority' | 'region' | 'england' | 'neighbour';

/**
 * Children's social workers against DfE's published CSWW figures. Rows: areas (row.key = area
 * code, or 'partnership'); columns: turnoverRate, agencyRate, vacancyRate, absenceRate (%).
 * Published values are not suppressed by us (DfE did); null = not published ('x', 'c', 'z').
 */
export interface Benchmarks {
  year: string | null; // e.g. '2023', the latest published year
  jobRoles: string[]; // the job roles counted as children's social workers
  rowKinds: Record<string, BenchmarkAreaKind>; // by row key
  table: ProfileTable;
  source: string;
}

export interface ProfileScope {
  kind: 'partnership' | 'organisation';
  organisationId: number | null;
  organisationName: string | null;
}

export interface WorkforceProfile {
  scope: ProfileScope;
  filters: ResolvedFilters;
  options: FilterOptions;
  threshold: number;
  suppressionExplanation: string;
  /** How the figures are protected (src/lib/disclosure.ts, docs/privacy.md). */
  disclosure: {
    /** False only in the disclosure attacker's control run in the tests. */
    protected: boolean;
    note: string;
    /** The page that explains the adjustment and rounding. */
    page: string;
    /** The selection is shown as fewer than 10 people: only its headcount is given. */
    tooFew: boolean;
  };
  /** True when no records match (no census date held, or the filters match nobody). */
  empty: boolean;
  measures: ProfileMeasures;
  tables: ProfileTables;
  comparison: PopulationComparison;
  projections: Projections;
  trends: Trends;
  benchmarks: Benchmarks;
  /** OGL attribution lines for the reference data used. */
  attributions: string[];
}

/** Partnership profile settings (workforce_settings). */
export interface WorkforceSettings {
  localAuthorityCode: string | null;
  localAuthorityName: string | null;
  retirementAge: number;
  /** Minimum RQF level by service code, e.g. { early_years: '3' }. */
  minimumQualifications: Record<string, string>;
  statisticalNeighbours: string[]; // LA codes
  workingDaysPerYear: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface WorkforceSettingsInput {
  localAuthorityCode: string;
  retirementAge: string | number;
  minimumQualifications: Record<string, string>;
  statisticalNeighbours: string[];
  workingDaysPerYear: string | number;
}

/** Local authorities selectable in the settings form (from the shipped reference data). */
export interface LocalAuthorityOption {
  code: string;
  name: string;
  regionCode: string | null;
}
