import { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../../lib/logger.ts';

export interface ScheduledJob {
  name: string;
  /** A cron pattern, in UTC. */
  pattern: string;
  run(db: Kysely<Database>): Promise<unknown>;
}

const nextRun = (pattern: string, after = new Date()): string =>
  (new Cron(pattern, { timezone: 'UTC', paused: true }).nextRun(after) ?? new Date(8.64e15)).toISOString();

/**
 * Runs each job that is due, once across every process: a job is taken by an UPDATE that only
 * succeeds while its lease is free, so two instances over one database never both run it.
 */
export async function runDueJobs(db: Kysely<Database>, jobs: ScheduledJob[], logger: Logger): Promise<string[]> {
  const ran: string[] = [];
  for (const job of jobs) {
    await db
      .insertInto('scheduled_jobs')
      .values({ name: job.name, pattern: job.pattern, next_run_at: nextRun(job.pattern) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const now = new Date().toISOString();
    const taken = await db
      .updateTable('scheduled_jobs')
      .set({ lease_until: new Date(Date.now() + 10 * 60_000).toISOString() })
      .where('name', '=', job.name)
      .where('next_run_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) continue;
    let error: string | null = null;
    try {
      await job.run(db);
      ran.push(job.name);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      logger.error({ job: job.name, err: error }, 'a scheduled job failed');
    }
    await db
      .updateTable('scheduled_jobs')
      .set({ lease_until: null, last_run_at: now, last_error: error, next_run_at: nextRun(job.pattern) })
      .where('name', '=', job.name)
      .execute();
  }
  return ran;
}

/** Checks the schedule every minute, on croner's clock. */
export function startScheduler(db: Kysely<Database>, jobs: ScheduledJob[], logger: Logger): () => void {
  const cron = new Cron('* * * * *', { timezone: 'UTC', protect: true }, async () => {
    await runDueJobs(db, jobs, logger).catch((err: unknown) =>
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'the scheduler could not run'),
    );
  });
  return () => cron.stop();
}
