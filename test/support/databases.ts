import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseEngine } from '../../src/config.ts';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { DEMO_PARTNERSHIP, loadDemo } from '../../src/features/demo/demo.ts';
import { useCheapPasswordHashingInTests } from '../../src/features/accounts/passwords.ts';
import { timed } from './phase-timer.ts';

/**
 * Every integration test runs on both engines. PostgreSQL comes from DATABASE_URL, or from the
 * server that test/support/run-tests.ts starts (TEST_POSTGRES_URL). Each test database is a copy
 * of a template migrated once per run (with or without the demo partnership): a file copy on
 * SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL. run-tests.ts builds the templates before the
 * test files start and names them in TEST_TEMPLATES; a file run on its own builds its own.
 */
export const ENGINES: DatabaseEngine[] = ['sqlite', 'postgres'];

// Passwords hash at argon2id's smallest cost here; test/unit/passwords.unit.test.ts keeps production's.
useCheapPasswordHashingInTests();

export function postgresAdminUrl(): string {
  const url = process.env.TEST_POSTGRES_URL ?? process.env.DATABASE_URL;
  if (!url)
    throw new Error('No PostgreSQL for the tests: run them with `npm test`, which starts one, or set DATABASE_URL.');
  return url;
}

export interface TestDatabase {
  db: Db;
  url: string;
  sqliteFile: string;
  /** The demo partnership's id, when the database was made with `{ demo: true }`. */
  demoPartnershipId: number;
  drop(): Promise<void>;
}

export type TemplateKind = 'empty' | 'demo';
/** Where each template is: a file for SQLite, a database name for PostgreSQL. */
export type Templates = Record<`${DatabaseEngine}-${TemplateKind}`, string>;

const SAFE_NAME = /^[a-z0-9_]+$/;

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

function postgresUrl(name: string): string {
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Builds the four templates in `dir` and on the PostgreSQL server; run once per test run. */
export async function buildTemplates(dir: string): Promise<Templates> {
  const tag = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const templates: Templates = {
    'sqlite-empty': join(dir, 'template-empty.sqlite'),
    'sqlite-demo': join(dir, 'template-demo.sqlite'),
    'postgres-empty': `ow_template_empty_${tag}`,
    'postgres-demo': `ow_template_demo_${tag}`,
  };
  // The demo templates start as copies of the migrated empty ones; PostgreSQL's work overlaps SQLite's.
  const postgres = (async () => {
    await withAdmin((admin) => admin.query(`create database ${templates['postgres-empty']}`));
    await withDatabase(postgresOptions(templates['postgres-empty']), (db) => migrateToLatest(db));
    await withAdmin((admin) =>
      admin.query(`create database ${templates['postgres-demo']} template ${templates['postgres-empty']}`),
    );
    await withDatabase(postgresOptions(templates['postgres-demo']), (db) => loadDemo(db.kysely));
  })();
  const sqlite = (async () => {
    await withDatabase(sqliteOptions(templates['sqlite-empty']), (db) => migrateToLatest(db));
    copyFileSync(templates['sqlite-empty'], templates['sqlite-demo']);
    await withDatabase(sqliteOptions(templates['sqlite-demo']), (db) => loadDemo(db.kysely));
  })();
  await Promise.all([postgres, sqlite]);
  return templates;
}

const sqliteOptions = (sqliteFile: string) => ({ engine: 'sqlite' as const, url: '', sqliteFile });
const postgresOptions = (name: string) => ({
  engine: 'postgres' as const,
  url: postgresUrl(name),
  sqliteFile: '',
  poolSize: 2,
});

async function withDatabase(options: Parameters<typeof openDatabase>[0], fn: (db: Db) => Promise<unknown>) {
  const db = openDatabase(options);
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

/** Drops the PostgreSQL templates (the SQLite ones go with their directory). */
export async function dropTemplates(templates: Templates): Promise<void> {
  await withAdmin(async (admin) => {
    for (const kind of ['empty', 'demo'] as const)
      await admin.query(`drop database if exists ${templates[`postgres-${kind}`]} with (force)`);
  });
}

let ownTemplates: Promise<Templates> | undefined;

function templates(): Promise<Templates> {
  if (process.env.TEST_TEMPLATES) return Promise.resolve(JSON.parse(process.env.TEST_TEMPLATES) as Templates);
  ownTemplates ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-templates-'));
    const built = await buildTemplates(dir);
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    return built;
  })();
  return ownTemplates;
}

async function demoPartnershipId(db: Db, kind: TemplateKind): Promise<number> {
  if (kind === 'empty') return 0;
  const row = await db.kysely
    .selectFrom('partnerships')
    .select('id')
    .where('name', '=', DEMO_PARTNERSHIP)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A new migrated database on the given engine: empty, or holding the demo partnership. */
export function createTestDatabase(engine: DatabaseEngine, options: { demo?: boolean } = {}): Promise<TestDatabase> {
  return timed(`database clone (${engine})`, () => cloneTemplate(engine, options));
}

async function cloneTemplate(engine: DatabaseEngine, options: { demo?: boolean }): Promise<TestDatabase> {
  const kind: TemplateKind = options.demo ? 'demo' : 'empty';
  const template = (await templates())[`${engine}-${kind}`];
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ow-test-'));
    const sqliteFile = join(dir, 'test.sqlite');
    copyFileSync(template, sqliteFile);
    const db = openDatabase({ engine, url: '', sqliteFile });
    return {
      db,
      url: '',
      sqliteFile,
      demoPartnershipId: await demoPartnershipId(db, kind),
      drop: async () => {
        await db.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `ow_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  if (!SAFE_NAME.test(template)) throw new Error(`Unexpected template database name ${template}`);
  await withAdmin((admin) => cloneWithRetry(admin, name, template));
  const url = postgresUrl(name);
  const db = openDatabase({ engine, url, sqliteFile: '', poolSize: 5 });
  return {
    db,
    url,
    sqliteFile: '',
    demoPartnershipId: await demoPartnershipId(db, kind),
    drop: async () => {
      await db.close().catch(() => {});
      await withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

// Two files cloning the same template at the same moment can meet "being accessed by other
// users" (SQLSTATE 55006) while PostgreSQL copies it; the copy is short, so wait and try again.
async function cloneWithRetry(admin: pg.Client, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await admin.query(`create database ${name} template ${template}`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt >= 50) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
