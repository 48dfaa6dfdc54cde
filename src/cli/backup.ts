import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { backup, DatabaseSync } from 'node:sqlite';
import type { Command } from 'commander';
import { type Config, loadConfig } from '../config.ts';

/** Exit code when the database is PostgreSQL, whose own tools do this job. */
export const USE_POSTGRES_TOOLS = 2;

const MIGRATIONS_TABLE = 'kysely_migration';

class BackupError extends Error {}

function postgresInstructions(command: 'backup' | 'restore', file: string): void {
  const lines =
    command === 'backup'
      ? [
          'One Workforce is using PostgreSQL: back it up with pg_dump, using the same DATABASE_URL:',
          `  pg_dump --format=custom --file="${file}" "$DATABASE_URL"`,
        ]
      : [
          'One Workforce is using PostgreSQL: restore it with pg_restore, using the same DATABASE_URL. Stop One Workforce first, then:',
          `  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" "${file}"`,
        ];
  console.error([...lines, 'See docs/backup-and-restore.md.'].join('\n'));
  process.exitCode = USE_POSTGRES_TOOLS;
}

/** Opens a file read-only and checks it is a sound SQLite database holding One Workforce's schema. */
function checkBackup(file: string): { migrations: string[] } {
  if (!existsSync(file)) throw new BackupError(`There is no file at ${file}.`);
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    const check = db.prepare('PRAGMA quick_check').get() as { quick_check?: string } | undefined;
    if (check?.quick_check !== 'ok')
      throw new BackupError(`${file} is damaged (SQLite's check said: ${check?.quick_check ?? 'nothing'}).`);
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE);
    if (!table)
      throw new BackupError(
        `${file} is a SQLite database, but not a One Workforce one: it has no ${MIGRATIONS_TABLE} table.`,
      );
    const rows = db.prepare(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY name`).all() as { name: string }[];
    return { migrations: rows.map((r) => r.name) };
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(
      `${file} is not a SQLite database, or cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    db?.close();
  }
}

/** Copies `source` to `target` with SQLite's online backup, which is safe while the service runs. */
async function copyDatabase(source: string, target: string): Promise<number> {
  const db = new DatabaseSync(source, { readOnly: true });
  try {
    return await backup(db, target);
  } finally {
    db.close();
  }
}

export async function backupSqlite(config: Config, rawTarget: string): Promise<void> {
  const source = config.database.sqliteFile;
  const target = resolve(rawTarget);
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source}. Check SQLITE_FILE.`);
  if (existsSync(target))
    throw new BackupError(`${target} already exists. Give a new file name, so no backup is ever overwritten.`);
  checkBackup(source);
  mkdirSync(dirname(target), { recursive: true });
  const pages = await copyDatabase(source, target);
  console.log(`Backed up ${source} to ${target} (${pages} pages).`);
}

export async function restoreSqlite(config: Config, rawBackup: string): Promise<void> {
  const file = resolve(rawBackup);
  const target = config.database.sqliteFile;
  if (file === target) throw new BackupError('That is the database itself. Give the backup file to restore from.');
  const { migrations } = checkBackup(file);
  if (existsSync(target)) {
    const keep = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await copyDatabase(target, keep);
    console.log(`Kept a copy of the current database at ${keep}.`);
  }
  mkdirSync(dirname(target), { recursive: true });
  await copyDatabase(file, target);
  console.log(`Restored ${target} from ${file} (schema: ${migrations.at(-1) ?? 'none'}).`);
  console.log('Start One Workforce again: it brings an older backup’s schema up to date.');
}

async function run(command: 'backup' | 'restore', file: string): Promise<void> {
  const config = loadConfig();
  if (config.database.engine === 'postgres') return postgresInstructions(command, file);
  try {
    await (command === 'backup' ? backupSqlite(config, file) : restoreSqlite(config, file));
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    console.error(err.message);
    process.exitCode = 1;
  }
}

/** backup <file> and restore <file> for the SQLite database; PostgreSQL users are pointed to pg_dump and pg_restore. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'the new backup file to write; it must not exist yet')
    .description('Back up the SQLite database to a file, safely while One Workforce is running')
    .addHelpText(
      'after',
      [
        '',
        'The database is the SQLITE_FILE (default data/one-workforce.sqlite). Keep backups somewhere other than this server.',
        'With PostgreSQL (DATABASE_URL), this prints how to use pg_dump instead and exits with code 2.',
        '',
        'Example:',
        '  npm run cli -- backup backups/one-workforce-2026-01-31.sqlite',
      ].join('\n'),
    )
    .action((file: string) => run('backup', file));

  program
    .command('restore')
    .argument('<file>', 'a backup made by the backup command')
    .description('Replace the SQLite database with a backup. Stop One Workforce first.')
    .addHelpText(
      'after',
      [
        '',
        'The backup is checked first: it must be a sound SQLite database with One Workforce’s schema.',
        'The current database is kept beside it as <SQLITE_FILE>.before-restore-<time>, in case you need it back.',
        'With PostgreSQL (DATABASE_URL), this prints how to use pg_restore instead and exits with code 2.',
        '',
        'Example:',
        '  npm run cli -- restore backups/one-workforce-2026-01-31.sqlite',
      ].join('\n'),
    )
    .action((file: string) => run('restore', file));
}
