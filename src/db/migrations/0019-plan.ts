import { decimalType, makeAppendOnly, withId, type MigrationContext } from './helpers.ts';

/**
 * The strategy and action plan (issue 15, docs/adr/0023): ranked priorities with SMART objectives,
 * actions with their dated progress updates (all kept), and the 5×5 risk register whose
 * mitigating actions are plan actions. Theme and stage lists are JSON arrays of OCWT positions.
 */
export async function up(context: MigrationContext): Promise<void> {
  await prioritiesAndObjectives(context);
  await actionsAndUpdates(context);
  await risks(context);
  await importsAndIndicators(context);
  await funding(context);
}

async function prioritiesAndObjectives({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('plan_priorities'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('themes', 'text', (c) => c.notNull())
    .addColumn('source_assessment_priority_id', 'integer', (c) => c.references('assessment_priorities.id'))
    .addColumn('risk_appetite', 'integer', (c) => c.notNull().defaultTo(12))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_priorities_partnership')
    .on('plan_priorities')
    .columns(['partnership_id', 'rank'])
    .execute();

  await withId(db.schema.createTable('plan_objectives'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('priority_id', 'integer', (c) => c.notNull().references('plan_priorities.id'))
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_objectives_priority')
    .on('plan_objectives')
    .columns(['partnership_id', 'priority_id'])
    .execute();
}

async function actionsAndUpdates({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('plan_actions'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('priority_id', 'integer', (c) => c.references('plan_priorities.id'))
    .addColumn('objective_id', 'integer', (c) => c.references('plan_objectives.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('themes', 'text', (c) => c.notNull())
    .addColumn('stages', 'text', (c) => c.notNull())
    .addColumn('outcomes', 'text', (c) => c.notNull())
    .addColumn('success_criteria', 'text', (c) => c.notNull())
    .addColumn('lead_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('lead_name', 'text', (c) => c.notNull())
    .addColumn('lead_organisation', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('cost_pence', 'integer')
    .addColumn('funding_stream', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_update_on', 'text')
    .addColumn('rag_override', 'text')
    .addColumn('rag_override_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_actions_partnership')
    .on('plan_actions')
    .columns(['partnership_id', 'due_date'])
    .execute();
  await db.schema
    .createIndex('plan_actions_lead')
    .on('plan_actions')
    .columns(['partnership_id', 'lead_user_id'])
    .execute();

  await withId(db.schema.createTable('plan_action_updates'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('action_id', 'integer', (c) => c.notNull().references('plan_actions.id'))
    .addColumn('update_on', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('narrative', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('author_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_action_updates_action')
    .on('plan_action_updates')
    .columns(['action_id', 'update_on'])
    .execute();
}

async function risks({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('plan_risks'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('priority_id', 'integer', (c) => c.references('plan_priorities.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('effect', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('likelihood', 'integer', (c) => c.notNull())
    .addColumn('impact', 'integer', (c) => c.notNull())
    .addColumn('target_likelihood', 'integer', (c) => c.notNull())
    .addColumn('target_impact', 'integer', (c) => c.notNull())
    .addColumn('controls', 'text', (c) => c.notNull())
    .addColumn('contingency', 'text', (c) => c.notNull())
    .addColumn('review_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_risks_partnership').on('plan_risks').column('partnership_id').execute();

  await db.schema
    .createTable('plan_risk_actions')
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('risk_id', 'integer', (c) => c.notNull().references('plan_risks.id'))
    .addColumn('action_id', 'integer', (c) => c.notNull().references('plan_actions.id'))
    .addPrimaryKeyConstraint('plan_risk_actions_pk', ['risk_id', 'action_id'])
    .execute();

  // Every change to a risk's scores, kept (the register's history).
  await withId(db.schema.createTable('plan_risk_history'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('risk_id', 'integer', (c) => c.notNull().references('plan_risks.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('inherent_score', 'integer', (c) => c.notNull())
    .addColumn('residual_score', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_risk_history_risk').on('plan_risk_history').columns(['risk_id', 'at']).execute();
}

async function importsAndIndicators({ db, engine }: MigrationContext): Promise<void> {
  // An uploaded action plan, checked and waiting for review; committed all at once or not at all.
  await withId(db.schema.createTable('plan_imports'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('actions_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .execute();

  const decimal = decimalType(engine);
  await withId(db.schema.createTable('plan_indicators'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('polarity', 'text', (c) => c.notNull())
    .addColumn('baseline', decimal)
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('tolerance_percent', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('plan_indicator_targets')
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('plan_indicators.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('target', decimal, (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_indicator_targets_pk', ['indicator_id', 'year'])
    .execute();
  // A quarter's value: typed for a manual indicator, or a live one frozen when the quarter is signed off.
  await db.schema
    .createTable('plan_indicator_values')
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('plan_indicators.id'))
    .addColumn('quarter_end', 'text', (c) => c.notNull())
    .addColumn('value', decimal)
    .addColumn('suppressed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signed_off_at', 'text')
    .addColumn('signed_off_by', 'text')
    .addPrimaryKeyConstraint('plan_indicator_values_pk', ['indicator_id', 'quarter_end'])
    .execute();
}

async function funding(context: MigrationContext): Promise<void> {
  const { db, engine } = context;
  await withId(db.schema.createTable('plan_funding_streams'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('amount_per_year_pence', 'integer', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('ring_fenced', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The pooled budget's ledger: amounts are positive pence; its kind says which way they go.
  await withId(db.schema.createTable('plan_ledger'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('stream_id', 'integer', (c) => c.notNull().references('plan_funding_streams.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount_pence', 'integer', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('action_id', 'integer', (c) => c.references('plan_actions.id'))
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_ledger_stream')
    .on('plan_ledger')
    .columns(['partnership_id', 'stream_id'])
    .execute();
  await makeAppendOnly(context, 'plan_ledger');
}
