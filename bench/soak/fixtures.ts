/* What the load and the sweep need from the soak's database: partnerships, ids, API tokens and sessions. */
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { DEMO_USERS } from '../../src/features/demo/demo.ts';
import { createServices } from '../../src/services.ts';
import { TestClient } from '../../test/support/app.ts';
import type { ProbeContext } from './probe.ts';

export function openTargetDatabase(ctx: ProbeContext): Db {
  return openDatabase({
    engine: ctx.engine,
    url: ctx.databaseUrl ?? '',
    sqliteFile: ctx.sqliteFile ?? '',
    poolSize: 2,
  });
}

/** The current demo partnership (the app's users sign in to it) and the archived one before it. */
export async function demoPartnerships(db: Db): Promise<{ current: number; other: number }> {
  const rows = await db.kysely
    .selectFrom('partnerships')
    .select(['id', 'name'])
    .where('name', 'like', 'Demoshire%')
    .orderBy('id')
    .execute();
  const current = rows.find((r) => !r.name.includes('archived'));
  const other = rows.find((r) => r.name.includes('archived'));
  if (!current || !other) throw new Error('the soak needs two demo partnerships: run the demo twice');
  return { current: current.id, other: other.id };
}

/** A round of the partnership with the most responses: the results page's heaviest case. */
export async function busiestRound(db: Db, partnershipId: number): Promise<number> {
  const row = await db.kysely
    .selectFrom('assessment_responses')
    .select((eb) => ['round_id', eb.fn.countAll<number>().as('n')])
    .where('partnership_id', '=', partnershipId)
    .groupBy('round_id')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  return row.round_id;
}

/** Mints an API token for a demo user of the current partnership (its hash only is stored). */
export async function mintToken(db: Db, partnershipId: number, email: string): Promise<string> {
  const services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  const user = await db.kysely
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirstOrThrow();
  return (await services.tokens.createFor(systemActor(partnershipId, 'Soak'), user.id, `soak ${Date.now()}`)).secret;
}

export const demoEmail = (role: string): string => {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo user with role ${role}`);
  return user.email;
};

/** A signed-in client (cookies and the CSRF token of its last page). */
export async function signedIn(baseUrl: string, email: string): Promise<TestClient> {
  const client = new TestClient(baseUrl);
  await client.signIn(email);
  await client.get('/');
  return client;
}

export const cookieHeader = (client: TestClient): string =>
  [...(client as unknown as { cookies: Map<string, string> }).cookies].map(([k, v]) => `${k}=${v}`).join('; ');

/** One page of the load mix, as a signed-in user or an API client requests it. */
export interface MixPage {
  page: string;
  path: string;
  headers: Record<string, string>;
}

/** The load mix (docs/adr/0038): home, a round's results, the profile, the results API. */
export const mixPages = (round: number, cookie: string, token: string): MixPage[] => [
  { page: 'home', path: '/', headers: { cookie } },
  { page: 'results', path: `/assessment/rounds/${round}/results`, headers: { cookie } },
  { page: 'profile', path: '/workforce/profile', headers: { cookie } },
  {
    page: 'results API',
    path: `/api/v1/assessment/rounds/${round}/results`,
    headers: { authorization: `Bearer ${token}` },
  },
];
