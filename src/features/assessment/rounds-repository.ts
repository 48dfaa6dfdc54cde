import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export const findRound = (db: Db, partnershipId: number, id: number) =>
  db
    .selectFrom('assessment_rounds')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const findRoundNamed = (db: Db, partnershipId: number, name: string) =>
  db
    .selectFrom('assessment_rounds')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', eb.fn('lower', [eb.val(name)])))
    .executeTakeFirst();

export const listOrganisations = (db: Db, partnershipId: number) =>
  db
    .selectFrom('organisations')
    .select(['id', 'name', 'type', 'sector'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('name')
    .execute();

export const findOrganisation = (db: Db, partnershipId: number, id: number) =>
  db
    .selectFrom('organisations')
    .select(['id', 'name', 'type', 'sector'])
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

/** Rounds newest first, each with its submitted and in-progress response counts. */
export const listRounds = (db: Db, partnershipId: number) =>
  db
    .selectFrom('assessment_rounds')
    .selectAll('assessment_rounds')
    .select((eb) => [
      eb
        .selectFrom('assessment_responses')
        .select(eb.fn.countAll().as('n'))
        .whereRef('assessment_responses.round_id', '=', 'assessment_rounds.id')
        .where('assessment_responses.partnership_id', '=', partnershipId)
        .where('assessment_responses.status', '=', 'submitted')
        .as('submitted'),
      eb
        .selectFrom('assessment_responses')
        .select(eb.fn.countAll().as('n'))
        .whereRef('assessment_responses.round_id', '=', 'assessment_rounds.id')
        .where('assessment_responses.partnership_id', '=', partnershipId)
        .where('assessment_responses.status', '=', 'in_progress')
        .as('in_progress'),
    ])
    .where('assessment_rounds.partnership_id', '=', partnershipId)
    // Newest first by when the round was held (an imported round's date), not when it was recorded.
    .orderBy(sql`coalesce(assessment_rounds.closes_on, substr(assessment_rounds.created_at, 1, 10))`, 'desc')
    .orderBy('assessment_rounds.id', 'desc')
    .execute();

export const findUserResponse = (db: Db, partnershipId: number, roundId: number, userId: number) =>
  db
    .selectFrom('assessment_responses')
    .select(['id', 'status'])
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .where('user_id', '=', userId)
    .where('source', '=', 'user')
    .orderBy('id', 'desc')
    .executeTakeFirst();

export const countsByOrganisation = (db: Db, partnershipId: number, roundId: number) =>
  db
    .selectFrom('assessment_responses')
    .select(['organisation_id', 'status'])
    .select((eb) => eb.fn.countAll().as('n'))
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .groupBy(['organisation_id', 'status'])
    .execute();

export const invitationSummary = (db: Db, partnershipId: number, roundId: number) =>
  db
    .selectFrom('assessment_invitations')
    .select(['organisation_id', 'kind'])
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('used_at').as('used')])
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .groupBy(['organisation_id', 'kind'])
    .execute();

export const listInvitations = (db: Db, partnershipId: number, roundId: number) =>
  db
    .selectFrom('assessment_invitations')
    .leftJoin('organisations', (join) =>
      join
        .onRef('organisations.id', '=', 'assessment_invitations.organisation_id')
        .on('organisations.partnership_id', '=', partnershipId),
    )
    .select([
      'assessment_invitations.id',
      'assessment_invitations.kind',
      'assessment_invitations.token_prefix',
      'assessment_invitations.token_hash',
      'assessment_invitations.respondent_type',
      'assessment_invitations.used_at',
      'organisations.name as organisation_name',
    ])
    .where('assessment_invitations.partnership_id', '=', partnershipId)
    .where('assessment_invitations.round_id', '=', roundId)
    .orderBy('organisations.name')
    .orderBy('assessment_invitations.kind')
    .orderBy('assessment_invitations.id')
    .execute();

export const listFocusGroups = (db: Db, partnershipId: number, roundId: number) =>
  db
    .selectFrom('assessment_responses')
    .leftJoin('organisations', (join) =>
      join
        .onRef('organisations.id', '=', 'assessment_responses.organisation_id')
        .on('organisations.partnership_id', '=', partnershipId),
    )
    .select([
      'assessment_responses.id',
      'assessment_responses.participants',
      'assessment_responses.sector',
      'assessment_responses.respondent_type',
      'assessment_responses.status',
      'assessment_responses.created_at',
      'organisations.name as organisation_name',
    ])
    .where('assessment_responses.partnership_id', '=', partnershipId)
    .where('assessment_responses.round_id', '=', roundId)
    .where('assessment_responses.source', '=', 'focus_group')
    .orderBy('assessment_responses.id')
    .execute();
