import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { nowIso } from '../../src/lib/time.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

const HOSTILE = '<script>alert(1)</script>';

const idFrom = (location: string | null): number => {
  const id = /^\/admin\/organisations\/(\d+)$/.exec(location ?? '')?.[1];
  assert.ok(id, `redirected to an organisation, not ${location}`);
  return Number(id);
};

async function signedIn(app: TestApp, who: string): Promise<TestClient> {
  const client = new TestClient(app.url);
  await client.signIn(`${who}@demoshire.example`);
  return client;
}

for (const engine of ENGINES) {
  describe(`partner organisations on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    before(async () => {
      app = await startTestApp(engine);
      admin = await signedIn(app, 'admin');
    });
    after(async () => {
      await app?.close();
    });

    const organisationAudit = (id: number) =>
      app.db.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('entity_type', '=', 'organisation')
        .where('entity_id', '=', String(id))
        .orderBy('id')
        .execute();
    const add = async (form: Record<string, string | string[]>) => {
      await admin.get('/admin/organisations/new');
      return admin.post('/admin/organisations/new', form);
    };

    it('adds an organisation, shows it and lists it with its user count', async () => {
      const created = await add({
        name: '  Northgate   Family Hub ',
        type: 'voluntary',
        sector: 'voluntary',
        services: ['youth', 'early_years'],
      });
      assert.equal(created.status, 303);
      const id = idFrom(created.location);
      const page = await admin.get(`/admin/organisations/${id}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /Northgate Family Hub is added/);
      assert.match(page.text, /Voluntary or community organisation/);
      assert.match(page.text, /Early years and childcare<\/li><li>Youth/);
      assert.match(page.text, new RegExp(`href="/admin/organisations/${id}/edit#services"`));
      const list = await admin.get('/admin/organisations');
      assert.match(list.text, /Northgate Family Hub/);
      assert.match(list.text, /Demoshire County Council<\/a><\/td>[\s\S]*?numeric">2<\/td>/);
      const [event] = await organisationAudit(id);
      assert.equal(event?.action, 'create');
      assert.deepEqual(JSON.parse(event?.after_json ?? '{}'), {
        id,
        name: 'Northgate Family Hub',
        type: 'voluntary',
        sector: 'voluntary',
        services: ['early_years', 'youth'],
      });
    });

    it('refuses a name already used in the partnership, keeping what was typed', async () => {
      const duplicate = await add({
        name: 'DEMOSHIRE POLICE',
        type: 'police',
        sector: 'statutory',
        services: 'justice',
      });
      assert.equal(duplicate.status, 400);
      assert.match(duplicate.text, /There is a problem/);
      assert.match(duplicate.text, /There is already an organisation called DEMOSHIRE POLICE in this partnership/);
      assert.match(duplicate.text, /value="DEMOSHIRE POLICE"/);
      assert.match(duplicate.text, /value="justice" checked/);
      assert.match(duplicate.text, /<title>Error: /);
      assert.equal(
        (await add({ name: 'ÉCOLE DU NORD', type: 'school', sector: 'independent', services: 'education' })).status,
        303,
      );
      const accented = await add({
        name: 'ÉCOLE DU NORD',
        type: 'school',
        sector: 'independent',
        services: 'education',
      });
      assert.equal(accented.status, 400);
      assert.match(accented.text, /There is already an organisation called ÉCOLE DU NORD/);
    });

    it('says what is missing or too long', async () => {
      const empty = await add({ name: ' ' });
      assert.equal(empty.status, 400);
      for (const [field, message] of [
        ['name', 'Enter the organisation’s name'],
        ['type', 'Select the type of organisation'],
        ['sector', 'Select the organisation’s sector'],
        ['services', 'Select at least one service'],
      ]) {
        assert.match(empty.text, new RegExp(`href="#${field}">${message}`));
      }
      const long = await add({
        name: 'x'.repeat(121),
        type: 'other',
        sector: 'private',
        services: ['health', 'made-up'],
      });
      assert.equal(long.status, 400);
      assert.match(long.text, /Name must be 120 characters or fewer/);
      assert.match(long.text, /Select at least one service/);
      assert.match(long.text, /value="other" checked/);
    });

    it('changes an organisation and records the before and after', async () => {
      const id = idFrom(
        (await add({ name: 'Eastfield Clinic', type: 'nhs_trust', sector: 'statutory', services: 'health' })).location,
      );
      const form = await admin.get(`/admin/organisations/${id}/edit`);
      assert.match(form.text, /value="Eastfield Clinic"/);
      assert.match(form.text, /value="nhs_trust" checked/);
      const invalid = await admin.post(`/admin/organisations/${id}/edit`, {
        name: 'Demoshire Police',
        type: 'nhs_trust',
        sector: 'statutory',
      });
      assert.equal(invalid.status, 400);
      assert.match(invalid.text, /There is already an organisation called Demoshire Police/);
      const saved = await admin.post(`/admin/organisations/${id}/edit`, {
        name: 'Eastfield Health Centre',
        type: 'nhs_trust',
        sector: 'private',
        services: ['health', 'social_care'],
      });
      assert.equal(saved.status, 303);
      assert.equal(saved.location, `/admin/organisations/${id}`);
      assert.match((await admin.get(saved.location)).text, /Changes to Eastfield Health Centre are saved/);
      const events = await organisationAudit(id);
      assert.deepEqual(
        events.map((e) => e.action),
        ['create', 'update'],
      );
      const update = events[1];
      assert.deepEqual(JSON.parse(update?.before_json ?? '{}'), {
        id,
        name: 'Eastfield Clinic',
        type: 'nhs_trust',
        sector: 'statutory',
        services: ['health'],
      });
      assert.deepEqual(JSON.parse(update?.after_json ?? '{}'), {
        id,
        name: 'Eastfield Health Centre',
        type: 'nhs_trust',
        sector: 'private',
        services: ['health', 'social_care'],
      });
      assert.match(update?.actor_label ?? '', /admin@demoshire\.example/);

      await admin.get(`/admin/organisations/${id}/edit`);
      const unchanged = await admin.post(`/admin/organisations/${id}/edit`, {
        name: 'Eastfield Health Centre',
        type: 'nhs_trust',
        sector: 'private',
        services: ['social_care', 'health'],
      });
      assert.equal(unchanged.status, 303);
      assert.equal((await organisationAudit(id)).length, 2);
    });

    it('lets a data lead or viewer see organisations but not add or change them', async () => {
      const police = await app.db.kysely
        .selectFrom('organisations')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('name', '=', 'Demoshire Police')
        .executeTakeFirstOrThrow();
      for (const who of ['datalead', 'viewer']) {
        const client = await signedIn(app, who);
        const list = await client.get('/admin/organisations');
        assert.equal(list.status, 200);
        assert.doesNotMatch(list.text, /Add an organisation/);
        const detail = await client.get(`/admin/organisations/${police.id}`);
        assert.equal(detail.status, 200, who);
        assert.match(detail.text, /Demoshire Police/, who);
        assert.doesNotMatch(detail.text, /Change<span/, who);
        assert.equal((await client.get('/admin/organisations/new')).status, 403);
        assert.equal(
          (
            await client.post('/admin/organisations/new', {
              name: `${who} org`,
              type: 'other',
              sector: 'private',
              services: 'health',
            })
          ).status,
          403,
        );
        await client.get('/');
        assert.equal(
          (
            await client.post(`/admin/organisations/${police.id}/edit`, {
              name: 'Renamed',
              type: 'other',
              sector: 'private',
              services: 'health',
            })
          ).status,
          403,
        );
      }
      const after = await app.db.kysely
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', police.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(after, police);
      const strays = await app.db.kysely
        .selectFrom('organisations')
        .select('id')
        .where('name', 'in', ['datalead org', 'viewer org'])
        .execute();
      assert.deepEqual(strays, []);
    });

    it('answers 404 for an organisation in another partnership', async () => {
      const other = await app.services.partnerships.create(systemActor(app.demoPartnershipId), {
        name: 'Farshire Partnership',
      });
      const at = nowIso();
      const hidden = await app.db.kysely
        .insertInto('organisations')
        .values({
          partnership_id: other.id,
          name: 'Farshire Council',
          type: 'local_authority',
          sector: 'statutory',
          services: '["education"]',
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      for (const path of [
        `/admin/organisations/${hidden.id}`,
        `/admin/organisations/${hidden.id}/edit`,
        '/admin/organisations/abc',
      ]) {
        const response = await admin.get(path);
        assert.equal(response.status, 404, path);
        assert.doesNotMatch(response.text, /Farshire Council/);
      }
      await admin.get('/');
      const post = await admin.post(`/admin/organisations/${hidden.id}/edit`, {
        name: 'Hijacked',
        type: 'other',
        sector: 'private',
        services: 'health',
      });
      assert.equal(post.status, 404);
      const unchanged = await app.db.kysely
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', hidden.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(unchanged, hidden);
      const list = await admin.get('/admin/organisations');
      assert.equal(list.status, 200);
      assert.match(list.text, /Demoshire Police/);
      assert.doesNotMatch(list.text, /Farshire/);
    });

    it('escapes a hostile name everywhere it is shown', async () => {
      const created = await add({ name: HOSTILE, type: 'other', sector: 'private', services: 'health' });
      const id = idFrom(created.location);
      const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;';
      for (const path of [`/admin/organisations/${id}`, '/admin/organisations', `/admin/organisations/${id}/edit`]) {
        const page = await admin.get(path);
        assert.ok(page.text.includes(escaped), `${path} shows the name escaped`);
        assert.ok(!page.text.includes(HOSTILE), `${path} never shows the raw name`);
      }
      const duplicate = await add({ name: HOSTILE, type: 'other', sector: 'private', services: 'health' });
      assert.equal(duplicate.status, 400);
      assert.ok(!duplicate.text.includes(HOSTILE));
    });
  });

  describe(`administration and partnerships on ${engine}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(engine);
    });
    after(async () => {
      await app?.close();
    });

    it('shows each administrator only the sections they may use, and refuses everyone else', async () => {
      const admin = await (await signedIn(app, 'admin')).get('/admin');
      assert.equal(admin.status, 200);
      for (const href of ['/admin/organisations', '/admin/users', '/admin/audit'])
        assert.match(admin.text, new RegExp(`href="${href}"`));
      assert.doesNotMatch(admin.text, /href="\/admin\/partnerships"/);
      assert.match((await (await signedIn(app, 'sysadmin')).get('/admin')).text, /href="\/admin\/partnerships"/);
      for (const who of ['datalead', 'viewer', 'steering', 'training']) {
        assert.equal((await (await signedIn(app, who)).get('/admin')).status, 403, who);
      }
    });

    it('lets a system administrator add a partnership and work in it', async () => {
      const sysadmin = await signedIn(app, 'sysadmin');
      await sysadmin.get('/admin/partnerships/new');
      const invalid = await sysadmin.post('/admin/partnerships/new', { name: '', localAuthorityCode: 'Demoshire' });
      assert.equal(invalid.status, 400);
      assert.match(invalid.text, /Enter the partnership’s name/);
      assert.match(invalid.text, /Enter a local authority code in the correct format, like E10000007/);
      assert.match(invalid.text, /value="Demoshire"/);
      const created = await sysadmin.post('/admin/partnerships/new', {
        name: 'Northshire Children’s Partnership',
        localAuthorityCode: 'e06000001',
      });
      assert.equal(created.status, 303);
      assert.equal(created.location, '/admin/partnerships');
      const list = await sysadmin.get('/admin/partnerships');
      assert.match(list.text, /Northshire Children’s Partnership is added/);
      assert.match(list.text, /E06000001/);
      const row = await app.db.kysely
        .selectFrom('partnerships')
        .selectAll()
        .where('name', '=', 'Northshire Children’s Partnership')
        .executeTakeFirstOrThrow();

      const switched = await sysadmin.post(`/admin/partnerships/${row.id}/switch`);
      assert.equal(switched.status, 303);
      assert.equal(switched.location, '/');
      const home = await sysadmin.get('/');
      assert.match(home.text, /You are now working in Northshire Children’s Partnership/);
      assert.match(home.text, /<span class="govuk-caption-l">Northshire Children’s Partnership<\/span>/);
      const organisations = await sysadmin.get('/admin/organisations');
      assert.equal(organisations.status, 200);
      assert.match(organisations.text, /0 organisations/);
      assert.doesNotMatch(organisations.text, /Demoshire Police/);
      const events = await app.db.kysely
        .selectFrom('audit_events')
        .select('action')
        .where('partnership_id', '=', row.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        events.map((e) => e.action),
        ['create', 'switch'],
      );

      await sysadmin.get('/admin/partnerships');
      assert.equal((await sysadmin.post('/admin/partnerships/999999/switch')).status, 404);
    });

    it('shows the partnership’s name as it is at each request, read with the session', async () => {
      const admin = await signedIn(app, 'admin');
      const pid = app.demoPartnershipId;
      const { name } = await app.db.kysely
        .selectFrom('partnerships')
        .select('name')
        .where('id', '=', pid)
        .executeTakeFirstOrThrow();
      const rename = (to: string) =>
        app.db.kysely.updateTable('partnerships').set({ name: to }).where('id', '=', pid).execute();
      try {
        for (const to of ['Renamed Partnership One', 'Renamed Partnership Two']) {
          await rename(to);
          assert.match((await admin.get('/')).text, new RegExp(`<title>[^<]*– ${to}</title>`));
        }
      } finally {
        await rename(name);
      }
    });

    it('refuses partnership management to a partnership administrator', async () => {
      const admin = await signedIn(app, 'admin');
      assert.equal((await admin.get('/admin/partnerships')).status, 403);
      assert.equal((await admin.get('/admin/partnerships/new')).status, 403);
      await admin.get('/');
      assert.equal((await admin.post('/admin/partnerships/new', { name: 'Sneaky Partnership' })).status, 403);
      assert.equal((await admin.post(`/admin/partnerships/${app.demoPartnershipId}/switch`)).status, 403);
      const sneaky = await app.db.kysely
        .selectFrom('partnerships')
        .select('id')
        .where('name', '=', 'Sneaky Partnership')
        .execute();
      assert.deepEqual(sneaky, []);
    });
  });
}
