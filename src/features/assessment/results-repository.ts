import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { CellMean, GroupedAnswerCount, GroupedRespondents } from './scoring.ts';
import type { FocusGroupCounting } from './weights.ts';

type Db = Kysely<Database>;

export interface RoundRow {
  id: number;
  name: string;
  kind: 'live' | 'historic';
  status: 'draft' | 'open' | 'closed';
  framework_id: number;
  focus_group_counting: FocusGroupCounting;
  opens_on: string | null;
  closes_on: string | null;
  created_at: string;
}

const ROUND_COLUMNS = [
  'id',
  'name',
  'kind',
  'status',
  'framework_id',
  'focus_group_counting',
  'opens_on',
  'closes_on',
  'created_at',
] as const;

export const findRound = (db: Db, partnershipId: number, id: number): Promise<RoundRow | undefined> =>
  db
    .selectFrom('assessment_rounds')
    .select(ROUND_COLUMNS)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const listRounds = (db: Db, partnershipId: number): Promise<RoundRow[]> =>
  db
    .selectFrom('assessment_rounds')
    .select(ROUND_COLUMNS)
    .where('partnership_id', '=', partnershipId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const findRoundNamed = (db: Db, partnershipId: number, name: string) =>
  db
    .selectFrom('assessment_rounds')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();

/**
 * How much a response counts, in SQL: the same rule as weights.ts `responseWeight` for a
 * submitted response (the queries below only read submitted ones).
 */
const weightOf = (counting: FocusGroupCounting) =>
  counting === 'participants'
    ? sql<number>`case when r.source = 'focus_group' and r.participants > 1 then r.participants else 1 end`
    : sql<number>`1`;

const sector = sql<string>`coalesce(r.sector, '')`;
const organisationType = sql<string>`coalesce(r.organisation_type, '')`;

/** The aggregate behind `groupedAnswerCounts`, exported so the benchmark can EXPLAIN it. */
export function answerCountsQuery(db: Db, partnershipId: number, roundId: number, counting: FocusGroupCounting) {
  const weight = counting === 'participants' ? sql<number>`sum(participants)` : sql<number>`count(*)`;
  return db
    .selectFrom('assessment_answers')
    .select([
      'sector',
      'organisation_type',
      'respondent_type',
      'theme',
      'stage',
      'answer_kind',
      'score',
      weight.as('weight'),
    ])
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .where('counted', '=', 1)
    .groupBy(['sector', 'organisation_type', 'respondent_type', 'theme', 'stage', 'answer_kind', 'score']);
}

/**
 * Weighted answers per group, cell, kind and score, with at most (groups × 64 × 7) rows however
 * many responded. Reads only the answers' aggregate index (migration 0006): submitted answers
 * carry their response's groups and participants, in GROUP BY order, so there is no join and
 * no sort.
 */
export async function groupedAnswerCounts(
  db: Db,
  partnershipId: number,
  roundId: number,
  counting: FocusGroupCounting,
): Promise<GroupedAnswerCount[]> {
  const rows = await answerCountsQuery(db, partnershipId, roundId, counting).execute();
  return rows.map((row) => ({
    sector: row.sector,
    organisationType: row.organisation_type,
    respondentType: row.respondent_type,
    theme: Number(row.theme),
    stage: Number(row.stage),
    kind: row.answer_kind,
    score: row.score === null ? null : Number(row.score),
    weight: Number(row.weight),
  }));
}

/** Weighted respondents per combination of sector, organisation type and respondent type. */
export async function groupedRespondents(
  db: Db,
  partnershipId: number,
  roundId: number,
  counting: FocusGroupCounting,
): Promise<GroupedRespondents[]> {
  const rows = await db
    .selectFrom('assessment_responses as r')
    .select([
      sector.as('sector'),
      organisationType.as('organisation_type'),
      'r.respondent_type',
      sql<number>`sum(${weightOf(counting)})`.as('respondents'),
      sql<number>`sum(r.id)`.as('id_sum'),
    ])
    .where('r.partnership_id', '=', partnershipId)
    .where('r.round_id', '=', roundId)
    .where('r.status', '=', 'submitted')
    .groupBy([sector, organisationType, 'r.respondent_type'])
    .execute();
  return rows.map((row) => ({
    sector: row.sector,
    organisationType: row.organisation_type,
    respondentType: row.respondent_type,
    respondents: Number(row.respondents),
    idSum: Number(row.id_sum),
  }));
}

/**
 * A round's data version, in one query over the responses' (partnership, round, status) index:
 * every response and every submitted one, counted, with the highest id and the sum of the submitted
 * ids. Responses are never deleted and only move from in progress to submitted, each time changing
 * one of these; the answers and evidence the results read are fixed once their response is
 * submitted. The organisations' count and latest change cover the names the results show.
 */
export async function resultsVersion(db: Db, partnershipId: number, roundId: number): Promise<string> {
  const row = await db
    .selectFrom('assessment_responses as r')
    .select([
      sql<number>`count(*)`.as('responses'),
      sql<number>`sum(case when r.status = 'submitted' then 1 else 0 end)`.as('submitted'),
      sql<number>`sum(case when r.status = 'submitted' then r.id else 0 end)`.as('id_sum'),
      sql<number>`max(r.id)`.as('max_id'),
      (eb) =>
        eb
          .selectFrom('organisations as o')
          .select(sql<string>`count(*) || ':' || coalesce(max(o.updated_at), '')`.as('v'))
          .where('o.partnership_id', '=', partnershipId)
          .as('organisations'),
    ])
    .where('r.partnership_id', '=', partnershipId)
    .where('r.round_id', '=', roundId)
    .executeTakeFirstOrThrow();
  return [row.responses, row.submitted, row.id_sum, row.max_id, row.organisations].map((v) => String(v ?? 0)).join('/');
}

export interface OrganisationCount {
  organisationId: number | null;
  name: string | null;
  submitted: number;
  respondents: number;
  inProgress: number;
}

/** Responses per organisation: submitted, weighted respondents, still in progress. */
export async function organisationCounts(
  db: Db,
  partnershipId: number,
  roundId: number,
  counting: FocusGroupCounting,
): Promise<OrganisationCount[]> {
  const rows = await db
    .selectFrom('assessment_responses as r')
    .leftJoin('organisations as o', (join) =>
      join.onRef('o.id', '=', 'r.organisation_id').on('o.partnership_id', '=', partnershipId),
    )
    .select([
      'r.organisation_id',
      'o.name',
      sql<number>`sum(case when r.status = 'submitted' then 1 else 0 end)`.as('submitted'),
      sql<number>`sum(case when r.status = 'submitted' then ${weightOf(counting)} else 0 end)`.as('respondents'),
      sql<number>`sum(case when r.status = 'submitted' then 0 else 1 end)`.as('in_progress'),
    ])
    .where('r.partnership_id', '=', partnershipId)
    .where('r.round_id', '=', roundId)
    .groupBy(['r.organisation_id', 'o.name'])
    .orderBy('o.name')
    .execute();
  return rows.map((row) => ({
    organisationId: row.organisation_id,
    name: row.name,
    submitted: Number(row.submitted),
    respondents: Number(row.respondents),
    inProgress: Number(row.in_progress),
  }));
}

export async function cellMeans(db: Db, partnershipId: number, roundId: number): Promise<CellMean[]> {
  const rows = await db
    .selectFrom('assessment_cell_means')
    .select(['theme', 'stage', 'mean'])
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .orderBy('theme')
    .orderBy('stage')
    .execute();
  return rows.map((r) => ({ theme: Number(r.theme), stage: Number(r.stage), mean: Number(r.mean) }));
}

export async function insertHistoricRound(
  db: Db,
  partnershipId: number,
  frameworkId: number,
  round: { name: string; heldOn: string },
  cells: CellMean[],
  at: string,
): Promise<number> {
  const { id } = await db
    .insertInto('assessment_rounds')
    .values({
      partnership_id: partnershipId,
      framework_id: frameworkId,
      name: round.name,
      kind: 'historic',
      status: 'closed',
      opens_on: round.heldOn,
      closes_on: round.heldOn,
      audience_json: '{}',
      focus_group_counting: 'one',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('assessment_cell_means')
    .values(
      cells.map((c) => ({ partnership_id: partnershipId, round_id: id, theme: c.theme, stage: c.stage, mean: c.mean })),
    )
    .execute();
  return id;
}

export interface PriorityRow {
  id: number;
  theme: number;
  stage: number | null;
  note: string;
  created_at: string;
  created_by_name: string | null;
}

export const listPriorities = (db: Db, partnershipId: number, roundId: number): Promise<PriorityRow[]> =>
  db
    .selectFrom('assessment_priorities as p')
    .leftJoin('users as u', (join) =>
      join.onRef('u.id', '=', 'p.created_by').on('u.partnership_id', '=', partnershipId),
    )
    .select(['p.id', 'p.theme', 'p.stage', 'p.note', 'p.created_at', 'u.display_name as created_by_name'])
    .where('p.partnership_id', '=', partnershipId)
    .where('p.round_id', '=', roundId)
    .orderBy('p.theme')
    .orderBy('p.stage')
    .orderBy('p.id')
    .execute();

export const insertPriority = (
  db: Db,
  values: {
    partnership_id: number;
    round_id: number;
    theme: number;
    stage: number | null;
    note: string;
    created_by: number | null;
    created_at: string;
  },
) => db.insertInto('assessment_priorities').values(values).returning('id').executeTakeFirstOrThrow();

export const findPriority = (db: Db, partnershipId: number, roundId: number, id: number) =>
  db
    .selectFrom('assessment_priorities')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .where('id', '=', id)
    .executeTakeFirst();

export const deletePriority = (db: Db, partnershipId: number, id: number) =>
  db.deleteFrom('assessment_priorities').where('partnership_id', '=', partnershipId).where('id', '=', id).execute();

export interface EvidenceRow {
  theme: number;
  note: string;
  organisationId: number | null;
}

/** The evidence notes of a round's submitted responses, theme by theme, in the order given. */
export const listEvidence = async (db: Db, partnershipId: number, roundId: number): Promise<EvidenceRow[]> =>
  (
    await db
      .selectFrom('assessment_evidence as e')
      .innerJoin('assessment_responses as r', (join) =>
        join.onRef('r.id', '=', 'e.response_id').on('r.partnership_id', '=', partnershipId),
      )
      .select(['e.theme', 'e.note', 'r.organisation_id'])
      .where('e.partnership_id', '=', partnershipId)
      .where('r.round_id', '=', roundId)
      .where('r.status', '=', 'submitted')
      .orderBy('e.theme')
      .orderBy('e.id')
      .execute()
  ).map((row) => ({ theme: row.theme, note: row.note, organisationId: row.organisation_id }));
