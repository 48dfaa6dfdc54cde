import { withId, type MigrationContext } from './helpers.ts';

/**
 * The transactional outbox (docs/adr/0015): one row per message, written in the transaction of the
 * event that causes it, claimed by a worker under a lease; and one row per scheduled job, whose
 * lease lets only one process run it at a time.
 */
export async function up(context: MigrationContext): Promise<void> {
  const { db, engine } = context;
  await withId(db.schema.createTable('outbox_messages'), engine)
    .addColumn('partnership_id', 'integer', (c) => c.references('partnerships.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text')
    .addColumn('calendar', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('purged_at', 'text')
    .execute();
  await db.schema
    .createIndex('outbox_messages_idempotency')
    .on('outbox_messages')
    .column('idempotency_key')
    .unique()
    .execute();
  await db.schema
    .createIndex('outbox_messages_due')
    .on('outbox_messages')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createTable('scheduled_jobs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('next_run_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('last_run_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
}
