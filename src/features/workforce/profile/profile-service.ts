/*
 * The workforce profile use cases: the suppressed profile for the pages, downloads, PDF and API,
 * and the partnership's profile settings. A partner data lead (workforce:view-own) sees only their
 * own organisation; anyone with workforce:view-aggregate sees the partnership.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { PROTECTED, type Protection } from '../../../lib/disclosure.ts';
import { type Actor, hasCapability, requireCapability } from '../../../auth/actor.ts';
import { trendPointFromGroups } from './profile-build.ts';
import { assemble, type Aggregates } from './profile-assemble.ts';
import { LruCache } from '../../../lib/lru-cache.ts';
import * as repo from './profile-repository.ts';
import { settingsOf, updateSettings } from './profile-settings.ts';
import type {
  LocalAuthorityOption,
  ProfileFilters,
  ResolvedFilters,
  WorkforceProfile,
  WorkforceSettings,
  WorkforceSettingsInput,
} from './profile-types.ts';
import { localAuthorities } from './reference.ts';

/** Profiles kept per process: each is a few hundred kilobytes at most. */
const PROFILE_CACHE_ENTRIES = 64;

/** The grouped sums of a selection at its census date, and the trend point of every census date. */
async function aggregates(
  db: Kysely<Database>,
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

export function createProfileService(
  db: Kysely<Database>,
  config: { suppressionThreshold: number; profileCache?: boolean },
  /** Only the disclosure attacker's control run in the tests passes { on: false }; no setting reaches it. */
  protection: Protection = PROTECTED,
) {
  const threshold = config.suppressionThreshold;

  // The protected profile changes only when a return is committed, replaced or withdrawn, or when
  // the settings or organisations it names change: it is kept under a key of all of them and the
  // data version, so a repeated page costs a few small queries and a lookup (docs/adr/0025).
  const cache = new LruCache<WorkforceProfile>(PROFILE_CACHE_ENTRIES);
  const cacheKey = (
    scope: repo.Scope,
    filters: ResolvedFilters,
    dates: string[],
    settings: WorkforceSettings,
    organisations: Array<{ id: number; name: string; type: string }>,
    version: string,
  ): string | null =>
    config.profileCache === false
      ? null
      : JSON.stringify([
          scope,
          filters,
          dates,
          { ...settings, updatedAt: null, updatedBy: null },
          organisations.map((o) => [o.id, o.name, o.type]),
          protection.on,
          version,
        ]);

  return {
    async getProfile(actor: Actor, filters: ProfileFilters = {}): Promise<WorkforceProfile> {
      const allOrganisations = await repo.organisationsOf(db, actor.partnershipId);
      const scope = scopeFor(actor, filters, allOrganisations);
      const settings = await settingsOf(db, actor.partnershipId);
      const { censusDates: dates, version } = await repo.currentReturns(db, scope);
      if (filters.censusDate && !dates.includes(filters.censusDate)) throw new NotFoundError('Census date');
      const censusDate = filters.censusDate ?? dates.at(-1) ?? null;
      const chosen: ResolvedFilters = { ...filters, censusDate };
      const key = cacheKey(scope, chosen, dates, settings, allOrganisations, version);
      const hit = key === null ? undefined : cache.get(key);
      if (hit) return hit;
      const found = await aggregates(db, scope, filters, censusDate, dates, settings.retirementAge);
      const profile = assemble(
        found,
        { scope, filters: chosen, dates, settings, allOrganisations },
        protection,
        threshold,
      );
      if (key !== null) cache.set(key, profile);
      return profile;
    },

    /** Hits and misses of the profile cache, for the benchmark and the tests. */
    cacheStats: () => ({ hits: cache.hits, misses: cache.misses, entries: cache.size }),

    async getSettings(actor: Actor): Promise<WorkforceSettings> {
      requireCapability(actor, 'workforce:view-profile');
      return settingsOf(db, actor.partnershipId);
    },

    localAuthorities(): LocalAuthorityOption[] {
      return localAuthorities();
    },

    updateSettings: (actor: Actor, input: WorkforceSettingsInput): Promise<WorkforceSettings> =>
      updateSettings(db, actor, input),
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
