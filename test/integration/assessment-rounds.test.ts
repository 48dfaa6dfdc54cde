import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { ensureDefaultFramework } from '../../src/features/assessment/repository.ts';
import { nowIso } from '../../src/lib/time.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { formatDate } from '../../src/features/assessment/round-status.ts';
import { createRound, daysFromToday, downloadLinks } from '../support/assessment-collection.ts';

const dateFields = (prefix: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${prefix}-day`]: day ?? '', [`${prefix}-month`]: month ?? '', [`${prefix}-year`]: year ?? '' };
};

async function signedIn(app: TestApp, who: string): Promise<TestClient> {
  const client = new TestClient(app.url);
  await client.signIn(`${who}@demoshire.example`);
  return client;
}

for (const engine of ENGINES) {
  describe(`self-assessment rounds on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    let orgs: Record<string, number>;
    before(async () => {
      app = await startTestApp(engine);
      admin = await signedIn(app, 'admin');
      const rows = await app.db.kysely
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('partnership_id', '=', app.demoPartnershipId)
        .execute();
      orgs = Object.fromEntries(rows.map((r) => [r.name, r.id]));
    });
    after(async () => {
      await app?.close();
    });

    const audit = (entityType: string) =>
      app.db.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('entity_type', '=', entityType)
        .orderBy('id')
        .execute();
    const roundRow = (id: number) =>
      app.db.kysely.selectFrom('assessment_rounds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('lists the demo rounds with their response counts on the landing page', async () => {
      const page = await admin.get('/assessment');
      assert.equal(page.status, 200);
      assert.match(page.text, /Baseline 2025<\/a>[\s\S]*?Closed[\s\S]*?numeric">40<\/td>/);
      assert.match(page.text, /Re-assessment 2026<\/a>[\s\S]*?Open[\s\S]*?numeric">6<\/td>[\s\S]*?numeric">2<\/td>/);
      assert.match(page.text, /href="\/assessment\/rounds\/\d+\/results"/);
      assert.match(page.text, /href="\/assessment\/compare"/);
      assert.match(page.text, /Create a round/);
    });

    it('creates a draft round with its audience, then opens and closes it, all audited', async () => {
      const id = await createRound(admin, {
        name: '  Spring   pulse 2027 ',
        opens: '2027-03-01',
        closes: '2027-03-31',
        organisationIds: [String(orgs['Demoshire Police']), String(orgs['Riverside Academy Trust'])],
        respondentTypes: ['leader'],
        focusGroupCounting: 'participants',
      });
      const page = await admin.get(`/assessment/rounds/${id}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /Spring pulse 2027 is created as a draft/);
      assert.match(page.text, /Opening date\s*<\/dt>\s*<dd[^>]*>\s*1 March 2027/);
      assert.match(page.text, /Closing date\s*<\/dt>\s*<dd[^>]*>\s*31 March 2027/);
      assert.match(page.text, /2 in the audience/);
      assert.match(page.text, /Draft: opens on 1 March 2027/);
      assert.match(page.text, /Leaders and managers/);
      assert.doesNotMatch(page.text, /Frontline practitioners/);
      assert.match(page.text, /one response per participant/);
      assert.match(page.text, /Demoshire Police<\/th>/);
      assert.doesNotMatch(page.text, /Little Acorns Nurseries Ltd<\/th>/);
      const row = await roundRow(id);
      assert.equal(row.status, 'draft');
      assert.deepEqual(JSON.parse(row.audience_json), {
        organisationIds: [orgs['Demoshire Police'], orgs['Riverside Academy Trust']],
        sectors: [],
        respondentTypes: ['leader'],
      });

      assert.equal((await admin.post(`/assessment/rounds/${id}/open`)).status, 303);
      assert.equal((await roundRow(id)).status, 'open');
      assert.match((await admin.get(`/assessment/rounds/${id}`)).text, /Spring pulse 2027 is open/);
      assert.equal((await admin.post(`/assessment/rounds/${id}/close`)).status, 303);
      assert.equal((await roundRow(id)).status, 'closed');
      const events = (await audit('assessment_round')).filter((e) => e.entity_id === String(id));
      assert.deepEqual(
        events.map((e) => e.action),
        ['create', 'open', 'close'],
      );
      assert.match(events[0]?.actor_label ?? '', /^Alex Morgan/);
    });

    it('says what is wrong with a round, keeping what was typed', async () => {
      await admin.get('/assessment/rounds/new');
      const empty = await admin.post('/assessment/rounds/new', {
        name: '',
        'opensOn-day': '31',
        'opensOn-month': '2',
        'opensOn-year': '2027',
        focusGroupCounting: 'one',
      });
      assert.equal(empty.status, 400);
      assert.match(empty.text, /href="#name">Enter a name for the round/);
      assert.match(empty.text, /href="#opensOn">The opening date must be a real date/);
      assert.match(empty.text, /href="#closesOn">Enter the closing date/);
      assert.match(empty.text, /name="opensOn-day" type="text" value="31"|value="31"/);
      const backwards = await admin.post('/assessment/rounds/new', {
        name: 'baseline 2025',
        'opensOn-day': '10',
        'opensOn-month': '5',
        'opensOn-year': '2027',
        'closesOn-day': '1',
        'closesOn-month': '5',
        'closesOn-year': '2027',
        organisationIds: '999999',
        respondentTypes: 'everyone',
        focusGroupCounting: 'one',
      });
      assert.equal(backwards.status, 400);
      assert.match(backwards.text, /There is already a round called baseline 2025/);
      assert.match(backwards.text, /The closing date must be the same as or after the opening date/);
      assert.match(backwards.text, /Select organisations from the list/);
      assert.match(backwards.text, /Select respondent types from the list/);
    });

    it('issues personal and open links and downloads them all as CSV', async () => {
      const id = await createRound(admin, {
        name: 'Links round',
        organisationIds: [String(orgs['Demoshire Police']), String(orgs['Riverside Academy Trust'])],
        respondentTypes: ['frontline'],
      });
      await admin.get(`/assessment/rounds/${id}`);
      const issued = await admin.post(`/assessment/rounds/${id}/invitations`, {
        organisationId: String(orgs['Demoshire Police']),
        respondentType: 'frontline',
        count: '3',
      });
      assert.equal(issued.status, 303);
      assert.match((await admin.get(`/assessment/rounds/${id}`)).text, /3 personal links issued for Demoshire Police/);
      const outside = await admin.post(`/assessment/rounds/${id}/invitations`, {
        organisationId: String(orgs['Little Acorns Nurseries Ltd']),
        respondentType: 'leader',
        count: '0',
      });
      assert.equal(outside.status, 400);
      assert.match(outside.text, /Select an organisation in the round’s audience/);
      assert.match(outside.text, /Select who the links are for/);
      assert.match(outside.text, /Enter a number of links from 1 to 500/);
      assert.equal((await admin.post(`/assessment/rounds/${id}/open-links`)).status, 303);
      assert.equal((await admin.post(`/assessment/rounds/${id}/open-links`)).status, 303);
      assert.match(
        (await admin.get(`/assessment/rounds/${id}`)).text,
        /Every organisation in the audience already has an open link/,
      );

      const links = await downloadLinks(admin, id);
      assert.equal(links.length, 5);
      assert.deepEqual(
        links.map((l) => [l.organisation, l.kind, l.respondentType, l.used]),
        [
          ['Demoshire Police', 'Open link', 'Any', ''],
          ['Demoshire Police', 'Personal link', 'Frontline practitioners', 'No'],
          ['Demoshire Police', 'Personal link', 'Frontline practitioners', 'No'],
          ['Demoshire Police', 'Personal link', 'Frontline practitioners', 'No'],
          ['Riverside Academy Trust', 'Open link', 'Any', ''],
        ],
      );
      assert.equal(new Set(links.map((l) => l.link)).size, 5);
      for (const link of links) assert.ok(link.link.startsWith(`${app.url}/respond/`), link.link);
      const stored = await app.db.kysely
        .selectFrom('assessment_invitations')
        .select(['token_hash', 'token_prefix'])
        .where('round_id', '=', id)
        .execute();
      for (const link of links) {
        const token = link.path.split('/')[2] ?? '';
        assert.ok(!stored.some((s) => s.token_hash === token), 'the token itself is not stored');
        assert.ok(stored.some((s) => token.startsWith(s.token_prefix)));
      }
      // A draft round's link says so rather than opening the questionnaire.
      const respondent = new TestClient(app.url);
      const draft = await respondent.get(links[1]?.path ?? '');
      assert.equal(draft.status, 403);
      assert.match(draft.text, /This self-assessment is not open yet/);
      const events = await audit('assessment_invitation');
      assert.ok(
        events.some(
          (e) => e.summary === 'Issued 3 personal links for Demoshire Police (Frontline practitioners) in Links round',
        ),
      );
      assert.ok(events.some((e) => e.summary === 'Issued open links for 2 organisations in Links round'));
    });

    it('lets only round managers manage rounds', async () => {
      const [round] = await app.db.kysely
        .selectFrom('assessment_rounds')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('name', '=', 'Re-assessment 2026')
        .execute();
      assert.ok(round);
      for (const who of ['viewer', 'datalead', 'steering', 'training']) {
        const client = await signedIn(app, who);
        const landing = await client.get('/assessment');
        assert.equal(landing.status, 200, who);
        assert.doesNotMatch(landing.text, /Create a round/, who);
        assert.match(landing.text, /Answer Re-assessment 2026/, who);
        for (const path of [
          '/assessment/rounds/new',
          `/assessment/rounds/${round.id}`,
          `/assessment/rounds/${round.id}/edit`,
          `/assessment/rounds/${round.id}/links.csv`,
          '/assessment/framework',
          '/assessment/framework/edit',
        ]) {
          assert.equal((await client.get(path)).status, 403, `${who} ${path}`);
        }
        await client.get('/assessment');
        for (const path of [
          `/assessment/rounds/${round.id}/close`,
          `/assessment/rounds/${round.id}/edit`,
          `/assessment/rounds/${round.id}/invitations`,
          '/assessment/framework/edit',
          `/assessment/rounds/${round.id}/focus-groups/new`,
        ]) {
          assert.equal(
            (
              await client.post(path, {
                count: '5',
                organisationId: String(orgs['Demoshire Police']),
                respondentType: 'leader',
              })
            ).status,
            403,
            `${who} ${path}`,
          );
        }
      }
      assert.equal((await roundRow(round.id)).status, 'open');
      const steering = await (await signedIn(app, 'steering')).get('/assessment');
      assert.match(steering.text, /Baseline 2025/);
      assert.match(steering.text, /href="\/assessment\/rounds\/\d+\/results"/);
      const viewer = await (await signedIn(app, 'viewer')).get('/assessment');
      assert.equal(viewer.status, 200);
      assert.match(viewer.text, /Self-assessment/);
      assert.doesNotMatch(viewer.text, /Baseline 2025/);
    });

    it('answers 404 for a round in another partnership', async () => {
      const other = await app.services.partnerships.create(systemActor(app.demoPartnershipId), {
        name: 'Farshire Assessment Partnership',
      });
      const frameworkId = await ensureDefaultFramework(app.db.kysely, other.id);
      const at = nowIso();
      const hidden = await app.db.kysely
        .insertInto('assessment_rounds')
        .values({
          partnership_id: other.id,
          framework_id: frameworkId,
          name: 'Farshire baseline',
          kind: 'live',
          status: 'open',
          opens_on: daysFromToday(-1),
          closes_on: daysFromToday(9),
          audience_json: '{}',
          focus_group_counting: 'one',
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const path of [
        `/assessment/rounds/${hidden.id}`,
        `/assessment/rounds/${hidden.id}/edit`,
        `/assessment/rounds/${hidden.id}/links.csv`,
        `/assessment/rounds/${hidden.id}/focus-groups/new`,
      ]) {
        assert.equal((await admin.get(path)).status, 404, path);
      }
      await admin.get('/assessment');
      assert.equal((await admin.post(`/assessment/rounds/${hidden.id}/close`)).status, 404);
      assert.equal(
        (
          await admin.post(`/assessment/rounds/${hidden.id}/edit`, {
            name: 'Taken over',
            ...dateFields('opensOn', '2027-01-01'),
            ...dateFields('closesOn', '2027-02-01'),
          })
        ).status,
        404,
      );
      assert.equal((await roundRow(hidden.id)).name, 'Farshire baseline');
      assert.equal(
        (
          await admin.post(`/assessment/rounds/${hidden.id}/invitations`, {
            organisationId: '1',
            respondentType: 'leader',
            count: '2',
          })
        ).status,
        404,
      );
      assert.equal(
        (await admin.post(`/assessment/rounds/${hidden.id}/respond`, { respondentType: 'leader' })).status,
        404,
      );
      assert.equal((await roundRow(hidden.id)).status, 'open');
      assert.equal((await admin.get('/assessment/rounds/not-a-number')).status, 404);
    });

    it('versions the framework: rounds already answered keep their wording', async () => {
      const baseline = await app.db.kysely
        .selectFrom('assessment_rounds')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('name', '=', 'Baseline 2025')
        .executeTakeFirstOrThrow();
      const draftId = await createRound(admin, { name: 'Draft before the change' });
      const shown = await admin.get('/assessment/framework');
      assert.match(shown.text, /Version 1/);
      assert.match(shown.text, /Shared identity, purpose and vision/);
      const form = await admin.get('/assessment/framework/edit');
      assert.equal(form.status, 200);
      const values: Record<string, string> = {};
      for (const match of form.text.matchAll(
        /name="((?:theme|stage|level)_\d_(?:name|description))"[^>]*?(?:value="([^"]*)")?>([^<]*)/g,
      )) {
        values[match[1] as string] = (match[2] ?? match[3] ?? '').replace(/&rsquo;|&#39;/g, '’').replace(/&amp;/g, '&');
      }
      assert.equal(Object.keys(values).length, 42);
      const invalid = await admin.post('/assessment/framework/edit', {
        ...values,
        theme_2_name: ' ',
        stage_3_name: values.stage_1_name ?? '',
      });
      assert.equal(invalid.status, 400);
      assert.match(invalid.text, /href="#theme_2_name">Enter the name of theme 2/);
      assert.match(invalid.text, /href="#stage_3_name">Theme and stage names must be different/);

      const saved = await admin.post('/assessment/framework/edit', {
        ...values,
        theme_1_name: 'A shared identity, purpose and vision',
        level_5_name: 'Excellent',
      });
      assert.equal(saved.status, 303);
      const after = await admin.get('/assessment/framework');
      assert.match(after.text, /Saved as version 2/);
      assert.match(after.text, /A shared identity, purpose and vision/);
      const frameworks = await app.db.kysely
        .selectFrom('assessment_frameworks')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .orderBy('version')
        .execute();
      assert.deepEqual(
        frameworks.map((f) => f.version),
        [1, 2],
      );
      assert.equal(frameworks[1]?.based_on_id, frameworks[0]?.id);
      assert.equal((await roundRow(baseline.id)).framework_id, frameworks[0]?.id);
      assert.equal(
        (await roundRow(draftId)).framework_id,
        frameworks[1]?.id,
        'an unanswered draft follows the new version',
      );
      const oldTheme = await app.db.kysely
        .selectFrom('assessment_framework_themes')
        .select('name')
        .where('framework_id', '=', baseline.framework_id)
        .where('position', '=', 1)
        .executeTakeFirstOrThrow();
      assert.equal(oldTheme.name, 'Shared identity, purpose and vision');
      const newRound = await createRound(admin, { name: 'After the change' });
      assert.equal((await roundRow(newRound)).framework_id, frameworks[1]?.id);

      // Nothing has been answered against version 2 yet: a further change is made in place.
      const again = await admin.post('/assessment/framework/edit', {
        ...values,
        theme_1_name: 'Shared identity',
        level_5_name: 'Excellent',
      });
      assert.equal(again.status, 303);
      assert.match((await admin.get('/assessment/framework')).text, /Changes to version 2 are saved/);
      assert.equal(
        (
          await app.db.kysely
            .selectFrom('assessment_frameworks')
            .select('id')
            .where('partnership_id', '=', app.demoPartnershipId)
            .execute()
        ).length,
        2,
      );
      const events = await audit('assessment_framework');
      assert.deepEqual(
        events.map((e) => e.action),
        ['create', 'update'],
      );
      assert.match(events[0]?.summary ?? '', /Created version 2/);
    });

    it('shows the status people would expect from the dates, and offers to close a round whose closing date has passed', async () => {
      const overdue = await createRound(admin, {
        name: 'Overdue round',
        opens: daysFromToday(-20),
        closes: daysFromToday(-1),
      });
      const early = await createRound(admin, {
        name: 'Early round',
        opens: daysFromToday(10),
        closes: daysFromToday(40),
      });
      for (const id of [overdue, early]) await admin.post(`/assessment/rounds/${id}/open-links`);
      const [overdueLink] = await downloadLinks(admin, overdue);
      const [earlyLink] = await downloadLinks(admin, early);
      await app.db.kysely
        .updateTable('assessment_rounds')
        .set({ status: 'open' })
        .where('id', 'in', [overdue, early])
        .execute();

      const landing = await admin.get('/assessment');
      assert.match(
        landing.text,
        /Overdue round<\/a>[^\n]*\n\s*<td[^>]*>\s*<strong class="govuk-tag govuk-tag--blue">\s*Closed \(closing date passed\)/,
      );
      assert.match(
        landing.text,
        new RegExp(
          `Early round</a>[^\\n]*\\n\\s*<td[^>]*>\\s*<strong class="govuk-tag govuk-tag--yellow">\\s*Opens on ${formatDate(daysFromToday(10))}`,
        ),
      );
      assert.doesNotMatch(landing.text, /Answer Overdue round|Answer Early round/, 'neither can be answered now');
      assert.match(landing.text, /Answer Re-assessment 2026/);
      assert.match(
        landing.text,
        new RegExp(
          `action="/assessment/rounds/${overdue}/close"[\\s\\S]{0,800}Close round<span class="govuk-visually-hidden"> Overdue round</span>`,
        ),
      );
      assert.equal(
        (landing.text.match(/>Close round</g) ?? []).length,
        1,
        'only the overdue round is offered for closing',
      );
      const steering = await (await signedIn(app, 'steering')).get('/assessment');
      assert.equal(steering.status, 200);
      assert.match(steering.text, /Closed \(closing date passed\)/);
      assert.doesNotMatch(steering.text, /Close round/);

      const late = await admin.post(`/assessment/rounds/${overdue}/respond`, { respondentType: 'leader' });
      assert.equal(late.location, '/assessment', 'a signed-in user answering from an old page is told why');
      assert.match((await admin.get('/assessment')).text, /Overdue round cannot be answered now: it is closed/);
      const respondent = new TestClient(app.url);
      assert.equal((await respondent.get(overdueLink?.path ?? '')).status, 410);
      const notYet = await respondent.get(earlyLink?.path ?? '');
      assert.equal(notYet.status, 403);
      assert.match(notYet.text, /This self-assessment is not open yet/);
      assert.match(notYet.text, new RegExp(`It opens on ${formatDate(daysFromToday(10))}. Try the link again then.`));

      const page = await admin.get(`/assessment/rounds/${overdue}`);
      assert.match(page.text, /Closed \(closing date passed\)/);
      assert.match(
        page.text,
        new RegExp(`The closing date, ${formatDate(daysFromToday(-1))}, has passed, so nobody can answer any more`),
      );
      assert.match(page.text, /Close the round/);
      assert.doesNotMatch(page.text, /Record a focus group/);
      assert.equal((await admin.post(`/assessment/rounds/${overdue}/close`)).status, 303);
      assert.equal((await roundRow(overdue)).status, 'closed');
      const closed = await admin.get(`/assessment/rounds/${overdue}`);
      assert.match(closed.text, /To reopen the round, first change its closing date/);
      assert.doesNotMatch(closed.text, /Reopen the round<\/button>/);
      const reopen = await admin.post(`/assessment/rounds/${overdue}/open`);
      assert.equal(reopen.status, 400);
      assert.match(
        reopen.text,
        /href="#status">The closing date, [^<]+, has passed: change the closing date before you open the round/,
      );
      assert.equal((await roundRow(overdue)).status, 'closed');
      assert.match(
        (await admin.get(`/assessment/rounds/${early}`)).text,
        new RegExp(`The round is open, but people can only answer from ${formatDate(daysFromToday(10))}`),
      );
    });

    it('changes a round’s details through its change links, audited before and after', async () => {
      const id = await createRound(admin, {
        name: 'Autumn pulse',
        opens: '2027-09-01',
        closes: '2027-09-30',
        organisationIds: [String(orgs['Demoshire Police']), String(orgs['Riverside Academy Trust'])],
        respondentTypes: ['leader'],
      });
      const page = await admin.get(`/assessment/rounds/${id}`);
      for (const [field, hidden] of [
        ['name', 'name'],
        ['opensOn', 'opening date'],
        ['closesOn', 'closing date'],
        ['organisationIds', 'organisations'],
        ['sectors', 'sectors'],
        ['respondentTypes', 'who is asked'],
        ['focusGroupCounting', 'how focus groups count'],
      ]) {
        assert.match(
          page.text,
          new RegExp(
            `href="/assessment/rounds/${id}/edit#${field}">\\s*Change<span class="govuk-visually-hidden"> ${hidden}</span>`,
          ),
          field,
        );
      }
      const form = await admin.get(`/assessment/rounds/${id}/edit`);
      assert.equal(form.status, 200);
      assert.match(form.text, /Change the round’s details/);
      assert.match(form.text, /name="name" type="text" value="Autumn pulse"/);
      assert.match(form.text, /name="closesOn-day" type="text" value="30"/);
      assert.match(form.text, new RegExp(`value="${orgs['Demoshire Police']}" checked`));
      assert.match(form.text, /value="leader" checked/);
      assert.doesNotMatch(form.text, /already been sent or started/, 'nothing answered yet');

      const wrong = await admin.post(`/assessment/rounds/${id}/edit`, {
        name: 'Baseline 2025',
        ...dateFields('opensOn', '2027-10-10'),
        ...dateFields('closesOn', '2027-10-01'),
        respondentTypes: 'leader',
        focusGroupCounting: 'one',
      });
      assert.equal(wrong.status, 400);
      assert.match(wrong.text, /href="#name">There is already a round called Baseline 2025/);
      assert.match(wrong.text, /href="#closesOn">The closing date must be the same as or after the opening date/);
      assert.match(wrong.text, /name="opensOn-day" type="text" value="10"/);
      assert.equal((await roundRow(id)).name, 'Autumn pulse');

      const saved = await admin.post(`/assessment/rounds/${id}/edit`, {
        name: 'autumn  PULSE 2027',
        ...dateFields('opensOn', '2027-09-01'),
        ...dateFields('closesOn', '2027-10-15'),
        organisationIds: String(orgs['Demoshire Police']),
        sectors: [],
        respondentTypes: ['leader', 'frontline'],
        focusGroupCounting: 'participants',
      });
      assert.equal(saved.status, 303);
      assert.equal(saved.location, `/assessment/rounds/${id}`);
      const shown = await admin.get(`/assessment/rounds/${id}`);
      assert.match(shown.text, /Changes to autumn PULSE 2027 are saved/);
      assert.match(shown.text, /15 October 2027/);
      assert.match(shown.text, /1 in the audience/);
      assert.match(shown.text, /Leaders and managers and Frontline practitioners/);
      assert.match(shown.text, /one response per participant/);
      const row = await roundRow(id);
      assert.equal(row.closes_on, '2027-10-15');
      assert.deepEqual(JSON.parse(row.audience_json), {
        organisationIds: [orgs['Demoshire Police']],
        sectors: [],
        respondentTypes: ['leader', 'frontline'],
      });
      const updates = (await audit('assessment_round')).filter(
        (e) => e.entity_id === String(id) && e.action === 'update',
      );
      assert.equal(updates.length, 1);
      assert.equal(
        updates[0]?.summary,
        'Changed the name, the closing date, the audience, how focus groups count of self-assessment round autumn PULSE 2027',
      );
      assert.deepEqual(JSON.parse(updates[0]?.before_json ?? '{}'), {
        name: 'Autumn pulse',
        closes_on: '2027-09-30',
        focus_group_counting: 'one',
        audience: {
          organisationIds: [orgs['Demoshire Police'], orgs['Riverside Academy Trust']],
          sectors: [],
          respondentTypes: ['leader'],
        },
      });
      assert.deepEqual(JSON.parse(updates[0]?.after_json ?? '{}'), {
        name: 'autumn PULSE 2027',
        closes_on: '2027-10-15',
        focus_group_counting: 'participants',
        audience: {
          organisationIds: [orgs['Demoshire Police']],
          sectors: [],
          respondentTypes: ['leader', 'frontline'],
        },
      });

      // Saving the same values changes nothing and writes no audit entry; the round may keep its own name.
      await admin.get(`/assessment/rounds/${id}/edit`);
      const same = await admin.post(`/assessment/rounds/${id}/edit`, {
        name: 'Autumn Pulse 2027',
        ...dateFields('opensOn', '2027-09-01'),
        ...dateFields('closesOn', '2027-10-15'),
        organisationIds: String(orgs['Demoshire Police']),
        respondentTypes: ['frontline', 'leader'],
        focusGroupCounting: 'participants',
      });
      assert.equal(same.status, 303);
      assert.equal((await roundRow(id)).name, 'Autumn Pulse 2027');
      const renamed = (await audit('assessment_round')).filter(
        (e) => e.entity_id === String(id) && e.action === 'update',
      );
      assert.equal(renamed.length, 2, 'only the changed capitals are recorded');
      assert.deepEqual(JSON.parse(renamed[1]?.after_json ?? '{}'), { name: 'Autumn Pulse 2027' });
    });

    it('says plainly that changing the audience keeps the responses already given', async () => {
      const round = await app.db.kysely
        .selectFrom('assessment_rounds')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('name', '=', 'Re-assessment 2026')
        .executeTakeFirstOrThrow();
      const before = await app.db.kysely
        .selectFrom('assessment_responses')
        .select('id')
        .where('round_id', '=', round.id)
        .execute();
      const form = await admin.get(`/assessment/rounds/${round.id}/edit`);
      assert.match(
        form.text,
        new RegExp(
          `${before.length} responses have already been sent or started. Changing the organisations, sectors or who is asked does not remove them: they are kept and stay in the results`,
        ),
      );
      const saved = await admin.post(`/assessment/rounds/${round.id}/edit`, {
        name: round.name,
        ...dateFields('opensOn', round.opens_on ?? ''),
        ...dateFields('closesOn', round.closes_on ?? ''),
        organisationIds: String(orgs['Demoshire Police']),
        respondentTypes: 'leader',
        focusGroupCounting: round.focus_group_counting,
      });
      assert.equal(saved.status, 303);
      const page = await admin.get(`/assessment/rounds/${round.id}`);
      assert.match(page.text, /Responses sent\s*<\/dt>\s*<dd[^>]*>\s*6/);
      assert.equal(
        (await app.db.kysely.selectFrom('assessment_responses').select('id').where('round_id', '=', round.id).execute())
          .length,
        before.length,
      );
      const historic = await app.db.kysely
        .insertInto('assessment_rounds')
        .values({
          partnership_id: app.demoPartnershipId,
          framework_id: round.framework_id,
          name: 'Imported 2009',
          kind: 'historic',
          status: 'closed',
          opens_on: null,
          closes_on: null,
          audience_json: '{}',
          focus_group_counting: 'one',
          created_at: nowIso(),
          updated_at: nowIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.equal((await admin.get(`/assessment/rounds/${historic.id}/edit`)).status, 404);
      assert.doesNotMatch((await admin.get(`/assessment/rounds/${historic.id}`)).text, /\/edit#/);
    });
  });
}
