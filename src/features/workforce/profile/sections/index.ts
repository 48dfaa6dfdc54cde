/*
 * The profile's sections in page order, and the tables they build: each section is one module
 * beside its partial (`<slug>.ts` + `<slug>.njk`), used by the pages, the PDF and the downloads.
 */
import { current, type BuildContext } from '../profile-build.ts';
import type { Group, VacancyGroup } from '../profile-groups.ts';
import type { ProfileTable, ProfileTables, WorkforceProfile } from '../profile-types.ts';
import { SERVICE_CODES } from '../../standard/standard.ts';
import { ageSex, ageSexTables } from './age-sex.ts';
import { benchmarks } from './benchmarks.ts';
import { disability, disabilityTables } from './disability.ts';
import { ethnicity, ethnicityTables } from './ethnicity.ts';
import { people, peopleTables } from './people.ts';
import { projections } from './projections.ts';
import { qualificationTables, qualifications } from './qualifications.ts';
import { recruitmentRetention, retentionTables } from './recruitment-retention.ts';
import type { Block, ProfileSection } from './section.ts';
import { trends } from './trends.ts';

export type { Block, ProfileSection } from './section.ts';

export const SECTIONS: ProfileSection[] = [
  people,
  ageSex,
  ethnicity,
  disability,
  qualifications,
  recruitmentRetention,
  projections,
  trends,
  benchmarks,
];

export const sectionBySlug = (slug: string): ProfileSection | undefined => SECTIONS.find((s) => s.slug === slug);

/** The tables (each with its chart) that make up a section page; none for an unknown section. */
export const sectionBlocks = (slug: string, profile: WorkforceProfile): Block[] =>
  sectionBySlug(slug)?.blocks(profile) ?? [];

/** The paragraphs above a section's tables. */
export const sectionNotes = (slug: string, profile: WorkforceProfile): string[] =>
  sectionBySlug(slug)?.notes?.(profile) ?? [];

/** False for a section whose every chart and table would be zeros: the filters match nobody. */
export const sectionHasFigures = (slug: string, profile: WorkforceProfile): boolean =>
  !profile.empty || sectionBySlug(slug)?.shownWhenEmpty === true;

/** Every table in the profile, for downloads by id and the PDF. */
export const allTables = (profile: WorkforceProfile): ProfileTable[] =>
  SECTIONS.flatMap((s) => s.blocks(profile).map((b) => b.table));

/** The breakdown tables of the sections built from the selection's groups, in page order. */
export function buildTables(groups: Group[], vacancies: VacancyGroup[], ctx: BuildContext): ProfileTables {
  const now = current(groups);
  const services = SERVICE_CODES.filter(
    (s) => groups.some((g) => g.service === s.code) || vacancies.some((v) => v.service === s.code),
  );
  return {
    ...peopleTables(groups, ctx),
    ...ageSexTables(now, ctx.protection),
    ...ethnicityTables(now, ctx.protection),
    ...disabilityTables(now, ctx.protection),
    ...qualificationTables(groups, services, ctx),
    ...retentionTables(groups, vacancies, services, ctx),
  };
}
