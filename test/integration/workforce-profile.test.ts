import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { DEMO_USERS } from '../../src/features/demo/demo.ts';
import type { Actor } from '../../src/auth/actor.ts';
import type { Role } from '../../src/auth/roles.ts';
import { percent } from '../../src/features/workforce/profile/measures.ts';
import { profileToJson } from '../../src/features/workforce/profile/profile-api.ts';
import { rebuildProfileCells } from '../../src/features/workforce/profile/profile-cells.ts';
import { createProfileService } from '../../src/features/workforce/profile/profile-service.ts';
import { nowIso } from '../../src/lib/time.ts';
import { ENGINES, startTestApp, type TestApp } from '../support/app.ts';

const D = '2025-09-30';
const EARLIER = '2024-09-30';

interface Worker {
  org: number;
  service: string;
  job_role: string;
  employment_type: string;
  fte: number;
  birth_year: number;
  sex: string;
  start_date?: string;
  leaving_date?: string | null;
  leaving_reason?: string | null;
  sickness_days?: number;
  qualification_level?: string;
  manager?: number;
  ethnicity?: string;
}

/** A row's % of the table's total, from the protected figures. */
const percentOrNull = (count: unknown, total: unknown) =>
  typeof count === 'number' && typeof total === 'number' ? percent(count, total) : null;
const many = (n: number, w: Worker): Worker[] => Array.from({ length: n }, () => ({ ...w }));

/**
 * The hand-made partnership at 2025-09-30 (A = county council, B = the data lead's nursery, C = NHS trust):
 * A: 20 children's social workers in post (FTE 1, born 1980, 2 days' sickness each, 5 of them managers, 4 started
 *    in the year), 5 who left in the year (FTE 1), 6 agency (FTE 1, born 1990); 5 vacancy FTE.
 * B: 7 early years practitioners in post (FTE 0.5, born 2003; 2 at level 2, 5 at level 3), 2 volunteers (FTE 0.2, born 1960).
 * C: 10 health visitors in post (FTE 1, born 1968, male).
 */
function handMade(A: number, B: number, C: number): Worker[] {
  const csw = {
    org: A,
    service: 'social_care',
    job_role: 'childrens_social_worker',
    fte: 1,
    birth_year: 1980,
    sex: 'female',
    ethnicity: 'white_british',
    qualification_level: '6',
  };
  return [
    ...many(11, { ...csw, employment_type: 'employee', sickness_days: 2 }),
    ...many(4, { ...csw, employment_type: 'employee', sickness_days: 2, start_date: '2025-01-15' }),
    ...many(5, { ...csw, employment_type: 'employee', sickness_days: 2, manager: 1, ethnicity: 'black_african' }),
    ...many(5, { ...csw, employment_type: 'employee', leaving_date: '2025-03-01', leaving_reason: 'resigned' }),
    ...many(6, { ...csw, employment_type: 'agency', birth_year: 1990 }),
    ...many(2, {
      org: B,
      service: 'early_years',
      job_role: 'early_years_practitioner',
      employment_type: 'employee',
      fte: 0.5,
      birth_year: 2003,
      sex: 'female',
      qualification_level: '2',
    }),
    ...many(5, {
      org: B,
      service: 'early_years',
      job_role: 'early_years_practitioner',
      employment_type: 'employee',
      fte: 0.5,
      birth_year: 2003,
      sex: 'female',
      qualification_level: '3',
    }),
    ...many(2, {
      org: B,
      service: 'early_years',
      job_role: 'play_worker',
      employment_type: 'volunteer',
      fte: 0.2,
      birth_year: 1960,
      sex: 'female',
    }),
    ...many(10, {
      org: C,
      service: 'health',
      job_role: 'health_visitor',
      employment_type: 'employee',
      fte: 1,
      birth_year: 1968,
      sex: 'male',
      ethnicity: 'asian_indian',
    }),
  ];
}

const COUNT_MEASURES = [
  'headcount',
  'workforceHeadcount',
  'leaversHeadcount',
  'startersHeadcount',
  'agencyHeadcount',
  'belowMinimumQualification',
  'apprentices',
  'managers',
];

/** Every count a response shows: count-format table cells and the count measures. */
function shownCounts(body: Record<string, unknown>): Array<[string, number]> {
  const found: Array<[string, number]> = [];
  const visitTable = (t: {
    id: string;
    columns: Array<{ key: string; format: string }>;
    rows: Array<{ key: string; values: Record<string, unknown> }>;
    totals: { values: Record<string, unknown> } | null;
  }) => {
    const countKeys = t.columns.filter((c) => c.format === 'count').map((c) => c.key);
    for (const row of [...t.rows, ...(t.totals ? [t.totals] : [])]) {
      for (const key of countKeys)
        if (typeof row.values[key] === 'number') found.push([`${t.id}.${key}`, row.values[key] as number]);
    }
  };
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (Array.isArray(o.columns) && Array.isArray(o.rows)) {
        visitTable(o as never);
        return;
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(body.tables);
  walk(body.comparison);
  walk(body.projections);
  for (const key of COUNT_MEASURES) {
    const v = (body.measures as Record<string, unknown>)[key];
    if (typeof v === 'number') found.push([key, v]);
  }
  if (typeof body.headcount === 'number') found.push(['headcount', body.headcount]);
  if (typeof body.workforceHeadcount === 'number') found.push(['workforceHeadcount', body.workforceHeadcount]);
  return found;
}

for (const engine of ENGINES) {
  describe(`the workforce profile on ${engine}`, () => {
    let app: TestApp;
    const tokens = new Map<string, string>();
    let A = 0;
    let B = 0;
    let C = 0;

    /*
     * The measures' arithmetic is checked without disclosure control (the service's test-only switch);
     * what the API shows, with it, is checked below and in disclosure-attack-*.test.ts.
     */
    const exact = async (role: string, query = '') => {
      const open = createProfileService(app.db.kysely, { suppressionThreshold: 5, profileCache: false }, { on: false });
      const organisationId = role === 'data_lead' ? B : null;
      const actor: Actor = {
        userId: null,
        partnershipId: app.demoPartnershipId,
        role: role as Role,
        organisationId,
        label: role,
        ip: null,
      };
      const filters = Object.fromEntries(new URLSearchParams(query));
      const parsed = {
        ...filters,
        ...(filters.organisationId ? { organisationId: Number(filters.organisationId) } : {}),
        ...(filters.managersOnly ? { managersOnly: filters.managersOnly === 'true' } : {}),
      };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, checked by the assertions
      return { status: 200, body: profileToJson(await open.getProfile(actor, parsed)) as Record<string, any> };
    };

    const api = async (role: string, query = '') => {
      const response = await fetch(`${app.url}/api/v1/profile${query}`, {
        headers: { authorization: `Bearer ${tokens.get(role)}` },
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, checked by the assertions
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };

    before(async () => {
      app = await startTestApp(engine);
      const db = app.db.kysely;
      const pid = app.demoPartnershipId;
      const orgs = await db
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('partnership_id', '=', pid)
        .execute();
      const id = (name: string) => orgs.find((o) => o.name === name)!.id;
      A = id('Demoshire County Council');
      B = id('Little Acorns Nurseries Ltd');
      C = id('Demoshire Community Health NHS Trust');
      // Replace the synthetic demo returns with the hand-made ones.
      await db.deleteFrom('worker_records').where('partnership_id', '=', pid).execute();
      await db.deleteFrom('workforce_profile_cells').where('partnership_id', '=', pid).execute();
      await db.deleteFrom('vacancy_records').where('partnership_id', '=', pid).execute();
      await db.deleteFrom('workforce_returns').where('partnership_id', '=', pid).execute();
      await db.deleteFrom('workforce_settings').where('partnership_id', '=', pid).execute();
      const at = nowIso();
      const returnFor = async (org: number, censusDate: string) =>
        (
          await db
            .insertInto('workforce_returns')
            .values({
              partnership_id: pid,
              organisation_id: org,
              census_date: censusDate,
              status: 'current',
              submitted_by: null,
              submitted_by_label: 'test',
              submitted_at: at,
              file_name: 't.csv',
              file_hash: 'x',
              source: 'demo',
              upload_id: null,
              worker_count: 0,
              vacancy_count: 0,
              fte_total: 0,
              leavers_count: 0,
              created_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const insert = async (censusDate: string, workers: Worker[]) => {
        const returns = new Map<number, number>();
        for (const org of [A, B, C]) returns.set(org, await returnFor(org, censusDate));
        await db
          .insertInto('worker_records')
          .values(
            workers.map((w, i) => ({
              partnership_id: pid,
              organisation_id: w.org,
              return_id: returns.get(w.org)!,
              census_date: censusDate,
              worker_id: `T${i}`,
              service: w.service,
              job_role: w.job_role,
              job_role_other: null,
              workforce_group: 'core',
              employment_type: w.employment_type,
              contract_type: null,
              fte: w.fte,
              contracted_hours: null,
              start_date: w.start_date ?? '2015-01-01',
              leaving_date: w.leaving_date ?? null,
              leaving_reason: w.leaving_reason ?? null,
              birth_year: w.birth_year,
              sex: w.sex,
              gender_identity: null,
              ethnicity: w.ethnicity ?? 'white_british',
              disability: 'no',
              qualification_level: w.qualification_level ?? '3',
              apprentice: 0,
              sickness_days: w.sickness_days ?? 0,
              safeguarding_level: '1',
              manager: w.manager ?? 0,
            })),
          )
          .execute();
        for (const returnId of returns.values()) await rebuildProfileCells(db, returnId);
        return returns;
      };
      const returns = await insert(D, handMade(A, B, C));
      await db
        .insertInto('vacancy_records')
        .values({
          partnership_id: pid,
          organisation_id: A,
          return_id: returns.get(A)!,
          census_date: D,
          job_role: 'childrens_social_worker',
          service: 'social_care',
          vacant_fte: 5,
          agency_cover_fte: 5,
        })
        .execute();
      await insert(
        EARLIER,
        handMade(A, B, C).filter((w) => w.org !== C),
      );
      for (const role of ['partnership_admin', 'steering_member', 'viewer', 'data_lead', 'training_coordinator']) {
        const email = DEMO_USERS.find((u) => u.role === role)!.email;
        const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
        tokens.set(role, (await app.services.tokens.createFor(systemActor(pid), user.id, `${role} token`)).secret);
      }
    });
    after(async () => {
      await app?.close();
    });

    it('gives the partnership’s figures by the DfE definitions', async () => {
      const { status, body } = await exact('steering_member');
      assert.equal(status, 200);
      assert.equal(body.censusDate, D);
      assert.deepEqual(body.censusDates, [EARLIER, D]);
      assert.equal(body.workforceHeadcount, 45); // 20 + 6 agency + 7 + 2 volunteers + 10; the 5 leavers are not counted
      assert.equal(body.headcount, 37); // employees in post, as DfE: 20 + 7 + 10, not the agency workers or volunteers
      assert.equal(body.fte, 39.9);
      assert.equal(body.fteInPost, 33.5); // employees only: 20 + 3.5 + 10
      assert.equal(body.leaversFte, 5);
      assert.equal(body.agencyFte, 6);
      assert.equal(body.vacancyFte, 5);
      assert.equal(body.turnoverRate, 14.9); // 5 ÷ 33.5
      assert.equal(body.agencyRate, 15.2); // 6 ÷ (6 + 33.5)
      assert.equal(body.vacancyRate, 13); // 5 ÷ (5 + 33.5)
      assert.equal(body.absenceRate, 0.5); // 40 ÷ (33.5 × 253)
      assert.equal(body.measures.managers, 5);
      assert.equal(body.measures.belowMinimumQualification, 2, '2 early years staff below level 3');
    });

    it('protects every count it shows: adjusted, rounded to 5, each total on its own', async () => {
      const { status, body } = await api('viewer');
      assert.equal(status, 200);
      assert.equal(body.disclosure.protected, true);
      assert.equal(body.disclosure.page, '/workforce/profile/about-the-figures');
      const near = (shown: unknown, truth: number, what: string) =>
        assert.ok(
          typeof shown === 'number' && shown % 5 === 0 && Math.abs(shown - truth) <= 4 && (truth > 0 || shown === 0),
          `${what}: ${String(shown)} for ${truth}`,
        );
      const age = body.tables['age-band'];
      const cell = (key: string) => age.rows.find((r: { key: string }) => r.key === key).values;
      near(cell('under_25').headcount, 7, 'under 25');
      near(cell('65_plus').headcount, 2, '2 volunteers aged 65');
      near(cell('45_54').headcount, 20, '45 to 54');
      near(age.totals.values.headcount, 45, 'the total');
      near(body.workforceHeadcount, 45, 'everyone in the workforce');
      assert.equal(cell('65_plus').percent, percentOrNull(cell('65_plus').headcount, age.totals.values.headcount));
      const fte = body.fteInPost;
      assert.ok(Number.isInteger(fte) && Math.abs(fte - 33.5) <= 1.5, `FTE in post ${fte}: whole, within 1.5 of 33.5`);
      for (const [where, v] of shownCounts(body)) assert.equal(v % 5, 0, `${where} = ${v} is rounded to 5`);
    });

    it('filters by service, organisation, employment type, job role and managers', async () => {
      assert.equal((await exact('steering_member', '?service=health')).body.workforceHeadcount, 10);
      assert.equal((await exact('steering_member', `?organisationId=${A}`)).body.workforceHeadcount, 26);
      assert.equal((await exact('steering_member', '?employmentType=agency')).body.workforceHeadcount, 6);
      assert.equal((await exact('steering_member', '?jobRole=childrens_social_worker')).body.fteInPost, 20);
      assert.equal((await exact('steering_member', '?managersOnly=true')).body.workforceHeadcount, 5);
      assert.equal((await exact('steering_member', '?organisationType=nhs_trust')).body.workforceHeadcount, 10);
      const earlier = await exact('steering_member', `?censusDate=${EARLIER}`);
      assert.equal(earlier.body.workforceHeadcount, 36); // the 4 who started in 2025 had not started; the 5 who left in 2025 had not left
    });

    it('shows every measure across the census dates as change', async () => {
      const { body } = await exact('steering_member');
      const headcount = body.trends.rows.find((r: { key: string }) => r.key === 'headcount');
      const earlier = (await exact('steering_member', `?censusDate=${EARLIER}`)).body.headcount;
      assert.deepEqual(headcount.values, { [EARLIER]: earlier, [D]: 37, change: 37 - earlier });
    });

    it('limits a partner data lead to their own organisation; another one is not found', async () => {
      const own = await api('data_lead');
      assert.equal(own.status, 200);
      assert.equal(own.body.scope.kind, 'organisation');
      assert.equal(own.body.scope.organisationId, B);
      assert.equal(
        own.body.disclosure.tooFew,
        own.body.workforceHeadcount < 10,
        'shown as fewer than 10: the headcount of everyone only',
      );
      const figures = (await exact('data_lead')).body;
      assert.equal(figures.workforceHeadcount, 9);
      assert.equal(figures.fteInPost, 3.5);
      assert.equal((await api('data_lead', `?organisationId=${B}`)).status, 200);
      assert.equal((await api('data_lead', `?organisationId=${A}`)).status, 404);
      assert.equal((await api('steering_member', '?organisationId=999999')).status, 404);
      assert.equal((await api('training_coordinator')).status, 403);
    });

    it('compares ethnicity with the local population and benchmarks against DfE figures', async () => {
      await app.services.profile.updateSettings(systemActor(app.demoPartnershipId, 'Test admin'), {
        localAuthorityCode: 'E06000019',
        retirementAge: 66,
        workingDaysPerYear: 253,
        minimumQualifications: { early_years: '3' },
        statisticalNeighbours: ['E10000034'],
      });
      const { body } = await exact('viewer');
      assert.equal(body.comparison.area.name, 'Herefordshire');
      const groups = body.comparison.tables[0];
      const white = groups.rows.find((r: { key: string }) => r.key === 'white');
      assert.equal(white.values.headcount, 30); // 20 + 7 + 2 + ... of 45 known (5 black African, 10 Asian Indian)
      assert.equal(white.values.workforcePercent, 66.7);
      assert.ok(typeof white.values.populationPercent === 'number' && white.values.populationPercent > 90);
      const benchmarks = body.benchmarks.table.rows;
      assert.equal(body.benchmarks.year, '2023');
      const hereford = benchmarks.find((r: { key: string }) => r.key === 'E06000019');
      assert.deepEqual(hereford.values, { turnoverRate: 17.7, agencyRate: 55.2, vacancyRate: 62.4, absenceRate: 2.9 });
      assert.ok(benchmarks.some((r: { key: string }) => r.key === 'E92000001'));
      assert.ok(
        benchmarks.some((r: { key: string }) => r.key === 'E12000005'),
        'its region, West Midlands',
      );
      assert.ok(
        benchmarks.some((r: { key: string }) => r.key === 'E10000034'),
        'a statistical neighbour',
      );
      // Children's social workers only: 20 in post, 5 leavers, 6 agency, 5 vacancies.
      assert.deepEqual(benchmarks[0].values, { turnoverRate: 25, agencyRate: 23.1, vacancyRate: 20, absenceRate: 0.8 });
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('action')
        .where('entity_type', '=', 'workforce_settings')
        .execute();
      assert.equal(audit.length, 1);
    });

    it('keeps each partnership’s workforce to itself', async () => {
      const other = await app.services.partnerships.create(systemActor(app.demoPartnershipId), {
        name: 'Otherton Children’s Partnership',
      });
      const at = nowIso();
      const db = app.db.kysely;
      const org = await db
        .insertInto('organisations')
        .values({
          partnership_id: other.id,
          name: 'Otherton Council',
          type: 'local_authority',
          sector: 'statutory',
          services: '["social_care"]',
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const user = await db
        .insertInto('users')
        .values({
          partnership_id: other.id,
          email: 'viewer@otherton.example',
          display_name: 'Otherton Viewer',
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
      const { secret } = await app.services.tokens.createFor(systemActor(other.id), user.id, 'Otherton token');
      const get = (query: string) =>
        fetch(`${app.url}/api/v1/profile${query}`, { headers: { authorization: `Bearer ${secret}` } });
      const own = await get('');
      assert.equal(own.status, 200);
      const body = (await own.json()) as { headcount: unknown; censusDates: string[] };
      assert.equal(body.headcount, 0);
      assert.deepEqual(body.censusDates, []);
      assert.equal((await get(`?organisationId=${A}`)).status, 404, 'another partnership’s organisation');
      assert.equal((await get(`?censusDate=${D}`)).status, 404, 'a census date it does not hold');
      assert.equal((await api('steering_member', `?organisationId=${org.id}`)).status, 404);
    });

    it('shows a replacement return at once', async () => {
      assert.equal((await api('viewer')).body.workforceHeadcount, 45);
      const db = app.db.kysely;
      const pid = app.demoPartnershipId;
      const old = await db
        .selectFrom('workforce_returns')
        .select('id')
        .where('organisation_id', '=', C)
        .where('census_date', '=', D)
        .where('status', '=', 'current')
        .executeTakeFirstOrThrow();
      await db.deleteFrom('worker_records').where('return_id', '=', old.id).execute();
      await db.deleteFrom('workforce_profile_cells').where('return_id', '=', old.id).execute();
      await db.updateTable('workforce_returns').set({ status: 'replaced' }).where('id', '=', old.id).execute();
      const at = nowIso();
      const replacement = await db
        .insertInto('workforce_returns')
        .values({
          partnership_id: pid,
          organisation_id: C,
          census_date: D,
          status: 'current',
          submitted_by: null,
          submitted_by_label: 'test',
          submitted_at: at,
          file_name: 't2.csv',
          file_hash: 'y',
          source: 'demo',
          upload_id: null,
          worker_count: 15,
          vacancy_count: 0,
          fte_total: 15,
          leavers_count: 0,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('worker_records')
        .values(
          Array.from({ length: 15 }, (_, i) => ({
            partnership_id: pid,
            organisation_id: C,
            return_id: replacement.id,
            census_date: D,
            worker_id: `R${i}`,
            service: 'health',
            job_role: 'health_visitor',
            job_role_other: null,
            workforce_group: 'core',
            employment_type: 'employee',
            contract_type: null,
            fte: 1,
            contracted_hours: null,
            start_date: '2015-01-01',
            leaving_date: null,
            leaving_reason: null,
            birth_year: 1968,
            sex: 'male',
            gender_identity: null,
            ethnicity: 'asian_indian',
            disability: 'no',
            qualification_level: '6',
            apprentice: 0,
            sickness_days: 0,
            safeguarding_level: '1',
            manager: 0,
          })),
        )
        .execute();
      await rebuildProfileCells(db, replacement.id);
      assert.equal((await api('viewer')).body.workforceHeadcount, 50);
    });

    it('never reveals a count below the threshold in any API response', async () => {
      const queries = [
        '',
        `?censusDate=${EARLIER}`,
        '?service=early_years',
        '?service=social_care',
        '?service=health',
        `?organisationId=${A}`,
        `?organisationId=${B}`,
        `?organisationId=${C}`,
        '?employmentType=agency',
        '?employmentType=volunteer',
        '?managersOnly=true',
        '?jobRole=play_worker',
        '?organisationType=early_years',
      ];
      let checked = 0;
      for (const role of ['steering_member', 'data_lead']) {
        for (const q of queries) {
          const { status, body } = await api(role, q);
          if (status !== 200) continue;
          for (const [where, value] of shownCounts(body)) {
            assert.ok(value === 0 || value >= app.config.suppressionThreshold, `${role} ${q}: ${where} shows ${value}`);
            checked++;
          }
        }
      }
      assert.ok(checked > 500, `scanned ${checked} counts`);
    });
  });
}
