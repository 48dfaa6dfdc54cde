import { type MigrationContext, withId } from './helpers.ts';

/**
 * One Children's Workforce self-assessment: frameworks (versioned), rounds, invitations,
 * responses and their answers. Themes and stages are referred to by position 1–8.
 */
export async function up(context: MigrationContext): Promise<void> {
  await frameworks(context);
  await roundsAndInvitations(context);
  await responsesAndAnswers(context);
}

async function frameworks({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('assessment_frameworks'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('based_on_id', 'integer', (c) => c.references('assessment_frameworks.id'))
    .addColumn('levels_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessment_frameworks_version_unique', ['partnership_id', 'version'])
    .execute();

  await withId(db.schema.createTable('assessment_framework_themes'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('framework_id', 'integer', (c) => c.notNull().references('assessment_frameworks.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('colour', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessment_framework_themes_unique', ['framework_id', 'position'])
    .execute();

  await withId(db.schema.createTable('assessment_framework_stages'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('framework_id', 'integer', (c) => c.notNull().references('assessment_frameworks.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessment_framework_stages_unique', ['framework_id', 'position'])
    .execute();
}

async function roundsAndInvitations({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('assessment_rounds'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('framework_id', 'integer', (c) => c.notNull().references('assessment_frameworks.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opens_on', 'text')
    .addColumn('closes_on', 'text')
    .addColumn('audience_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('focus_group_counting', 'text', (c) => c.notNull().defaultTo('one'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessment_rounds_name_unique', ['partnership_id', 'name'])
    .execute();

  await withId(db.schema.createTable('assessment_invitations'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('assessment_rounds.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('respondent_type', 'text')
    .addColumn('label', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('assessment_invitations_round')
    .on('assessment_invitations')
    .columns(['partnership_id', 'round_id'])
    .execute();
}

async function responsesAndAnswers({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('assessment_responses'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('assessment_rounds.id'))
    .addColumn('invitation_id', 'integer', (c) => c.references('assessment_invitations.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('organisation_type', 'text')
    .addColumn('sector', 'text')
    .addColumn('respondent_type', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('participants', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resume_token_hash', 'text', (c) => c.unique())
    .addColumn('submitted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('assessment_responses_round')
    .on('assessment_responses')
    .columns(['partnership_id', 'round_id', 'status'])
    .execute();

  await withId(db.schema.createTable('assessment_answers'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('assessment_rounds.id'))
    .addColumn('response_id', 'integer', (c) => c.notNull().references('assessment_responses.id'))
    .addColumn('theme', 'integer', (c) => c.notNull())
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('answer_kind', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessment_answers_unique', ['response_id', 'theme', 'stage'])
    .execute();
  await db.schema
    .createIndex('assessment_answers_cell')
    .on('assessment_answers')
    .columns(['partnership_id', 'round_id', 'theme', 'stage'])
    .execute();

  await withId(db.schema.createTable('assessment_evidence'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('response_id', 'integer', (c) => c.notNull().references('assessment_responses.id'))
    .addColumn('theme', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessment_evidence_unique', ['response_id', 'theme'])
    .execute();
}
