import { withId, type MigrationContext } from './helpers.ts';

/**
 * The email journeys of issue 13 (docs/adr/0021): password reset links (only their hash) and the
 * requests that throttle them; sessions know their user, so a reset can end them all; each user's
 * optional reminders switched off; and the address a personal self-assessment link was emailed to,
 * kept only while the round is open so that those who have not answered can be reminded.
 */
export async function up(context: MigrationContext): Promise<void> {
  const { db, engine } = context;
  await withId(db.schema.createTable('password_resets'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
  await withId(db.schema.createTable('password_reset_requests'), engine)
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('password_reset_requests_email')
    .on('password_reset_requests')
    .columns(['email', 'at'])
    .execute();
  await db.schema
    .createIndex('password_reset_requests_ip')
    .on('password_reset_requests')
    .columns(['ip', 'at'])
    .execute();
  await db.schema.alterTable('sessions').addColumn('user_id', 'integer').execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema
    .createTable('reminder_opt_outs')
    .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('reminder', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reminder_opt_outs_pk', ['user_id', 'reminder'])
    .execute();
  await db.schema.alterTable('assessment_invitations').addColumn('email', 'text').execute();
}
