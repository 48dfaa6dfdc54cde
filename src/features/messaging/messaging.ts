import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { Logger } from '../../lib/logger.ts';
import { purgeBodies } from './repository.ts';
import { startScheduler, type ScheduledJob } from './scheduler.ts';
import { createTransport } from './transports.ts';
import { createOutboxWorker } from './worker.ts';

/** The jobs of the schedule table. Purging bodies keeps who, when, which template and the status. */
export function scheduledJobs(config: Config): ScheduledJob[] {
  return [
    {
      name: 'purge-message-bodies',
      pattern: '15 3 * * *',
      run: (db) => purgeBodies(db, new Date(Date.now() - config.messaging.purgeAfterDays * 86_400_000).toISOString()),
    },
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
