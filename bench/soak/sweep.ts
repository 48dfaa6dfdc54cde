/*
 * The access-control sweep. Every signed-in route with an id in its path (read from the app's own
 * router), asked by each role of the current demo partnership about the other partnership's
 * records (GET, and POST with a valid CSRF token); then a partner data lead asking about the other
 * organisations of their own partnership, on the pages and the API. Any answer below 400 is a leak.
 */
import type { Db } from '../../src/db/database.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createServices } from '../../src/services.ts';
import { createApp } from '../../src/web/app.ts';
import type { TestClient } from '../../test/support/app.ts';
import { declaredRoutes } from '../../test/support/routes.ts';
import { demoEmail, demoPartnerships, mintToken, openTargetDatabase, signedIn } from './fixtures.ts';
import type { ProbeContext, ProbeResult } from './probe.ts';

const ROLES = ['partnership_admin', 'steering_member', 'data_lead', 'training_coordinator', 'viewer'];
const PER_ROUTE = 3;

// The table whose ids a path parameter takes, by the path segment in front of it.
const TABLES = {
  users: 'users',
  organisations: 'organisations',
  rounds: 'assessment_rounds',
  uploads: 'return_uploads',
  tokens: 'api_tokens',
  partnerships: 'partnerships',
  'focus-groups': 'assessment_responses',
  priorities: 'assessment_priorities',
} as const;

type Ids = Map<string, (number | string)[]>;

async function idsOf(db: Db, partnershipId: number): Promise<{ ids: Ids; returns: { org: number; date: string }[] }> {
  const ids: Ids = new Map();
  for (const [segment, table] of Object.entries(TABLES)) {
    const column = table === 'partnerships' ? 'id' : 'partnership_id';
    const rows = await db.kysely
      .selectFrom(table)
      .select('id')
      .where(column, '=', partnershipId)
      .orderBy('id')
      .limit(PER_ROUTE)
      .execute();
    ids.set(
      segment,
      rows.map((r) => r.id),
    );
  }
  const returns = await db.kysely
    .selectFrom('workforce_returns')
    .select(['organisation_id', 'census_date'])
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'current')
    .orderBy('id')
    .limit(PER_ROUTE)
    .execute();
  return { ids, returns: returns.map((r) => ({ org: r.organisation_id, date: r.census_date })) };
}

/** Up to PER_ROUTE concrete paths for a route pattern, or none when a parameter has no ids. */
function fill(pattern: string, ids: Ids, returns: { org: number; date: string }[]): string[] {
  const paths: string[] = [];
  for (let k = 0; k < PER_ROUTE; k++) {
    let complete = true;
    const segments = pattern.split('/');
    const filled = segments.map((segment, i) => {
      if (!segment.startsWith(':')) return segment;
      const pair = returns[k % Math.max(1, returns.length)];
      if (segment === ':censusDate' && pair) return pair.date;
      if (segment === ':organisationId' && pattern.includes(':censusDate') && pair) return String(pair.org);
      const list = ids.get(segments[i - 1] ?? '') ?? [];
      if (!list.length) complete = false;
      return String(list[k % Math.max(1, list.length)]);
    });
    if (complete) paths.push(filled.join('/'));
  }
  return [...new Set(paths)];
}

interface Tally {
  requests: number;
  leaks: string[];
  serverErrors: string[];
}

function record(tally: Tally, what: string, status: number): void {
  tally.requests++;
  if (status < 400) tally.leaks.push(`${what} → ${status}`);
  if (status >= 500) tally.serverErrors.push(`${what} → ${status}`);
}

async function crossPartnership(ctx: ProbeContext, db: Db, current: number, other: number, tally: Tally) {
  const config = loadConfig({ NODE_ENV: 'test' });
  const app = createApp({ config, db, services: createServices(db, config), logger: createLogger('silent') });
  const routes = declaredRoutes(app).filter((r) => r.path.includes(':') && !r.path.includes(':section'));
  const { ids, returns } = await idsOf(db, other);
  for (const role of ROLES) {
    const client: TestClient = await signedIn(ctx.baseUrl, demoEmail(role));
    for (const route of routes)
      for (const path of fill(route.path, ids, returns)) {
        const response = route.method === 'GET' ? await client.get(path) : await client.post(path);
        record(tally, `${role} ${route.method} ${path}`, response.status);
      }
  }
  const token = await mintToken(db, current, demoEmail('partnership_admin'));
  for (const round of ids.get('rounds') ?? []) {
    const response = await fetch(`${ctx.baseUrl}/api/v1/assessment/rounds/${round}/results`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await response.arrayBuffer();
    record(tally, `API GET other partnership's round ${round} results`, response.status);
  }
}

async function crossOrganisation(ctx: ProbeContext, db: Db, current: number, tally: Tally) {
  const email = demoEmail('data_lead');
  const own = await db.kysely
    .selectFrom('users')
    .select('organisation_id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const others = await db.kysely
    .selectFrom('workforce_returns')
    .select(['organisation_id', 'census_date'])
    .where('partnership_id', '=', current)
    .where('status', '=', 'current')
    .where('organisation_id', '!=', own.organisation_id ?? -1)
    .execute();
  const client = await signedIn(ctx.baseUrl, email);
  const token = await mintToken(db, current, email);
  for (const r of others) {
    const base = `/workforce/organisations/${r.organisation_id}/returns`;
    record(tally, `data lead GET ${base}`, (await client.get(base)).status);
    record(
      tally,
      `data lead GET ${base}/${r.census_date}/export.csv`,
      (await client.get(`${base}/${r.census_date}/export.csv`)).status,
    );
    const api = await fetch(`${ctx.baseUrl}/api/v1/organisations/${r.organisation_id}/returns/${r.census_date}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: 'worker_id\nX1\n',
    });
    await api.arrayBuffer();
    record(tally, `data lead API POST ${base}/${r.census_date}`, api.status);
  }
}

export async function sweepProbe(ctx: ProbeContext): Promise<ProbeResult> {
  const db = openTargetDatabase(ctx);
  const tally: Tally = { requests: 0, leaks: [], serverErrors: [] };
  try {
    const { current, other } = await demoPartnerships(db);
    await crossPartnership(ctx, db, current, other, tally);
    const crossPartnershipRequests = tally.requests;
    await crossOrganisation(ctx, db, current, tally);
    for (const leak of tally.leaks.slice(0, 10)) ctx.log(`LEAK ${leak}`);
    for (const error of tally.serverErrors.slice(0, 10)) ctx.log(`5xx ${error}`);
    return {
      'sweep cross-partnership requests': crossPartnershipRequests,
      'sweep cross-organisation requests': tally.requests - crossPartnershipRequests,
      'sweep leaks': tally.leaks.length,
      'sweep 5xx': tally.serverErrors.length,
    };
  } finally {
    await db.close();
  }
}
