import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { responseWeight } from '../../src/features/assessment/weights.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { answerEverything, createRound, downloadLinks, themeAnswers } from '../support/assessment-collection.ts';

const HOSTILE = '<script>alert("owned")</script>';

for (const engine of ENGINES) {
  describe(`the self-assessment questionnaire on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    let orgs: Record<string, number>;
    let roundId: number;
    let personal: string[];
    let open: string;
    before(async () => {
      app = await startTestApp(engine);
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      const rows = await app.db.kysely
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('partnership_id', '=', app.demoPartnershipId)
        .execute();
      orgs = Object.fromEntries(rows.map((r) => [r.name, r.id]));
      roundId = await createRound(admin, {
        name: 'Questionnaire round',
        organisationIds: [String(orgs['Demoshire Police']), String(orgs['Demoshire Young Carers'])],
        focusGroupCounting: 'participants',
      });
      await admin.get(`/assessment/rounds/${roundId}`);
      assert.equal(
        (
          await admin.post(`/assessment/rounds/${roundId}/invitations`, {
            organisationId: String(orgs['Demoshire Police']),
            respondentType: 'leader',
            count: '4',
          })
        ).status,
        303,
      );
      assert.equal((await admin.post(`/assessment/rounds/${roundId}/open-links`)).status, 303);
      assert.equal((await admin.post(`/assessment/rounds/${roundId}/open`)).status, 303);
      const links = await downloadLinks(admin, roundId);
      personal = links.filter((l) => l.kind === 'Personal link').map((l) => l.path);
      open = links.find((l) => l.kind === 'Open link' && l.organisation === 'Demoshire Young Carers')?.path ?? '';
      assert.equal(personal.length, 4);
      assert.ok(open);
    });
    after(async () => {
      await app?.close();
    });

    const responses = () =>
      app.db.kysely
        .selectFrom('assessment_responses')
        .selectAll()
        .where('round_id', '=', roundId)
        .orderBy('id')
        .execute();
    const answersOf = (responseId: number) =>
      app.db.kysely
        .selectFrom('assessment_answers')
        .selectAll()
        .where('response_id', '=', responseId)
        .orderBy('theme')
        .orderBy('stage')
        .execute();

    it('takes a full set of answers through a personal link, without an account', async () => {
      const respondent = new TestClient(app.url);
      const base = personal[0] as string;
      const start = await respondent.get(base);
      assert.equal(start.status, 200);
      assert.match(start.text, /Questionnaire round/);
      assert.match(start.text, /You are answering for <strong>Demoshire Police<\/strong>/);
      assert.equal((await respondent.post(`${base}/start`)).location, `${base}/theme/1`);
      const theme3 = await respondent.get(`${base}/theme/3`);
      assert.match(theme3.text, /Theme 3 of 8/);
      assert.match(theme3.text, /Behaviours focused on positive outcomes/);
      assert.equal((theme3.text.match(/<fieldset/g) ?? []).length, 8);
      assert.match(theme3.text, /Stage 4: Get it working across the workforce/);
      assert.match(theme3.text, /value="dont_know"/);
      assert.match(theme3.text, /value="not_applicable"/);
      const { check, confirmation } = await answerEverything(respondent, base, (theme) =>
        themeAnswers(
          String((theme % 5) + 1),
          theme === 2 ? { 1: 'dont_know', 8: 'not_applicable' } : {},
          theme === 4 ? HOSTILE : '',
        ),
      );
      assert.match(check.text, /Check your answers before sending them/);
      assert.match(check.text, /Don’t know/);
      assert.match(check.text, /Not applicable/);
      assert.match(check.text, /&lt;script&gt;alert\(&quot;owned&quot;\)&lt;\/script&gt;/);
      assert.doesNotMatch(check.text, /<script>alert/);
      assert.match(check.text, new RegExp(`href="${base}/theme/2\\?change=1#stage_1"`));
      assert.match(confirmation.text, /Your answers have been sent/);

      const [response] = (await responses()).filter((r) => r.source === 'personal');
      assert.ok(response);
      assert.equal(response.status, 'submitted');
      assert.equal(response.organisation_id, orgs['Demoshire Police']);
      assert.equal(response.respondent_type, 'leader');
      assert.equal(response.sector, 'statutory');
      assert.equal(response.organisation_type, 'police');
      const answers = await answersOf(response.id);
      assert.equal(answers.length, 64);
      assert.deepEqual(
        answers.filter((a) => a.theme === 2).map((a) => [a.answer_kind, a.score]),
        [
          ['dont_know', null],
          ['score', 3],
          ['score', 3],
          ['score', 3],
          ['score', 3],
          ['score', 3],
          ['score', 3],
          ['not_applicable', null],
        ],
      );
      assert.deepEqual([...new Set(answers.filter((a) => a.theme === 5).map((a) => a.score))], [1]);
      const evidence = await app.db.kysely
        .selectFrom('assessment_evidence')
        .selectAll()
        .where('response_id', '=', response.id)
        .execute();
      assert.deepEqual(
        evidence.map((e) => [e.theme, e.note]),
        [[4, HOSTILE]],
      );
      const invitation = await app.db.kysely
        .selectFrom('assessment_invitations')
        .select('used_at')
        .where('id', '=', response.invitation_id ?? 0)
        .executeTakeFirstOrThrow();
      assert.ok(invitation.used_at);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('entity_type', '=', 'assessment_response')
        .where('entity_id', '=', String(response.id))
        .execute();
      assert.deepEqual(
        audit.map((e) => [e.action, e.summary]),
        [['submit', 'Submitted a response to Questionnaire round']],
      );
    });

    it('allows one response per personal link', async () => {
      const base = personal[0] as string;
      const again = new TestClient(app.url);
      const start = await again.get(base);
      assert.equal(start.status, 200);
      assert.match(start.text, /You have already answered this self-assessment/);
      assert.doesNotMatch(start.text, /Start now/);
      await again.get(open); // a page with a form, for this session's CSRF token
      const change = await again.post(`${base}/theme/1`, { ...themeAnswers('5'), action: 'continue' });
      assert.match(change.text, /You have already answered this self-assessment/);
      assert.match((await again.post(`${base}/submit`)).text, /You have already answered/);
      assert.match((await again.post(`${base}/start`)).text, /You have already answered/);
      const rows = (await responses()).filter((r) => r.source === 'personal');
      assert.equal(rows.length, 1);
      assert.deepEqual(
        [...new Set((await answersOf(rows[0]?.id ?? 0)).filter((a) => a.theme === 1).map((a) => a.score))],
        [2],
      );
      const round = await admin.get(`/assessment/rounds/${roundId}`);
      assert.match(
        round.text,
        /Demoshire Police<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>4<\/td>\s*<td[^>]*>1<\/td>/,
      );
    });

    it('refuses answers that are missing or not on the scale, saying which', async () => {
      const respondent = new TestClient(app.url);
      const base = personal[1] as string;
      await respondent.get(base);
      await respondent.post(`${base}/start`);
      await respondent.get(`${base}/theme/1`);
      const missing = await respondent.post(`${base}/theme/1`, {
        stage_1: '3',
        stage_2: '6',
        stage_3: HOSTILE,
        evidence: 'x'.repeat(2001),
        action: 'continue',
      });
      assert.equal(missing.status, 400);
      assert.match(missing.text, /There is a problem/);
      assert.match(
        missing.text,
        /href="#stage_2">Select a score from 1 to 5, don’t know or not applicable for Get the right people to help/,
      );
      assert.match(missing.text, /href="#stage_3">Select a score from 1 to 5/);
      assert.match(missing.text, /href="#stage_4">Select an answer for Get it working across the workforce/);
      assert.match(missing.text, /href="#evidence">The evidence note must be 2000 characters or fewer/);
      assert.match(missing.text, /value="3" checked/);
      assert.doesNotMatch(missing.text, /<script>alert/);
      assert.equal((await respondent.get(`${base}/theme/9`)).status, 404);
      const [response] = (await responses()).filter((r) => r.invitation_id !== null && r.status === 'in_progress');
      assert.equal((await answersOf(response?.id ?? 0)).length, 0, 'nothing is saved from a refused page');
      const early = await respondent.post(`${base}/submit`);
      assert.equal(early.status, 400);
      assert.match(early.text, /Answer every stage of every theme before you send your answers/);
    });

    it('saves and returns later through the same link, on another device', async () => {
      const base = personal[2] as string;
      const first = new TestClient(app.url);
      await first.get(base);
      await first.post(`${base}/start`);
      await first.get(`${base}/theme/1`);
      assert.equal((await first.post(`${base}/theme/1`, { ...themeAnswers('4'), action: 'continue' })).status, 303);
      await first.get(`${base}/theme/2`);
      const later = await first.post(`${base}/theme/2`, {
        stage_1: '2',
        stage_2: 'dont_know',
        evidence: 'Half done',
        action: 'later',
      });
      assert.equal(later.location, `${base}/saved`);
      const saved = await first.get(`${base}/saved`);
      assert.match(saved.text, /Your answers are saved/);
      assert.ok(saved.text.includes(`${app.url}${base}`));

      const second = new TestClient(app.url);
      const start = await second.get(base);
      assert.match(start.text, /You have already started/);
      assert.match(start.text, new RegExp(`href="${base}/theme/2"`));
      const theme2 = await second.get(`${base}/theme/2`);
      assert.match(theme2.text, /name="stage_1" type="radio" value="2" checked|value="2" checked/);
      assert.match(theme2.text, /value="dont_know" checked/);
      assert.match(theme2.text, />Half done<\/textarea>/);
      const { confirmation } = await answerEverything(second, base, () => themeAnswers('3'));
      assert.match(confirmation.text, /Your answers have been sent/);
    });

    it('lets anyone with an open link answer, with a resume link of their own', async () => {
      const one = new TestClient(app.url);
      const start = await one.get(open);
      assert.equal(start.status, 200);
      assert.match(start.text, /Demoshire Young Carers/);
      assert.match(start.text, /Which best describes your role\?/);
      const early = await one.get(`${open}/theme/1`);
      assert.equal(early.status, 303, 'an open link goes to its start page until someone starts');
      assert.equal(early.location, open);
      const noType = await one.post(`${open}/start`, {});
      assert.equal(noType.status, 400);
      assert.match(noType.text, /Select the description that fits your role/);
      const started = await one.post(`${open}/start`, { respondentType: 'frontline' });
      const resume = /^(\/respond\/r[\w-]+)\/theme\/1$/.exec(started.location ?? '')?.[1];
      assert.ok(resume, `went to ${started.location}`);
      const theme1 = await one.get(`${resume}/theme/1`);
      assert.match(theme1.text, /Keep this link to come back to your answers later/);
      assert.ok(theme1.text.includes(`${app.url}${resume}`));

      // The open link stays open for others; the resume link carries on from another device.
      const two = new TestClient(app.url);
      const other = await two.post(`${open}/start`, {
        respondentType: 'leader',
        _csrf: (await two.get(open), two.csrfToken),
      });
      assert.match(other.location ?? '', /^\/respond\/r/);
      assert.notEqual(other.location, started.location);
      const resumed = new TestClient(app.url);
      await answerEverything(resumed, resume, () => themeAnswers('5', { 3: 'not_applicable' }));
      const rows = (await responses()).filter((r) => r.source === 'open');
      assert.equal(rows.length, 2);
      assert.deepEqual(
        rows.map((r) => [r.status, r.respondent_type, r.organisation_id, r.sector]),
        [
          ['submitted', 'frontline', orgs['Demoshire Young Carers'], 'voluntary'],
          ['in_progress', 'leader', orgs['Demoshire Young Carers'], 'voluntary'],
        ],
      );
      assert.match((await resumed.get(resume)).text, /You have already answered/);
    });

    it('records a focus group on behalf of its participants', async () => {
      await admin.get(`/assessment/rounds/${roundId}/focus-groups/new`);
      const invalid = await admin.post(`/assessment/rounds/${roundId}/focus-groups/new`, {
        organisationId: '',
        sector: 'nowhere',
        respondentType: '',
        participants: '1',
      });
      assert.equal(invalid.status, 400);
      assert.match(invalid.text, /Select the participants’ sector/);
      assert.match(invalid.text, /Enter the number of participants, from 2 to 200/);
      const started = await admin.post(`/assessment/rounds/${roundId}/focus-groups/new`, {
        organisationId: '',
        sector: 'voluntary',
        respondentType: 'frontline',
        participants: '12',
      });
      assert.equal(started.status, 303);
      const base = /^(\/respond\/r[\w-]+)\/theme\/1$/.exec(started.location ?? '')?.[1];
      assert.ok(base);
      const theme = await admin.get(`${base}/theme/1`);
      assert.match(theme.text, /Record the scores the focus group of 12 agreed/);
      assert.equal((await admin.post(`${base}/theme/1`, { ...themeAnswers('2'), action: 'later' })).status, 303);
      const round = await admin.get(`/assessment/rounds/${roundId}`);
      assert.match(round.text, /12 participants, several organisations, being recorded/);
      const continued = await admin.post(
        `/assessment/rounds/${roundId}/focus-groups/${(await responses()).find((r) => r.source === 'focus_group')?.id}/continue`,
      );
      const next = continued.location ?? '';
      assert.match(next, /^\/respond\/r/);
      assert.equal((await admin.get(`${base}/theme/1`)).status, 404, 'the old resume link stops working');
      const cell = async () =>
        (await app.services.assessmentResults.results(systemActor(app.demoPartnershipId), roundId)).cells[0];
      const before = await cell();
      const recorded = await answerEverything(admin, next, () => themeAnswers('2'));
      assert.match(
        recorded.confirmation.text,
        new RegExp(`href="/assessment/rounds/${roundId}">Back to `),
        'the facilitator can go back to the round',
      );
      const after = await cell();
      assert.equal(
        (after?.n ?? 0) - (before?.n ?? 0),
        12,
        'the results count the submitted group as its 12 participants',
      );
      assert.equal((after?.distribution?.[1] ?? 0) - (before?.distribution?.[1] ?? 0), 12);
      const group = (await responses()).find((r) => r.source === 'focus_group');
      assert.ok(group);
      assert.deepEqual(
        [group.status, group.participants, group.sector, group.respondent_type, group.organisation_id],
        ['submitted', 12, 'voluntary', 'frontline', null],
      );
      assert.equal(responseWeight(group, 'participants'), 12);
      assert.equal(responseWeight(group, 'one'), 1);
      assert.equal(responseWeight({ ...group, status: 'in_progress' }, 'participants'), 0);
      assert.match(
        (await admin.get(`/assessment/rounds/${roundId}`)).text,
        /12 participants, several organisations, sent/,
      );
    });

    it('lets a signed-in user answer an open round from the self-assessment page', async () => {
      const viewer = new TestClient(app.url);
      await viewer.signIn('datalead@demoshire.example');
      const landing = await viewer.get('/assessment');
      assert.equal(landing.status, 200);
      assert.match(landing.text, /Re-assessment 2026/);
      assert.doesNotMatch(landing.text, /Questionnaire round/, 'not in this round’s audience');
      const reassessment = await app.db.kysely
        .selectFrom('assessment_rounds')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('name', '=', 'Re-assessment 2026')
        .executeTakeFirstOrThrow();
      const started = await viewer.post(`/assessment/rounds/${reassessment.id}/respond`, {
        respondentType: 'frontline',
      });
      assert.match(started.location ?? '', /^\/respond\/r/);
      const start = await viewer.get(started.location ?? '');
      assert.match(
        start.text,
        /class="govuk-back-link[^"]*"[^>]*href="\/assessment"|href="\/assessment"[^>]*class="govuk-back-link/,
        'a signed-in respondent can go back',
      );
      const sent = await answerEverything(viewer, started.location ?? '', () => themeAnswers('4'));
      assert.match(sent.confirmation.text, /href="\/assessment">Back to the self-assessment page/);
      assert.match((await viewer.get('/assessment')).text, /You have answered this round/);
      const mine = await app.db.kysely
        .selectFrom('assessment_responses')
        .selectAll()
        .where('round_id', '=', reassessment.id)
        .where('source', '=', 'user')
        .execute();
      assert.equal(mine.length, 1);
      assert.equal(mine[0]?.organisation_id, orgs['Little Acorns Nurseries Ltd']);
      const again = await viewer.post(`/assessment/rounds/${reassessment.id}/respond`, { respondentType: 'frontline' });
      assert.equal(again.location, '/assessment');
    });

    it('explains links that cannot be used: unknown, closed, and forms without their token', async () => {
      const stranger = new TestClient(app.url);
      for (const path of [
        '/respond/i000000000000000000000000000000000000',
        '/respond/nonsense',
        '/respond/<script>/theme/1',
      ]) {
        const page = await stranger.get(path);
        assert.equal(page.status, 404, path);
        assert.match(page.text, /This link is not valid/);
      }
      const base = personal[3] as string;
      await stranger.get(base);
      const forged = await stranger.post(`${base}/start`, { _csrf: 'wrong' });
      assert.equal(forged.status, 403);
      assert.match(forged.text, /Your form has expired/);
      assert.equal((await responses()).filter((r) => r.invitation_id !== null && r.source === 'personal').length, 3);

      await admin.get(`/assessment/rounds/${roundId}`);
      assert.equal((await admin.post(`/assessment/rounds/${roundId}/close`)).status, 303);
      for (const path of [base, `${base}/theme/1`, open]) {
        const page = await stranger.get(path);
        assert.equal(page.status, 410, path);
        assert.match(page.text, /This self-assessment is closed/);
      }
      const post = await stranger.post(`${personal[1]}/theme/1`, { ...themeAnswers('1'), action: 'continue' });
      assert.equal(post.status, 410);
      assert.equal((await responses()).filter((r) => r.status === 'submitted').length, 4);
    });
  });
}
