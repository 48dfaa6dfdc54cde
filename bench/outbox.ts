/*
 * npm run bench:outbox: queues 10,000 reminders in one transaction and delivers them to an SMTP
 * server in this process with two workers at once, each over its own connection pool (as two
 * instances would be). Prints messages per second and peak RSS, and fails if any message arrives
 * twice or any is missing. Runs on a throwaway PostgreSQL (or DATABASE_URL); BENCH_ENGINE=sqlite
 * runs it on a SQLite file instead. Targets: ≤ 60 s, < 200 MB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { enqueue, type NewMessage } from '../src/features/messaging/repository.ts';
import { createTransport } from '../src/features/messaging/transports.ts';
import { createOutboxWorker } from '../src/features/messaging/worker.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/lib/logger.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { startInbox } from '../test/support/mail.ts';

const COUNT = 10_000;
const engine = process.env.BENCH_ENGINE === 'sqlite' ? 'sqlite' : 'postgres';
const scratch = mkdtempSync(join(tmpdir(), 'ow-bench-outbox-'));
const server = engine === 'postgres' && !process.env.DATABASE_URL ? await startPostgres() : null;
const url = engine === 'postgres' ? (process.env.DATABASE_URL ?? server!.url) : '';
const open = (): Db => openDatabase({ engine, url, sqliteFile: join(scratch, 'bench.sqlite'), poolSize: 4 });

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
// The receiving server shares this process: it reads only each Subject, so the RSS measured is the outbox's.
const seen = new Map<string, number>();
const inbox = await startInbox(0, (subject) => seen.set(subject, (seen.get(subject) ?? 0) + 1));
const dbs = [open(), open()];
try {
  await migrateToLatest(dbs[0]!);
  const reminders: NewMessage[] = Array.from({ length: COUNT }, (_, i) => ({
    partnershipId: null,
    userId: null,
    key: `bench-reminder-${i}`,
    template: 'reminder',
    recipient: `person${i}@bench.example`,
    subject: `Reminder ${i}`,
    body: `Dear colleague,\n\nThis is reminder ${i}. Please answer by Friday.\n\nOne Workforce`,
  }));
  let started = performance.now();
  await dbs[0]!.kysely.transaction().execute((trx) => enqueue(trx, reminders));
  const queuedSeconds = (performance.now() - started) / 1000;

  const config = loadConfig({ NODE_ENV: 'test', SMTP_URL: `${inbox.url}/?pool=true&maxConnections=16` }).messaging;
  const logger = createLogger('silent');
  started = performance.now();
  await Promise.all(
    dbs.map(async (db) => {
      const transport = createTransport(config)!;
      const worker = createOutboxWorker({
        db: db.kysely,
        engine,
        transport,
        logger,
        config,
        batchSize: 200,
        concurrency: 8,
      });
      while ((await worker.runOnce()) > 0);
      transport.close();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const twice = [...seen.values()].filter((n) => n > 1).length;
  const sent = Number(
    (
      await dbs[0]!.kysely
        .selectFrom('outbox_messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', '=', 'sent')
        .executeTakeFirstOrThrow()
    ).n,
  );
  console.log(`engine ${engine}; queued ${COUNT} in one transaction in ${queuedSeconds.toFixed(2)} s`);
  console.log(
    `delivered ${seen.size} distinct messages in ${seconds.toFixed(1)} s: ${(seen.size / seconds).toFixed(0)} msgs/s`,
  );
  console.log(`sent twice: ${twice}; marked sent: ${sent}; peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  const ok = seen.size === COUNT && twice === 0 && sent === COUNT && seconds <= 60 && peakRss < 200 * 1024 * 1024;
  console.log(ok ? 'PASS: within the targets (≤ 60 s, < 200 MB, none twice)' : 'FAIL: outside the targets');
  process.exitCode = ok ? 0 : 1;
} finally {
  clearInterval(sampler);
  await Promise.all(dbs.map((db) => db.close()));
  await inbox.close();
  server?.stop();
  rmSync(scratch, { recursive: true, force: true });
}
