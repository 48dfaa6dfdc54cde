import type { MigrationContext } from './helpers.ts';

/**
 * Plan actions ↔ the training courses they commission (issue 15 point 3, docs/adr/0035). Both ids
 * belong to the row's partnership; the service checks that before writing, as the foreign keys
 * cannot say it. The course index serves the course page's "actions this course delivers".
 */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('plan_action_courses')
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('action_id', 'integer', (c) => c.notNull().references('plan_actions.id'))
    .addColumn('course_id', 'integer', (c) => c.notNull().references('training_courses.id'))
    .addPrimaryKeyConstraint('plan_action_courses_pk', ['action_id', 'course_id'])
    .execute();
  await db.schema
    .createIndex('plan_action_courses_course')
    .on('plan_action_courses')
    .columns(['partnership_id', 'course_id'])
    .execute();
}
