/** The strategy feature's queries, each scoped to one partnership. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../lib/time.ts';

type Db = Kysely<Database>;

export const listStrategies = (db: Db, partnershipId: number) =>
  db
    .selectFrom('strategies')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('start_year', 'desc')
    .orderBy('id')
    .execute();

export const findStrategy = (db: Db, partnershipId: number, id: number) =>
  db
    .selectFrom('strategies')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const listVersions = (db: Db, partnershipId: number, strategyIds: number[]) =>
  strategyIds.length
    ? db
        .selectFrom('strategy_versions as v')
        .leftJoin('gov_groups as g', 'g.id', 'v.approved_by_group_id')
        .selectAll('v')
        .select('g.name as group_name')
        .where('v.partnership_id', '=', partnershipId)
        .where('v.strategy_id', 'in', strategyIds)
        .orderBy('v.strategy_id')
        .orderBy('v.number', 'desc')
        .execute()
    : Promise.resolve([]);

/** Versions with their strategy's title and period and the approving group's name. */
const versions = (db: Db, partnershipId: number) =>
  db
    .selectFrom('strategy_versions as v')
    .innerJoin('strategies as s', 's.id', 'v.strategy_id')
    .leftJoin('gov_groups as g', 'g.id', 'v.approved_by_group_id')
    .selectAll('v')
    .select(['s.title', 's.start_year', 's.end_year', 'g.name as group_name'])
    .where('v.partnership_id', '=', partnershipId);

export const findVersion = (db: Db, partnershipId: number, id: number) =>
  versions(db, partnershipId).where('v.id', '=', id).executeTakeFirst();

export type VersionRow = NonNullable<Awaited<ReturnType<typeof findVersion>>>;

/** The latest published version of any of the partnership's strategies (the public page's). */
export const latestPublished = (db: Db, partnershipId: number) =>
  versions(db, partnershipId)
    .where('v.status', '=', 'published')
    .orderBy('v.published_at', 'desc')
    .orderBy('v.id', 'desc')
    .executeTakeFirst();

/** The latest approved or published version of any of the partnership's strategies (the board's document). */
export const latestApproved = (db: Db, partnershipId: number) =>
  versions(db, partnershipId)
    .where('v.status', 'in', ['approved', 'published'])
    .orderBy('v.approved_on', 'desc')
    .orderBy('v.id', 'desc')
    .executeTakeFirst();

/** A new version: a draft unless `approval` (approved and published, as the demo loads). */
export async function insertVersion(
  db: Db,
  partnershipId: number,
  strategyId: number,
  number: number,
  approval?: { groupId: number; on: string; frozen: string; appendices: string; publishedAt: string },
): Promise<number> {
  const at = nowIso();
  const row = await db
    .insertInto('strategy_versions')
    .values({
      partnership_id: partnershipId,
      strategy_id: strategyId,
      number,
      status: approval ? 'published' : 'draft',
      approved_by_group_id: approval?.groupId ?? null,
      approved_on: approval?.on ?? null,
      published_at: approval?.publishedAt ?? null,
      frozen_figures: approval?.frozen ?? null,
      frozen_appendices: approval?.appendices ?? null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const sectionsOf = (db: Db, partnershipId: number, versionId: number) =>
  db
    .selectFrom('strategy_sections')
    .select(['section', 'body'])
    .where('partnership_id', '=', partnershipId)
    .where('version_id', '=', versionId)
    .execute();

export const checklistOf = (db: Db, partnershipId: number, versionId: number) =>
  db
    .selectFrom('strategy_checklist')
    .select(['question', 'answer', 'evidence', 'links'])
    .where('partnership_id', '=', partnershipId)
    .where('version_id', '=', versionId)
    .execute();

export const groupsOf = (db: Db, partnershipId: number) =>
  db
    .selectFrom('gov_groups')
    .select(['id', 'name'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('name')
    .execute();

export async function saveSection(db: Db, partnershipId: number, versionId: number, section: string, body: string) {
  await db
    .deleteFrom('strategy_sections')
    .where('partnership_id', '=', partnershipId)
    .where('version_id', '=', versionId)
    .where('section', '=', section)
    .execute();
  if (body)
    await db
      .insertInto('strategy_sections')
      .values({ partnership_id: partnershipId, version_id: versionId, section, body })
      .execute();
}

/** Copies a version's sections and checklist answers into a new version. */
export async function copyVersion(db: Db, partnershipId: number, fromId: number, toId: number) {
  const [sections, answers] = await Promise.all([
    sectionsOf(db, partnershipId, fromId),
    checklistOf(db, partnershipId, fromId),
  ]);
  if (sections.length)
    await db
      .insertInto('strategy_sections')
      .values(sections.map((s) => ({ partnership_id: partnershipId, version_id: toId, ...s })))
      .execute();
  if (answers.length)
    await db
      .insertInto('strategy_checklist')
      .values(answers.map((a) => ({ partnership_id: partnershipId, version_id: toId, ...a })))
      .execute();
}

export const slugOf = async (db: Db, partnershipId: number) =>
  (await db.selectFrom('partnerships').select('slug').where('id', '=', partnershipId).executeTakeFirst())?.slug ?? null;
