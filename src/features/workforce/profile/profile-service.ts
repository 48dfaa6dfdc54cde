/*
 * The workforce profile use cases: the suppressed profile for the pages, downloads, PDF and API,
 * and the partnership's profile settings. A partner data lead (workforce:view-own) sees only their
 * own organisation; anyone with workforce:view-aggregate sees the partnership.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import {
  DISCLOSURE_NOTE,
  DISCLOSURE_PAGE,
  PROTECTED,
  isSmallGroup,
  protectCount,
  type Protection,
} from '../../../lib/disclosure.ts';
import { nowIso } from '../../../lib/time.ts';
import { type Actor, hasCapability, requireCapability } from '../../../auth/actor.ts';
import { ORGANISATION_TYPES } from '../../accounts/organisation-codes.ts';
import { recordAudit } from '../../audit/service.ts';
import { DEFAULT_MINIMUM_QUALIFICATIONS, DEFAULT_RETIREMENT_AGE, DEFAULT_WORKING_DAYS } from './measures.ts';
import { buildMeasures, current, tally, trendPointFromGroups, type BuildContext } from './profile-build.ts';
import { buildTables } from './sections/index.ts';
import { buildBenchmarks } from './sections/benchmarks.ts';
import { buildComparison } from './sections/population-comparison.ts';
import { buildProjections } from './sections/projections.ts';
import { buildTrends } from './sections/trends.ts';
import { withheld } from './profile-table.ts';
import { SUPPRESSED } from '../../../lib/suppression.ts';
import type { Group, TrendPoint, VacancyGroup } from './profile-groups.ts';
import { LruCache } from './profile-cache.ts';
import * as repo from './profile-repository.ts';
import type {
  FilterOptions,
  LocalAuthorityOption,
  ProfileFilters,
  ResolvedFilters,
  WorkforceProfile,
  WorkforceSettings,
  WorkforceSettingsInput,
} from './profile-types.ts';
import { REFERENCE_ATTRIBUTIONS, localAuthorities, localAuthorityName } from './reference.ts';
import {
  EMPLOYMENT_TYPES,
  JOB_ROLES,
  QUALIFICATION_LEVELS,
  SERVICE_CODES,
  WORKFORCE_GROUPS,
} from '../standard/standard.ts';

/** Profiles kept per process: each is a few hundred kilobytes at most. */
const PROFILE_CACHE_ENTRIES = 64;

const options = (list: readonly { code: string; label: string }[]) =>
  list.map((c) => ({ value: c.code, label: c.label }));

function parseJson<T>(text: string | undefined, fallback: T): T {
  try {
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

/**
 * A selection shown as fewer than 10 people: the headcount of everyone in it (workforceHeadcount)
 * only; every other figure, employees in post included, withheld.
 */
function withholdBreakdowns(profile: WorkforceProfile): WorkforceProfile {
  const measures = Object.fromEntries(
    Object.entries(profile.measures).map(([k, v]) => [k, k === 'workforceHeadcount' || v === null ? v : SUPPRESSED]),
  ) as unknown as WorkforceProfile['measures'];
  const tables = Object.fromEntries(
    Object.entries(profile.tables).map(([k, t]) => [k, withheld(t)]),
  ) as unknown as WorkforceProfile['tables'];
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
        rows: b.table.rows.map((r) => (r.key === 'partnership' ? withheld({ ...b.table, rows: [r] }).rows[0]! : r)),
      },
    },
  };
}

/** The choices the filter form offers. */
function filterOptions(
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

export function createProfileService(
  db: Kysely<Database>,
  config: { suppressionThreshold: number; profileCache?: boolean },
  /** Only the disclosure attacker's control run in the tests passes { on: false }; no setting reaches it. */
  protection: Protection = PROTECTED,
) {
  const threshold = config.suppressionThreshold;

  async function settingsOf(partnershipId: number): Promise<WorkforceSettings> {
    const row = await repo.findSettings(db, partnershipId);
    // Until the profile settings are saved, the partnership's own local authority code is used.
    const code = row ? row.local_authority_code : await repo.partnershipAuthority(db, partnershipId);
    return {
      localAuthorityCode: code,
      localAuthorityName: code ? localAuthorityName(code) : null,
      retirementAge: row?.retirement_age ?? DEFAULT_RETIREMENT_AGE,
      minimumQualifications: parseJson(row?.minimum_qualifications_json, DEFAULT_MINIMUM_QUALIFICATIONS),
      statisticalNeighbours: parseJson<string[]>(row?.statistical_neighbours_json, []),
      workingDaysPerYear: row?.working_days_per_year ?? DEFAULT_WORKING_DAYS,
      updatedAt: row?.updated_at ?? null,
      updatedBy: row?.updated_by ?? null,
    };
  }

  type Aggregates = { groups: Group[]; vacancies: VacancyGroup[]; trendPoints: TrendPoint[] };

  async function aggregates(
    scope: repo.Scope,
    filters: ProfileFilters,
    censusDate: string | null,
    dates: string[],
    retirementAge: number,
  ): Promise<Aggregates> {
    const [groups, vacancies] = censusDate
      ? await Promise.all([
          repo.profileGroups(db, scope, filters, censusDate, retirementAge),
          repo.vacancyGroups(db, scope, filters, censusDate),
        ])
      : [[], []];
    const trendPoints = await Promise.all(
      dates.map(async (d) =>
        d === censusDate
          ? trendPointFromGroups(d, groups, vacancies)
          : trendPointFromGroups(
              d,
              ...(await Promise.all([
                repo.profileGroups(db, scope, filters, d, retirementAge),
                repo.vacancyGroups(db, scope, filters, d),
              ])),
            ),
      ),
    );
    return { groups, vacancies, trendPoints };
  }

  // The protected profile changes only when a return is committed, replaced or withdrawn, or when
  // the settings or organisations it names change: it is kept under a key of all of them and the
  // data version, so a repeated page costs a few small queries and a lookup (docs/adr/0025).
  const cache = new LruCache<WorkforceProfile>(PROFILE_CACHE_ENTRIES);
  const cacheKey = async (
    scope: repo.Scope,
    filters: ResolvedFilters,
    dates: string[],
    settings: WorkforceSettings,
    organisations: Array<{ id: number; name: string; type: string }>,
  ): Promise<string | null> =>
    config.profileCache === false
      ? null
      : JSON.stringify([
          scope,
          filters,
          dates,
          { ...settings, updatedAt: null, updatedBy: null },
          organisations.map((o) => [o.id, o.name, o.type]),
          protection.on,
          await repo.returnsVersion(db, scope.partnershipId),
        ]);

  /** Whose records the actor may see; another organisation is "not found". */
  function scopeFor(actor: Actor, filters: ProfileFilters, organisations: Array<{ id: number }>): repo.Scope {
    if (filters.organisationId !== undefined && !organisations.some((o) => o.id === filters.organisationId))
      throw new NotFoundError('Organisation');
    if (hasCapability(actor, 'workforce:view-aggregate'))
      return { partnershipId: actor.partnershipId, organisationId: null };
    if (hasCapability(actor, 'workforce:view-own')) {
      if (actor.organisationId === null) throw new NotFoundError('Organisation');
      if (filters.organisationId !== undefined && filters.organisationId !== actor.organisationId)
        throw new NotFoundError('Organisation');
      return { partnershipId: actor.partnershipId, organisationId: actor.organisationId };
    }
    throw new ForbiddenError();
  }

  interface Selection {
    scope: repo.Scope;
    filters: ResolvedFilters;
    dates: string[];
    settings: WorkforceSettings;
    allOrganisations: Array<{ id: number; name: string; type: string }>;
  }

  /** The protected profile of a selection from its grouped sums. */
  function assemble(found: Aggregates, { scope, filters, dates, settings, allOrganisations }: Selection) {
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

  return {
    async getProfile(actor: Actor, filters: ProfileFilters = {}): Promise<WorkforceProfile> {
      const allOrganisations = await repo.organisationsOf(db, actor.partnershipId);
      const scope = scopeFor(actor, filters, allOrganisations);
      const settings = await settingsOf(actor.partnershipId);
      const dates = await repo.censusDates(db, scope);
      if (filters.censusDate && !dates.includes(filters.censusDate)) throw new NotFoundError('Census date');
      const censusDate = filters.censusDate ?? dates.at(-1) ?? null;
      const chosen: ResolvedFilters = { ...filters, censusDate };
      const key = await cacheKey(scope, chosen, dates, settings, allOrganisations);
      const hit = key === null ? undefined : cache.get(key);
      if (hit) return hit;
      const found = await aggregates(scope, filters, censusDate, dates, settings.retirementAge);
      const profile = assemble(found, { scope, filters: chosen, dates, settings, allOrganisations });
      if (key !== null) cache.set(key, profile);
      return profile;
    },

    /** Hits and misses of the profile cache, for the benchmark and the tests. */
    cacheStats: () => ({ hits: cache.hits, misses: cache.misses, entries: cache.size }),

    async getSettings(actor: Actor): Promise<WorkforceSettings> {
      requireCapability(actor, 'workforce:view-profile');
      return settingsOf(actor.partnershipId);
    },

    localAuthorities(): LocalAuthorityOption[] {
      return localAuthorities();
    },

    async updateSettings(actor: Actor, input: WorkforceSettingsInput): Promise<WorkforceSettings> {
      requireCapability(actor, 'organisations:manage');
      const fields: Record<string, string> = {};
      const las = localAuthorities();
      const code = input.localAuthorityCode.trim();
      if (code && !las.some((la) => la.code === code))
        fields.localAuthorityCode = 'Select an upper-tier local authority in England';
      const retirementAge = Number(String(input.retirementAge).trim());
      if (!Number.isInteger(retirementAge) || retirementAge < 55 || retirementAge > 75)
        fields.retirementAge = 'Retirement age must be a whole number from 55 to 75';
      const workingDays = Number(String(input.workingDaysPerYear).trim());
      if (!Number.isInteger(workingDays) || workingDays < 200 || workingDays > 366)
        fields.workingDaysPerYear = 'Working days per year must be a whole number from 200 to 366';
      const levels = QUALIFICATION_LEVELS.map((l) => l.code).filter((c) => c !== 'not_known' && c !== 'none');
      const minimums: Record<string, string> = {};
      for (const [service, level] of Object.entries(input.minimumQualifications)) {
        if (!level) continue;
        if (!SERVICE_CODES.some((s) => s.code === service) || !levels.includes(level))
          fields.minimumQualifications = 'Select an RQF level for each service, or none';
        else minimums[service] = level;
      }
      const neighbours = [...new Set(input.statisticalNeighbours.map((n) => n.trim()).filter(Boolean))];
      if (neighbours.some((n) => !las.some((la) => la.code === n)))
        fields.statisticalNeighbours = 'Statistical neighbours must be local authorities in England';
      else if (neighbours.length > 15) fields.statisticalNeighbours = 'Choose at most 15 statistical neighbours';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const before = await settingsOf(actor.partnershipId);
      const values = {
        local_authority_code: code || null,
        retirement_age: retirementAge,
        working_days_per_year: workingDays,
        minimum_qualifications_json: JSON.stringify(minimums),
        statistical_neighbours_json: JSON.stringify(neighbours),
        updated_at: nowIso(),
        updated_by: actor.label,
      };
      await db.transaction().execute(async (trx) => {
        const existing = await repo.findSettings(trx, actor.partnershipId);
        if (existing)
          await trx
            .updateTable('workforce_settings')
            .set(values)
            .where('partnership_id', '=', actor.partnershipId)
            .execute();
        else
          await trx
            .insertInto('workforce_settings')
            .values({ partnership_id: actor.partnershipId, ...values })
            .execute();
        await recordAudit(trx, actor, {
          action: 'workforce.settings.update',
          entityType: 'workforce_settings',
          entityId: actor.partnershipId,
          summary: 'Changed the workforce profile settings',
          before: {
            localAuthorityCode: before.localAuthorityCode,
            retirementAge: before.retirementAge,
            minimumQualifications: before.minimumQualifications,
            statisticalNeighbours: before.statisticalNeighbours,
            workingDaysPerYear: before.workingDaysPerYear,
          },
          after: {
            localAuthorityCode: values.local_authority_code,
            retirementAge,
            minimumQualifications: minimums,
            statisticalNeighbours: neighbours,
            workingDaysPerYear: workingDays,
          },
        });
      });
      return settingsOf(actor.partnershipId);
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
