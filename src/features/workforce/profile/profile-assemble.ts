/*
 * Builds the protected workforce profile of a selection from its grouped sums (pure): the measures,
 * every section's tables, and the withholding of breakdowns for a selection of fewer than 10.
 */
import {
  DISCLOSURE_NOTE,
  DISCLOSURE_PAGE,
  isSmallGroup,
  protectCount,
  type Protection,
} from '../../../lib/disclosure.ts';
import { SUPPRESSED } from '../../../lib/suppression.ts';
import { itemAt } from '../../../lib/lists.ts';
import { keysOf } from '../../../lib/records.ts';
import { ORGANISATION_TYPES } from '../../accounts/organisation-codes.ts';
import { buildMeasures, current, tally, type BuildContext } from './profile-build.ts';
import type { Group, TrendPoint, VacancyGroup } from './profile-groups.ts';
import type { Scope } from './profile-repository.ts';
import { withheld } from './profile-table.ts';
import type { FilterOptions, ResolvedFilters, WorkforceProfile, WorkforceSettings } from './profile-types.ts';
import { REFERENCE_ATTRIBUTIONS } from './reference.ts';
import { buildTables } from './sections/index.ts';
import { buildBenchmarks } from './sections/benchmarks.ts';
import { buildComparison } from './sections/population-comparison.ts';
import { buildProjections } from './sections/projections.ts';
import { buildTrends } from './sections/trends.ts';
import { EMPLOYMENT_TYPES, JOB_ROLES, SERVICE_CODES, WORKFORCE_GROUPS } from '../standard/standard.ts';

export type Aggregates = { groups: Group[]; vacancies: VacancyGroup[]; trendPoints: TrendPoint[] };

const options = (list: readonly { code: string; label: string }[]) =>
  list.map((c) => ({ value: c.code, label: c.label }));

/**
 * A selection shown as fewer than 10 people: the headcount of everyone in it (workforceHeadcount)
 * only; every other figure, employees in post included, withheld.
 */
function withholdBreakdowns(profile: WorkforceProfile): WorkforceProfile {
  const measures = { ...profile.measures };
  for (const key of keysOf(measures))
    if (key !== 'workforceHeadcount' && measures[key] !== null) measures[key] = SUPPRESSED;
  const tables = { ...profile.tables };
  for (const key of keysOf(tables)) tables[key] = withheld(tables[key]);
  const { comparison: c, projections: p, benchmarks: b } = profile;
  return {
    ...profile,
    measures,
    tables,
    comparison: {
      ...c,
      byGroup: withheld(c.byGroup),
      byCategory: withheld(c.byCategory),
      byService: withheld(c.byService),
      managers: withheld(c.managers),
    },
    projections: {
      ...p,
      byJobRole: withheld(p.byJobRole),
      byService: withheld(p.byService),
      byYear: withheld(p.byYear),
    },
    benchmarks: {
      ...b,
      table: {
        ...b.table,
        rows: b.table.rows.map((r) =>
          r.key === 'partnership' ? itemAt(withheld({ ...b.table, rows: [r] }).rows, 0, 'benchmark row') : r,
        ),
      },
    },
  };
}

/** The choices the filter form offers. */
export function filterOptions(
  dates: string[],
  organisations: Array<{ id: number; name: string; type: string }>,
): FilterOptions {
  return {
    censusDates: dates,
    services: options(SERVICE_CODES),
    organisationTypes: Object.entries(ORGANISATION_TYPES)
      .filter(([code]) => organisations.some((o) => o.type === code))
      .map(([value, label]) => ({ value, label })),
    organisations: organisations.map((o) => ({ value: String(o.id), label: o.name })),
    workforceGroups: options(WORKFORCE_GROUPS),
    employmentTypes: options(EMPLOYMENT_TYPES),
    jobRoles: options(JOB_ROLES),
  };
}

export interface Selection {
  scope: Scope;
  filters: ResolvedFilters;
  dates: string[];
  settings: WorkforceSettings;
  allOrganisations: Array<{ id: number; name: string; type: string }>;
}

/** The protected profile of a selection from its grouped sums. */
export function assemble(
  found: Aggregates,
  { scope, filters, dates, settings, allOrganisations }: Selection,
  protection: Protection,
  threshold: number,
): WorkforceProfile {
  const organisations =
    scope.organisationId === null ? allOrganisations : allOrganisations.filter((o) => o.id === scope.organisationId);
  const censusDate = filters.censusDate;
  // A selection shown as fewer than 10 people gets its headcount only: no breakdown to difference.
  const selected = tally(current(found.groups), (g) => g.n);
  const tooFew = protection.on && selected.n > 0 && isSmallGroup(selected, protection);
  const { groups, vacancies, trendPoints } = tooFew ? { groups: [], vacancies: [], trendPoints: [] } : found;
  const ctx: BuildContext = {
    protection,
    workingDays: settings.workingDaysPerYear,
    minimums: settings.minimumQualifications,
    organisations,
  };
  const own = scope.organisationId === null ? null : (organisations[0] ?? null);
  const profile: WorkforceProfile = {
    scope: {
      kind: own ? 'organisation' : 'partnership',
      organisationId: own?.id ?? null,
      organisationName: own?.name ?? null,
    },
    filters,
    options: filterOptions(dates, organisations),
    threshold,
    suppressionExplanation: DISCLOSURE_NOTE,
    disclosure: { protected: protection.on, note: DISCLOSURE_NOTE, page: DISCLOSURE_PAGE, tooFew },
    empty: selected.n === 0,
    measures: { ...buildMeasures(groups, vacancies, ctx), workforceHeadcount: protectCount(selected, protection) },
    tables: buildTables(groups, vacancies, ctx),
    comparison: buildComparison(groups, settings.localAuthorityCode, protection),
    projections: buildProjections(groups, censusDate, settings.retirementAge, protection),
    trends: buildTrends(trendPoints, protection, settings.workingDaysPerYear),
    benchmarks: buildBenchmarks(
      groups,
      vacancies,
      {
        localAuthorityCode: settings.localAuthorityCode,
        statisticalNeighbours: settings.statisticalNeighbours,
        workingDays: settings.workingDaysPerYear,
      },
      protection,
    ),
    attributions: REFERENCE_ATTRIBUTIONS,
  };
  return tooFew ? withholdBreakdowns(profile) : profile;
}
