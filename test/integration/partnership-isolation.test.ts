import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { ensureDefaultFramework } from '../../src/features/assessment/repository.ts';
import { loadPlanDemo } from '../../src/features/plan/demo.ts';
import { loadFundingDemo } from '../../src/features/plan/demo-funding.ts';
import { loadIndicatorDemo } from '../../src/features/plan/demo-indicators.ts';
import { loadRiskDemo } from '../../src/features/plan/demo-risks.ts';
import { loadGovernanceDemo } from '../../src/features/plan/demo-governance.ts';
import { loadGlossaryDemo } from '../../src/features/plan/demo-glossary.ts';
import { loadStrategyDemo } from '../../src/features/strategy/demo.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { nowIso } from '../../src/lib/time.ts';
import { createApp } from '../../src/web/app.ts';
import { planApiOperations } from '../../src/api/plan-operations.ts';
import { quarterEnds } from '../../src/features/plan/indicator-rules.ts';
import { todayInLondon } from '../../src/lib/dates.ts';
import { tokenFor } from '../support/plan-api.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { declaredRoutes, type DeclaredRoute } from '../support/routes.ts';

const SECRET_NAME = 'Otherton Secret Services';

interface Other {
  partnershipId: number;
  organisationId: number;
  userId: number;
  tokenId: number;
  roundId: number;
  uploadId: number;
  training: {
    courseId: number;
    sessionId: number;
    bookingId: number;
    requirementId: number;
    importId: number;
    chargeId: number;
    practitionerImportId: number;
  };
  /** The first id of each plan record kind in the other partnership, by its path segment. */
  plan: Record<string, number>;
}

/** A course, a session and a booking in the other partnership, each with an id the demo also uses. */
async function otherTraining(app: TestApp, partnershipId: number, organisationId: number) {
  const kysely = app.db.kysely;
  const at = nowIso();
  const course = await kysely
    .insertInto('training_courses')
    .values({
      partnership_id: partnershipId,
      title: `${SECRET_NAME} course`,
      description: SECRET_NAME,
      audience: '[]',
      level: 'level_1',
      common_core: '[]',
      duration_minutes: 60,
      delivery: 'elearning',
      prerequisites: '',
      validity_years: null,
      cost_pence: 0,
      charging_policy: '',
      themes: '[]',
      approval: 'none',
      status: 'active',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const session = await kysely
    .insertInto('training_sessions')
    .values({
      partnership_id: partnershipId,
      course_id: course.id,
      venue: SECRET_NAME,
      access_info: '',
      online_link: '',
      trainers: '',
      capacity: 10,
      minimum: 0,
      booking_opens_on: '2026-01-01',
      booking_closes_on: '2099-12-31',
      cancellation_cutoff_days: 0,
      offer_hours: 48,
      auto_promote: 1,
      starts_at: '2099-01-01T09:00:00.000Z',
      status: 'scheduled',
      cancel_reason: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const person = await kysely
    .insertInto('training_practitioners')
    .values({
      partnership_id: partnershipId,
      user_id: null,
      organisation_id: organisationId,
      name: 'Otherton Person',
      email: 'learner@otherton.example',
      job_role: 'childrens_social_worker',
      line_manager_email: 'boss@otherton.example',
      worker_id: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const booking = await kysely
    .insertInto('training_bookings')
    .values({
      partnership_id: partnershipId,
      session_id: session.id,
      practitioner_id: person.id,
      organisation_id: organisationId,
      status: 'booked',
      live: 1,
      approval_token_hash: null,
      approval_expires_at: null,
      offer_expires_at: null,
      calendar_sequence: 0,
      booked_by_user_id: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const requirement = await kysely
    .insertInto('training_requirements')
    .values({
      partnership_id: partnershipId,
      job_role: 'teacher',
      level: 'level_2',
      minutes: 180,
      period_months: 36,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const staged = await kysely
    .insertInto('training_record_imports')
    .values({
      partnership_id: partnershipId,
      file_name: 'other.csv',
      file_hash: 'c'.repeat(64),
      rows_json: '[]',
      row_count: 0,
      created_by: null,
      created_at: at,
      committed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const practitionerImport = await kysely
    .insertInto('training_imports')
    .values({
      partnership_id: partnershipId,
      kind: 'practitioners',
      session_id: null,
      file_name: 'otherton.csv',
      rows_json: JSON.stringify([{ name: 'Otherton Person', email: 'otherton.person@otherton.example' }]),
      created_by: null,
      created_at: at,
      committed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const charge = await kysely
    .insertInto('training_charges')
    .values({
      partnership_id: partnershipId,
      booking_id: booking.id,
      organisation_id: organisationId,
      kind: 'no_show',
      amount_pence: 5000,
      incurred_on: '2026-10-01',
      raised_at: at,
      status: 'raised',
      resolved_at: null,
      resolved_by: '',
      reason: '',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    courseId: course.id,
    sessionId: session.id,
    bookingId: booking.id,
    requirementId: requirement.id,
    importId: staged.id,
    chargeId: charge.id,
    practitionerImportId: practitionerImport.id,
  };
}

async function createOtherPartnership(app: TestApp): Promise<Other> {
  const actor = systemActor(app.demoPartnershipId);
  const partnership = await app.services.partnerships.create(actor, { name: "Otherton Children's Partnership" });
  const at = nowIso();
  const kysely = app.db.kysely;
  const org = await kysely
    .insertInto('organisations')
    .values({
      partnership_id: partnership.id,
      name: SECRET_NAME,
      type: 'other',
      sector: 'private',
      services: '["health"]',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await kysely
    .insertInto('users')
    .values({
      partnership_id: partnership.id,
      email: 'someone@otherton.example',
      display_name: 'Otherton Person',
      role: 'viewer',
      organisation_id: org.id,
      password_hash: null,
      oidc_subject: null,
      status: 'active',
      created_at: at,
      updated_at: at,
      last_sign_in_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = await kysely
    .insertInto('api_tokens')
    .values({
      partnership_id: partnership.id,
      user_id: user.id,
      name: 'Otherton token',
      token_hash: 'x'.repeat(64),
      token_prefix: 'ow_xxxxxx',
      created_at: at,
      last_used_at: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const frameworkId = await ensureDefaultFramework(kysely, partnership.id);
  const round = await kysely
    .insertInto('assessment_rounds')
    .values({
      partnership_id: partnership.id,
      framework_id: frameworkId,
      name: `${SECRET_NAME} baseline`,
      kind: 'live',
      status: 'open',
      opens_on: '2026-01-01',
      closes_on: '2099-12-31',
      audience_json: '{}',
      focus_group_counting: 'one',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const upload = await kysely
    .insertInto('return_uploads')
    .values({
      partnership_id: partnership.id,
      organisation_id: org.id,
      census_date: '2026-09-30',
      uploaded_by: user.id,
      uploaded_by_label: 'Otherton Person',
      source: 'upload',
      file_name: `${SECRET_NAME}.csv`,
      file_hash: 'a'.repeat(64),
      status: 'valid',
      format: 'standard',
      columns_json: '{}',
      worker_count: 1,
      vacancy_count: 0,
      error_count: 0,
      warning_count: 0,
      return_id: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    partnershipId: partnership.id,
    organisationId: org.id,
    userId: user.id,
    tokenId: token.id,
    roundId: round.id,
    uploadId: upload.id,
    training: await otherTraining(app, partnership.id, org.id),
    plan: await otherPlan(app, partnership.id, user.id),
  };
}

const PLAN_TABLES = {
  actions: 'plan_actions',
  risks: 'plan_risks',
  indicators: 'plan_indicators',
  priorities: 'plan_priorities',
  objectives: 'plan_objectives',
  streams: 'plan_funding_streams',
  groups: 'gov_groups',
  meetings: 'gov_meetings',
  arising: 'gov_actions_arising',
  glossary: 'plan_glossary',
  strategies: 'strategies',
  versions: 'strategy_versions',
  promotions: 'assessment_priorities',
} as const;

/** The other partnership's own strategy and plan (the demo's), and the first id of each kind. */
async function otherPlan(app: TestApp, partnershipId: number, leadUserId: number): Promise<Record<string, number>> {
  const db = app.db.kysely;
  await loadPlanDemo(db, partnershipId, leadUserId);
  await loadRiskDemo(db, partnershipId);
  await loadIndicatorDemo(db, partnershipId);
  await loadFundingDemo(db, partnershipId);
  await loadGovernanceDemo(db, partnershipId);
  await loadGlossaryDemo(db, partnershipId);
  await loadStrategyDemo(db, partnershipId);
  const round = await db
    .selectFrom('assessment_rounds')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('assessment_priorities')
    .values({
      partnership_id: partnershipId,
      round_id: round.id,
      theme: 4,
      stage: 2,
      note: 'Theirs',
      created_by: null,
      created_at: '2026-12-01T00:00:00Z',
    })
    .execute();
  const ids: Record<string, number> = {};
  for (const [segment, table] of Object.entries(PLAN_TABLES)) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.min<number>('id').as('id'))
      .where('partnership_id', '=', partnershipId)
      .executeTakeFirstOrThrow();
    assert.ok(row.id, `the other partnership has ${table}`);
    ids[segment] = Number(row.id);
  }
  return ids;
}

/** A body each changing plan operation accepts, so that only the other partnership's id can refuse it. */
const API_BODIES: Record<string, unknown> = {
  createPlanObjective: { what: 'x', measure: 'x', target: 'x', dueDate: '2027-03-31', owner: 'x' },
  addPlanActionUpdate: { progress: 50, narrative: 'x' },
  overridePlanActionRag: { rag: null },
  linkPlanRiskAction: { actionId: 1 },
  saveStrategySection: { markdown: 'x' },
  approveStrategyVersion: { groupId: 1, approvedOn: '2026-01-01' },
  setPlanIndicatorTarget: { target: 1 },
  recordPlanIndicatorValue: { value: 1 },
  addPlanLedgerEntry: { kind: 'contribution', amountPence: 100, onDate: '2026-04-01' },
  addGovernanceMember: { name: 'x', organisation: 'x', role: 'x' },
  addGovernanceMeeting: { heldOn: '2026-04-01', decisions: ['x'] },
  addGovernanceActionArising: { what: 'x', owner: 'x', organisation: 'x', dueOn: '2026-04-01' },
  addGovernanceActionArisingToPlan: { priorityId: 1 },
};

function pathFor(route: DeclaredRoute, other: Other): string {
  return route.path.replace(/:(\w+)/g, (_m, name: string) => {
    if (/org/i.test(name) || route.path.includes('/organisations/')) return String(other.organisationId);
    if (route.path.includes('/users/')) return String(other.userId);
    if (route.path.includes('/tokens/')) return String(other.tokenId);
    if (route.path.includes('/partnerships/')) return String(other.partnershipId);
    if (route.path.includes('/assessment/rounds/')) return String(other.roundId);
    if (route.path.includes('/workforce/uploads/')) return String(other.uploadId);
    if (route.path.startsWith('/training/catalogue/')) return String(other.partnershipId);
    if (route.path.startsWith('/training/practitioners/import/')) return String(other.training.practitionerImportId);
    if (route.path.startsWith('/training/courses/')) return String(other.training.courseId);
    if (route.path.startsWith('/training/sessions/')) return String(other.training.sessionId);
    if (route.path.startsWith('/training/bookings/')) return String(other.training.bookingId);
    if (route.path.startsWith('/training/compliance/requirements/')) return String(other.training.requirementId);
    if (route.path.startsWith('/training/compliance/imports/')) return String(other.training.importId);
    if (route.path.startsWith('/training/charges/')) return String(other.training.chargeId);
    const plan = /^\/plan\/(?:funding\/)?(\w+)\//.exec(route.path)?.[1];
    if (plan && other.plan[plan] !== undefined) return String(other.plan[plan]);
    return String(other.userId);
  });
}

for (const engine of ENGINES) {
  describe(`one partnership cannot reach another's records on ${engine}`, () => {
    let app: TestApp;
    let other: Other;
    let routes: DeclaredRoute[];
    before(async () => {
      app = await startTestApp(engine);
      other = await createOtherPartnership(app);
      routes = declaredRoutes(
        createApp({ config: app.config, db: app.db, services: app.services, logger: createLogger('silent') }),
      ).filter((r) => r.path.includes(':') && r.capability !== 'partnerships:manage');
    });
    after(async () => {
      await app?.close();
    });

    it('answers 404 or 403 for every route given another partnership’s ids, and changes nothing', async () => {
      assert.ok(routes.length >= 3, `only ${routes.length} routes take an id`);
      const before = JSON.stringify(
        await app.db.kysely
          .selectFrom('organisations')
          .selectAll()
          .where('partnership_id', '=', other.partnershipId)
          .execute(),
      );
      const client = new TestClient(app.url);
      await client.signIn('admin@demoshire.example');
      const leaks: string[] = [];
      for (const route of routes) {
        if (route.method !== 'GET') await client.get('/');
        const path = pathFor(route, other);
        const response =
          route.method === 'GET'
            ? await client.get(path)
            : await client.post(path, { name: 'Hijacked', role: 'viewer', email: 'x@y.example' });
        if (![403, 404].includes(response.status)) leaks.push(`${route.method} ${path} → ${response.status}`);
        if (response.text.includes(SECRET_NAME) || response.text.includes('Otherton Person'))
          leaks.push(`${route.method} ${path} shows the other partnership's data`);
      }
      assert.deepEqual(leaks, []);
      const after = JSON.stringify(
        await app.db.kysely
          .selectFrom('organisations')
          .selectAll()
          .where('partnership_id', '=', other.partnershipId)
          .execute(),
      );
      assert.equal(after, before);
    });

    it('never lists another partnership’s organisations, users or audit entries', async () => {
      const client = new TestClient(app.url);
      await client.signIn('admin@demoshire.example');
      for (const path of ['/admin/organisations', '/admin/users', '/admin/audit', '/']) {
        const response = await client.get(path);
        assert.equal(response.status, 200, path);
        assert.match(response.text, /Demoshire/, path);
        assert.doesNotMatch(response.text, /Otherton/, path);
      }
    });

    it('reaches none of another partnership’s plan records through the API, and changes none', async () => {
      const admin = await tokenFor(app, 'partnership_admin');
      const plan = other.plan as Record<string, number>;
      const segment: Record<string, string> = { streams: 'streams', 'actions-arising': 'arising' };
      const counts = async () =>
        Promise.all(
          Object.values(PLAN_TABLES).map(async (table) =>
            Number(
              (
                await app.db.kysely
                  .selectFrom(table)
                  .select((eb) => eb.fn.countAll().as('n'))
                  .where('partnership_id', '=', other.partnershipId)
                  .executeTakeFirstOrThrow()
              ).n,
            ),
          ),
        );
      const before = await counts();
      const leaks: string[] = [];
      for (const op of planApiOperations(app.services).filter((o) => o.path.includes(':'))) {
        const kind = /^\/plan\/(?:funding\/)?([\w-]+)\//.exec(op.path)?.[1] ?? '';
        const path = op.path
          .replace(':id', String(plan[segment[kind] ?? kind]))
          .replace(':actionId', String(plan.actions))
          .replace(':year', '2026')
          .replace(':section', 'vision')
          .replace(':quarterEnd', quarterEnds(todayInLondon(), 1)[0] ?? '');
        const response = await fetch(`${app.url}/api/v1${path}`, {
          method: op.method.toUpperCase(),
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body:
            op.method === 'get' || op.method === 'delete'
              ? undefined
              : JSON.stringify(API_BODIES[op.operationId] ?? {}),
        });
        const text = await response.text();
        if (response.status !== 404) leaks.push(`${op.method} ${path} → ${response.status} ${text.slice(0, 120)}`);
        if (text.includes(SECRET_NAME)) leaks.push(`${op.method} ${path} shows the other partnership's data`);
      }
      assert.deepEqual(leaks, []);
      assert.deepEqual(await counts(), before);
    });

    it('scopes API tokens to their user’s partnership', async () => {
      const actor = systemActor(app.demoPartnershipId);
      const admin = await app.db.kysely
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'admin@demoshire.example')
        .executeTakeFirstOrThrow();
      const { secret } = await app.services.tokens.createFor(actor, admin.id, 'isolation test');
      const me = await fetch(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(((await me.json()) as { partnershipId: number }).partnershipId, app.demoPartnershipId);
      await assert.rejects(app.services.tokens.createFor(actor, other.userId, 'cross-partnership'), /not found/);
    });
  });
}
