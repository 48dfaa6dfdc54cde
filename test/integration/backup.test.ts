import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/db/database.ts';
import { createTestDatabase, ENGINES, postgresAdminUrl, type TestDatabase } from '../support/databases.ts';

/** Runs the real command line, as an operator would. */
function cli(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', 'src/main.ts', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const priya = (file: string): string => {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return String(
      (
        db.prepare("SELECT display_name FROM users WHERE email = 'steering@demoshire.example'").get() as {
          display_name: string;
        }
      ).display_name,
    );
  } finally {
    db.close();
  }
};

for (const engine of ENGINES) {
  describe(`backup and restore on ${engine}`, () => {
    let database: TestDatabase;
    let dir: string;
    before(async () => {
      database = await createTestDatabase(engine, { demo: true });
      dir = mkdtempSync(join(tmpdir(), 'ow-backup-'));
    });
    after(async () => {
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    if (engine === 'postgres') {
      it('points to pg_dump and pg_restore, and exits with code 2', () => {
        const env = { DATABASE_URL: postgresAdminUrl() };
        const dump = cli(['backup', join(dir, 'pg.dump')], env);
        assert.equal(dump.code, 2);
        assert.match(dump.err, /pg_dump --format=custom --file=".*pg\.dump" "\$DATABASE_URL"/);
        const restore = cli(['restore', join(dir, 'pg.dump')], env);
        assert.equal(restore.code, 2);
        assert.match(restore.err, /pg_restore .*--dbname="\$DATABASE_URL"/);
        assert.match(restore.err, /docs\/backup-and-restore\.md/);
      });
      return;
    }

    it('explains itself with --help', () => {
      const help = cli(['backup', '--help'], {});
      assert.equal(help.code, 0);
      assert.match(help.out, /Back up the SQLite database/);
      assert.match(help.out, /pg_dump/);
      assert.match(cli(['restore', '--help'], {}).out, /Stop One Workforce first/);
    });

    it('backs up while in use, and restores the data after a change', async () => {
      const env = { SQLITE_FILE: database.sqliteFile };
      const file = join(dir, 'nested', 'backup.sqlite');
      const made = cli(['backup', file], env);
      assert.equal(made.code, 0, made.err);
      assert.match(made.out, /Backed up .* to .*backup\.sqlite \(\d+ pages\)/);
      assert.equal(priya(file), 'Priya Shah');

      const again = cli(['backup', file], env);
      assert.equal(again.code, 1);
      assert.match(again.err, /already exists/);

      await database.db.kysely
        .updateTable('users')
        .set({ display_name: 'Changed After Backup' })
        .where('email', '=', 'steering@demoshire.example')
        .execute();
      await database.db.close();
      assert.equal(priya(database.sqliteFile), 'Changed After Backup');

      const restored = cli(['restore', file], env);
      assert.equal(restored.code, 0, restored.err);
      assert.match(restored.out, /Restored .* from .*backup\.sqlite/);
      assert.match(restored.out, /Kept a copy of the current database/);
      assert.equal(priya(database.sqliteFile), 'Priya Shah');
      const kept = readdirSync(join(database.sqliteFile, '..')).find((name) => name.includes('.before-restore-'));
      assert.ok(kept, 'the replaced database is kept');
      assert.equal(priya(join(database.sqliteFile, '..', kept)), 'Changed After Backup');

      database.db = openDatabase({ engine: 'sqlite', url: '', sqliteFile: database.sqliteFile });
      const user = await database.db.kysely
        .selectFrom('users')
        .select('display_name')
        .where('email', '=', 'steering@demoshire.example')
        .executeTakeFirstOrThrow();
      assert.equal(user.display_name, 'Priya Shah');
      await database.db.close();
    });

    it('refuses to restore a file that is not a One Workforce database', () => {
      const env = { SQLITE_FILE: database.sqliteFile };
      const text = join(dir, 'notes.txt');
      writeFileSync(text, 'not a database at all, just some words that go on for a while');
      const notSqlite = cli(['restore', text], env);
      assert.equal(notSqlite.code, 1);
      assert.match(notSqlite.err, /is not a SQLite database/);

      const other = join(dir, 'other.sqlite');
      const db = new DatabaseSync(other);
      db.exec('CREATE TABLE things (id INTEGER)');
      db.close();
      const foreign = cli(['restore', other], env);
      assert.equal(foreign.code, 1);
      assert.match(foreign.err, /not a One Workforce one/);

      const missing = cli(['restore', join(dir, 'nowhere.sqlite')], env);
      assert.equal(missing.code, 1);
      assert.match(missing.err, /There is no file at/);
      assert.ok(!existsSync(join(dir, 'nowhere.sqlite')));
      assert.equal(priya(database.sqliteFile), 'Priya Shah');
    });
  });
}
