import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../lib/time.ts';
import {
  DEFAULT_FRAMEWORK_NAME,
  DEFAULT_LEVELS,
  DEFAULT_STAGES,
  DEFAULT_THEMES,
  parseLevels,
  type LevelDefinition,
} from './framework.ts';

type Db = Kysely<Database>;

export interface FrameworkRecord {
  id: number;
  name: string;
  version: number;
  basedOnId: number | null;
  createdAt: string;
  levels: LevelDefinition[];
  themes: { position: number; name: string; colour: string; description: string }[];
  stages: { position: number; name: string; description: string }[];
}

interface FrameworkPart {
  part: number;
  position: number;
  name: string;
  detail: string;
  colour: string | null;
  version: number | null;
  based_on_id: number | null;
  created_at: string | null;
}

/**
 * A framework with its themes and stages in position order, or undefined outside the partnership:
 * one statement, the framework's row first (its levels in `detail`), then its themes, then its stages.
 */
export async function findFramework(db: Db, partnershipId: number, id: number): Promise<FrameworkRecord | undefined> {
  const { rows } = await sql<FrameworkPart>`
    select 0 as part, 0 as position, name, levels_json as detail, null as colour, version, based_on_id, created_at
      from assessment_frameworks where partnership_id = ${partnershipId} and id = ${id}
    union all
    select 1, position, name, description, colour, null, null, null
      from assessment_framework_themes where partnership_id = ${partnershipId} and framework_id = ${id}
    union all
    select 2, position, name, description, null, null, null, null
      from assessment_framework_stages where partnership_id = ${partnershipId} and framework_id = ${id}
    order by part, position`.execute(db);
  const [framework, ...parts] = rows;
  if (!framework || Number(framework.part) !== 0) return undefined;
  const of = (part: number) => parts.filter((p) => Number(p.part) === part);
  return {
    id,
    name: framework.name,
    version: Number(framework.version),
    basedOnId: framework.based_on_id === null ? null : Number(framework.based_on_id),
    createdAt: framework.created_at ?? '',
    levels: parseLevels(framework.detail),
    themes: of(1).map((t) => ({
      position: Number(t.position),
      name: t.name,
      colour: t.colour ?? '',
      description: t.detail,
    })),
    stages: of(2).map((st) => ({ position: Number(st.position), name: st.name, description: st.detail })),
  };
}

export async function insertFramework(
  db: Db,
  partnershipId: number,
  values: Omit<FrameworkRecord, 'id' | 'createdAt'>,
): Promise<number> {
  const { id } = await db
    .insertInto('assessment_frameworks')
    .values({
      partnership_id: partnershipId,
      name: values.name,
      version: values.version,
      based_on_id: values.basedOnId,
      levels_json: JSON.stringify(values.levels),
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('assessment_framework_themes')
    .values(values.themes.map((t) => ({ partnership_id: partnershipId, framework_id: id, ...t })))
    .execute();
  await db
    .insertInto('assessment_framework_stages')
    .values(values.stages.map((s) => ({ partnership_id: partnershipId, framework_id: id, ...s })))
    .execute();
  return id;
}

/** Rewrites a framework's wording in place (only while no round's results depend on it). */
export async function updateFrameworkWording(
  db: Db,
  partnershipId: number,
  id: number,
  values: Pick<FrameworkRecord, 'levels' | 'themes' | 'stages'>,
): Promise<void> {
  await db
    .updateTable('assessment_frameworks')
    .set({ levels_json: JSON.stringify(values.levels) })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
  for (const t of values.themes) {
    await db
      .updateTable('assessment_framework_themes')
      .set({ name: t.name, description: t.description })
      .where('partnership_id', '=', partnershipId)
      .where('framework_id', '=', id)
      .where('position', '=', t.position)
      .execute();
  }
  for (const s of values.stages) {
    await db
      .updateTable('assessment_framework_stages')
      .set({ name: s.name, description: s.description })
      .where('partnership_id', '=', partnershipId)
      .where('framework_id', '=', id)
      .where('position', '=', s.position)
      .execute();
  }
}

export async function currentFrameworkId(db: Db, partnershipId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('assessment_frameworks')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/**
 * The partnership's current framework id, creating the default OCWT as version 1 the first time
 * anything needs it. Services call this rather than relying on partnership creation.
 */
export async function ensureDefaultFramework(db: Db, partnershipId: number): Promise<number> {
  const existing = await currentFrameworkId(db, partnershipId);
  if (existing !== undefined) return existing;
  try {
    return await insertFramework(db, partnershipId, {
      name: DEFAULT_FRAMEWORK_NAME,
      version: 1,
      basedOnId: null,
      levels: DEFAULT_LEVELS,
      themes: DEFAULT_THEMES,
      stages: DEFAULT_STAGES,
    });
  } catch (err) {
    // Two first uses at once: the unique (partnership, version) lets one win; use the winner's.
    const winner = await currentFrameworkId(db, partnershipId);
    if (winner !== undefined) return winner;
    throw err;
  }
}

/** Whether any round's results depend on this framework's wording. */
export async function frameworkInUse(db: Db, partnershipId: number, frameworkId: number): Promise<boolean> {
  const row = await db
    .selectFrom('assessment_rounds')
    .select('assessment_rounds.id')
    .where('assessment_rounds.partnership_id', '=', partnershipId)
    .where('assessment_rounds.framework_id', '=', frameworkId)
    .where((eb) =>
      eb.or([
        eb('assessment_rounds.kind', '=', 'historic'),
        eb.exists(
          eb
            .selectFrom('assessment_responses')
            .select('assessment_responses.id')
            .whereRef('assessment_responses.round_id', '=', 'assessment_rounds.id')
            .where('assessment_responses.partnership_id', '=', partnershipId),
        ),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

/** Draft rounds nobody has answered follow the newest framework version. */
export async function moveUnansweredDraftRounds(
  db: Db,
  partnershipId: number,
  fromId: number,
  toId: number,
): Promise<void> {
  await db
    .updateTable('assessment_rounds')
    .set({ framework_id: toId })
    .where('partnership_id', '=', partnershipId)
    .where('framework_id', '=', fromId)
    .where('status', '=', 'draft')
    .where('kind', '=', 'live')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('assessment_responses')
            .select('assessment_responses.id')
            .whereRef('assessment_responses.round_id', '=', 'assessment_rounds.id'),
        ),
      ),
    )
    .execute();
}
