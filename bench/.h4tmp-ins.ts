import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import * as repo from '../src/features/workforce/returns-repository.ts';
const cpu = (c0: NodeJS.CpuUsage) => { const c = process.cpuUsage(c0); return Math.round((c.user + c.system) / 1000); };
const db = openDatabase({ engine: 'sqlite', url: '', sqliteFile: join(mkdtempSync(join(tmpdir(), 'h4i-')), 'x.sqlite') });
await migrateToLatest(db);
const rec = { worker_id: 'W1', service: 'education', job_role: 'teacher', job_role_other: null, workforce_group: 'core', employment_type: 'employee', contract_type: 'permanent', fte: 1, contracted_hours: 37, start_date: '2015-01-12', leaving_date: null, leaving_reason: null, birth_year: 1980, sex: 'female', gender_identity: null, ethnicity: 'white_british', disability: 'no', qualification_level: '3', apprentice: false, sickness_days: 2, safeguarding_level: '2', manager: false } as any;
const rows = Array.from({ length: 2000 }, (_, i) => ({ row: i, record: { ...rec, worker_id: `W${i}` } }));
for (let k = 0; k < 3; k++) {
  const c0 = process.cpuUsage();
  for (let b = 0; b < 50; b++) await db.kysely.transaction().execute((trx) => repo.insertStagedWorkers(trx, 'sqlite', 1, 1, '2026-09-30', rows));
  console.log('100k staged insert cpu', cpu(c0));
}
import { CompiledQuery } from 'kysely';
const cols = ['partnership_id','upload_id','row_number','census_date', ...repo.WORKER_COLUMNS];
for (const size of [100, 400, 1000]) {
  const text = `insert into staged_worker_records (${cols.join(',')}) values ${Array.from({ length: size }, () => `(${cols.map(() => '?').join(',')})`).join(',')}`;
  const c0 = process.cpuUsage();
  for (let b = 0; b < 100000 / size; b++) {
    await db.kysely.transaction().execute(async (trx) => {
      const params: unknown[] = [];
      for (let i = 0; i < size; i++) { const r = rows[i]!.record; params.push(1, 1, i, '2026-09-30', ...repo.WORKER_COLUMNS.map((c) => { const v = r[c]; return typeof v === 'boolean' ? (v ? 1 : 0) : v; })); }
      await trx.executeQuery(CompiledQuery.raw(text, params));
    });
  }
  console.log('values', size, cpu(c0));
}
