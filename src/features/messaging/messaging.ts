import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { Logger } from '../../lib/logger.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { purgePasswordResets } from '../accounts/password-reset-service.ts';
import { queueAssessmentReminders } from '../assessment/round-emails.ts';
import { queueReturnsReminders } from '../workforce/returns/deadline-reminders.ts';
import { draftDuePacks } from '../reports/pack-service.ts';
import { trainingJobs } from '../training/evaluation-jobs.ts';
import { registrationJobs } from '../training/registration-jobs.ts';
import { purgeBodies } from './repository.ts';
import { startScheduler, type ScheduledJob } from './scheduler.ts';
import { createTransport } from './transports.ts';
import { createOutboxWorker } from './worker.ts';

/** Reminders go out at 08:00 UTC (9:00 in summer), once a day. */
const REMINDER_PATTERN = '0 8 * * *';

/** The jobs of the schedule table. Purging bodies keeps who, when, which template and the status. */
export function scheduledJobs(config: Config): ScheduledJob[] {
  return [
    {
      name: 'purge-message-bodies',
      pattern: '15 3 * * *',
      run: (db) => purgeBodies(db, new Date(Date.now() - config.messaging.purgeAfterDays * 86_400_000).toISOString()),
    },
    { name: 'purge-password-resets', pattern: '20 3 * * *', run: (db) => purgePasswordResets(db) },
    {
      name: 'assessment-reminders',
      pattern: REMINDER_PATTERN,
      run: (db) => queueAssessmentReminders(db, config, { daysBefore: config.messaging.reminderDays.assessment }),
    },
    {
      name: 'returns-reminders',
      pattern: REMINDER_PATTERN,
      run: (db) =>
        queueReturnsReminders(db, {
          today: todayInLondon(),
          daysBefore: config.messaging.reminderDays.returns,
          baseUrl: config.baseUrl,
        }),
    },
    {
      name: 'draft-board-packs',
      pattern: '30 6 * * *',
      run: (db) => draftDuePacks(db, todayInLondon(), config.boardPackDraftDays),
    },
    ...trainingJobs(config),
    ...registrationJobs(config),
  ];
}

/**
 * Starts the outbox worker and the scheduler in this process. Safe in every process of a cluster
 * and on several instances: messages and jobs are taken under database leases. With no transport
 * configured only the scheduler runs and messages wait in the outbox for an administrator to read.
 */
export function startMessaging(config: Config, db: Db, logger: Logger): () => Promise<void> {
  const stopScheduler = startScheduler(db.kysely, scheduledJobs(config), logger);
  const transport = createTransport(config.messaging);
  const worker = transport
    ? createOutboxWorker({ db: db.kysely, engine: db.engine, transport, logger, config: config.messaging })
    : null;
  worker?.start();
  if (transport) logger.info({ transport: transport.name }, 'the outbox worker started');
  return async () => {
    stopScheduler();
    await worker?.stop();
    transport?.close();
  };
}
