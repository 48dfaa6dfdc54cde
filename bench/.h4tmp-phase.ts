import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemActor } from '../src/features/accounts/actor.ts';
import { createServices } from '../src/services.ts';
const cpu = (c0: NodeJS.CpuUsage) => { const c = process.cpuUsage(c0); return Math.round((c.user + c.system) / 1000); };
const dir = mkdtempSync(join(tmpdir(), 'h4p-'));
const db = openDatabase({ engine: 'sqlite', url: '', sqliteFile: join(dir, 'x.sqlite') });
await migrateToLatest(db);
const at = new Date().toISOString();
const p = await db.kysely.insertInto('partnerships').values({ name: 'B', local_authority_code: null, created_at: at }).returning('id').executeTakeFirstOrThrow();
const o = await db.kysely.insertInto('organisations').values({ partnership_id: p.id, name: 'O', type: 'local_authority', sector: 'statutory', services: '[]', created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
const r = createServices(db, loadConfig({ NODE_ENV: 'test' })).workforceReturns;
const actor = systemActor(p.id);
for (let i = 0; i < 2; i++) {
let c0 = process.cpuUsage();
const s = await r.stageFile(actor, { organisationId: o.id, censusDate: '2026-09-30', path: process.argv[2]!, fileName: 'x.csv', source: 'cli' });
console.log('stage cpu', cpu(c0));
c0 = process.cpuUsage();
await r.commit(actor, s.id);
console.log('commit cpu', cpu(c0));
}
