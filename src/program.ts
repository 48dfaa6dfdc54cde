/* The command line: serve, start, migrate, demo, worker and the admin, workforce and training commands. */
import { Command } from 'commander';
import { ConfigError, loadConfig } from './config.ts';
import { migrateToLatest } from './db/migrate.ts';
import { DEMO_PASSWORD, DEMO_USERS, loadDemo } from './features/demo/demo.ts';
import { createLogger } from './lib/logger.ts';
import { openAppDatabase, serveApp } from './web/cluster.ts';
import { startMessaging } from './features/messaging/messaging.ts';
import { registerAdminCommands } from './cli/admin-commands.ts';
import { registerWorkforceCommands } from './cli/workforce-commands.ts';
import { registerTrainingCommands } from './cli/training-commands.ts';

function context() {
  const config = loadConfig();
  const db = openAppDatabase(config);
  const logger = createLogger(config.logLevel);
  return { config, db, logger };
}

function printSignInHelp(url: string): void {
  console.log(`\nOne Workforce is running at ${url}`);
  console.log(`Sign in as any demo user with the password "${DEMO_PASSWORD}":`);
  for (const user of DEMO_USERS) console.log(`  ${user.email.padEnd(32)} ${user.role}`);
  console.log('Press Ctrl+C to stop.\n');
}

function serve(options: { demo: boolean }): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  return serveApp(config, logger, { demo: options.demo, onReady: options.demo ? printSignInHelp : undefined });
}

const program = new Command()
  .name('one-workforce')
  .description("One Workforce: plan, run and prove a children's workforce strategy.")
  .showHelpAfterError();

program
  .command('start')
  .description('Migrate, load the demo partnership if there is none, and serve (the README’s first command)')
  .action(() => serve({ demo: true }));

program
  .command('serve')
  .description('Migrate the database and serve the web application')
  .action(() => serve({ demo: false }));

program
  .command('migrate')
  .description('Bring the database schema up to date')
  .action(async () => {
    const { db } = context();
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    await db.close();
  });

program
  .command('demo')
  .description('Load the demo partnership, or reset it to its starting state')
  .option('--county', 'Load a county-sized synthetic workforce (about 25,000 workers) instead of about 2,000')
  .action(async (options: { county?: boolean }) => {
    const { db } = context();
    await migrateToLatest(db);
    const { partnershipId } = await loadDemo(db.kysely, { county: Boolean(options.county) });
    console.log(`Loaded the demo partnership (id ${partnershipId}). Demo users' password: ${DEMO_PASSWORD}`);
    await db.close();
  });

program
  .command('worker')
  .description('Run only the outbox worker and the scheduled jobs (email, reminders, purges), without serving pages')
  .action(async () => {
    const { config, db, logger } = context();
    await migrateToLatest(db);
    if (!config.messaging.notify && !config.messaging.smtpUrl)
      logger.warn('Neither NOTIFY_API_KEY nor SMTP_URL is set: messages stay in the outbox; only scheduled jobs run');
    const stop = startMessaging(config, db, logger);
    const shutdown = async () => {
      await stop();
      await db.close();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

registerAdminCommands(program, context);
registerWorkforceCommands(program, context);
registerTrainingCommands(program, context);

program.parseAsync().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`Configuration error: ${err.message}`);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
