/* A JSON client for the plan's API tests: one token per demo role, and the audit rows a change wrote. */
import { systemActor } from '../../src/auth/actor.ts';
import type { Role } from '../../src/auth/roles.ts';
import { DEMO_USERS } from '../../src/features/demo/demo.ts';
import type { TestApp } from './app.ts';

export interface ApiReply {
  status: number;
  // The tests read whatever the operation returns.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export type ApiCall = (role: Role, method: string, path: string, body?: unknown) => Promise<ApiReply>;

/** A new API token for the demo user of this role. */
export async function tokenFor(app: TestApp, role: Role): Promise<string> {
  const email = DEMO_USERS.find((u) => u.role === role)?.email ?? '';
  const user = await app.db.kysely
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return (await app.services.tokens.createFor(systemActor(app.demoPartnershipId), user.id, `${role} test token`))
    .secret;
}

/** Mints a token for each role's demo user and returns a caller of /api/v1 as that role. */
export async function planApiClient(app: TestApp, roles: Role[]): Promise<ApiCall> {
  const tokens = new Map<Role, string>();
  for (const role of roles) tokens.set(role, await tokenFor(app, role));
  return async (role, method, path, body) => {
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens.get(role)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
}

/** The audit log's rows for one record, oldest first. */
export const auditRows = (app: TestApp, entityType: string, entityId: number | string) =>
  app.db.kysely
    .selectFrom('audit_events')
    .select(['action', 'summary', 'actor_label'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', String(entityId))
    .orderBy('id')
    .execute();

/** The fields a 422 names. */
export const fieldsOf = (reply: ApiReply): string[] =>
  reply.status === 422 ? (reply.body.errors as { field: string }[]).map((e) => e.field) : [];
