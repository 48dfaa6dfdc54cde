import { withId, type MigrationContext } from './helpers.ts';

/**
 * Governance (issue 15 point 6): the partnership's groups (board, steering group, sub-groups under a
 * parent) with terms of reference and a review date, their members, their meetings' decisions, and
 * the actions arising, each of which may become a plan action (plan_action_id links back).
 */
export async function up({ db, engine }: MigrationContext): Promise<void> {
  await withId(db.schema.createTable('gov_groups'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('parent_id', 'integer', (c) => c.references('gov_groups.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('terms_of_reference', 'text', (c) => c.notNull())
    .addColumn('review_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gov_groups_partnership').on('gov_groups').column('partnership_id').execute();

  await withId(db.schema.createTable('gov_members'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('group_id', 'integer', (c) => c.notNull().references('gov_groups.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gov_members_group').on('gov_members').columns(['partnership_id', 'group_id']).execute();

  await withId(db.schema.createTable('gov_meetings'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('group_id', 'integer', (c) => c.notNull().references('gov_groups.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('decisions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('gov_meetings_group')
    .on('gov_meetings')
    .columns(['partnership_id', 'group_id', 'held_on'])
    .execute();

  await withId(db.schema.createTable('gov_actions_arising'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('gov_meetings.id'))
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('owner_organisation', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('plan_action_id', 'integer', (c) => c.references('plan_actions.id'))
    .execute();
  await db.schema
    .createIndex('gov_actions_arising_meeting')
    .on('gov_actions_arising')
    .columns(['partnership_id', 'meeting_id'])
    .execute();
}
