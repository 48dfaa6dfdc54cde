import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { systemActor } from '../../src/auth/actor.ts';
import { countSubmittedAnswers } from '../../src/features/assessment/questionnaire-repository.ts';
import { ensureDefaultFramework } from '../../src/features/assessment/repository.ts';
import { DEMO_USERS } from '../../src/features/demo/demo.ts';
import { nowIso } from '../../src/lib/time.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { flatten, readTaggedPdf } from '../support/pdf-structure.ts';

const HEREFORDSHIRE = readFileSync(new URL('../fixtures/herefordshire-2009.csv', import.meta.url), 'utf8');
const TABLE = HEREFORDSHIRE.trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',').slice(-8).map(Number));

type Kind = 'score' | 'dont_know' | 'not_applicable';
/** The answer respondent i gives to a cell: a fixed pattern with some don't know and not applicable. */
function answer(i: number, theme: number, stage: number): { kind: Kind; score: number | null } {
  if ((i + theme * stage) % 11 === 0) return { kind: 'dont_know', score: null };
  if ((i + theme + stage) % 13 === 0) return { kind: 'not_applicable', score: null };
  return { kind: 'score', score: ((i * 7 + theme * 3 + stage) % 5) + 1 };
}

interface Seeded {
  organisation: number;
  type: string;
  sector: string;
  respondentType: 'leader' | 'frontline';
  participants: number;
  focusGroup: boolean;
}

/** What a cell should show, computed the slow way: every weighted score written out and sorted. */
function expectedCell(people: Seeded[], theme: number, stage: number, counting: 'one' | 'participants', offset = 0) {
  const values: number[] = [];
  let dontKnow = 0;
  let notApplicable = 0;
  people.forEach((p, i) => {
    const weight = counting === 'participants' && p.focusGroup ? p.participants : 1;
    const a = answer(i + offset, theme, stage);
    if (a.kind === 'dont_know') dontKnow += weight;
    else if (a.kind === 'not_applicable') notApplicable += weight;
    else for (let k = 0; k < weight; k += 1) values.push(a.score as number);
  });
  values.sort((x, y) => x - y);
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const median = n % 2 ? values[(n - 1) / 2] : ((values[n / 2 - 1] as number) + (values[n / 2] as number)) / 2;
  const distribution = [1, 2, 3, 4, 5].map((s) => values.filter((v) => v === s).length);
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  return { n, mean, median, distribution, dontKnow, notApplicable, sd };
}

for (const engine of ENGINES) {
  describe(`self-assessment results on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    let steering: TestClient;
    let roundId: number;
    const tokens = new Map<string, string>();
    const people: Seeded[] = [];
    const api = (method: string, path: string, role: string, body?: string) =>
      fetch(`${app.url}/api/v1${path}`, {
        method,
        body,
        headers: {
          authorization: `Bearer ${tokens.get(role)}`,
          ...(body === undefined ? {} : { 'content-type': 'text/csv' }),
        },
      });
    const roundCount = async () =>
      Number(
        (
          await app.db.kysely
            .selectFrom('assessment_rounds')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      app = await startTestApp(engine);
      const db = app.db.kysely;
      const pid = app.demoPartnershipId;
      for (const role of ['partnership_admin', 'steering_member', 'viewer', 'data_lead']) {
        const email = DEMO_USERS.find((u) => u.role === role)?.email ?? '';
        const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
        tokens.set(role, (await app.services.tokens.createFor(systemActor(pid), user.id, `${role} token`)).secret);
      }
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      steering = new TestClient(app.url);
      await steering.signIn('steering@demoshire.example');

      const frameworkId = await ensureDefaultFramework(db, pid);
      const at = nowIso();
      roundId = (
        await db
          .insertInto('assessment_rounds')
          .values({
            partnership_id: pid,
            framework_id: frameworkId,
            name: 'Baseline 2026',
            kind: 'live',
            status: 'open',
            opens_on: '2026-11-01',
            closes_on: '2026-12-01',
            audience_json: '{}',
            focus_group_counting: 'participants',
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const orgs = await db
        .selectFrom('organisations')
        .select(['id', 'name', 'type', 'sector'])
        .where('partnership_id', '=', pid)
        .execute();
      const org = (name: string) => orgs.find((o) => o.name === name) as { id: number; type: string; sector: string };
      const council = org('Demoshire County Council');
      const carers = org('Demoshire Young Carers');
      const school = org('Riverside Academy Trust');
      // 30 responses: council 14 (5 leaders), young carers 11 plus a focus group of 4, school 4 (a small sector and type).
      for (let i = 0; i < 30; i += 1) {
        const o = i < 14 ? council : i < 26 ? carers : school;
        const focusGroup = i === 25;
        people.push({
          organisation: o.id,
          type: o.type,
          sector: o.sector,
          respondentType: i < 5 ? 'leader' : 'frontline',
          participants: focusGroup ? 4 : 1,
          focusGroup,
        });
      }
      const insertResponse = async (p: Seeded, i: number, status: 'submitted' | 'in_progress', round = roundId) => {
        const { id } = await db
          .insertInto('assessment_responses')
          .values({
            partnership_id: pid,
            round_id: round,
            organisation_id: p.organisation,
            organisation_type: p.type,
            sector: p.sector,
            respondent_type: p.respondentType,
            source: p.focusGroup ? 'focus_group' : 'personal',
            participants: p.participants,
            status,
            submitted_at: status === 'submitted' ? at : null,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const answers = [];
        for (let t = 1; t <= 8; t += 1)
          for (let s = 1; s <= 8; s += 1) {
            const a = answer(i, t, s);
            answers.push({
              partnership_id: pid,
              round_id: round,
              response_id: id,
              theme: t,
              stage: s,
              score: a.score,
              answer_kind: a.kind,
            });
          }
        await db.insertInto('assessment_answers').values(answers).execute();
        await countSubmittedAnswers(db, pid, round, id);
      };
      for (const [i, p] of people.entries()) await insertResponse(p, i, 'submitted');
      // Not counted: a response still in progress, with answers that would change every mean.
      await insertResponse({ ...(people[29] as Seeded) }, 3, 'in_progress');
    });
    after(async () => {
      await app?.close();
    });

    it('computes every cell, weighting the focus group by its participants and ignoring unsubmitted answers', async () => {
      const results = await app.services.assessmentResults.results(systemActor(app.demoPartnershipId), roundId);
      assert.equal(results.submitted, 30);
      assert.equal(results.respondents, 33);
      for (const cell of results.cells) {
        const expected = expectedCell(people, cell.theme, cell.stage, 'participants');
        const where = `cell ${cell.theme}×${cell.stage}`;
        assert.equal(cell.n, expected.n, where);
        assert.ok(Math.abs((cell.mean as number) - expected.mean) < 1e-9, where);
        assert.equal(cell.median, expected.median, where);
        assert.deepEqual(cell.distribution, expected.distribution, where);
        assert.equal(cell.dontKnow, expected.dontKnow, where);
        assert.equal(cell.notApplicable, expected.notApplicable, where);
        assert.ok(Math.abs((cell.sd as number) - expected.sd) < 1e-9, where);
      }
      const themeOne = results.cells.filter((c) => c.theme === 1).reduce((s, c) => s + (c.mean as number), 0) / 8;
      assert.ok(Math.abs((results.averages.themes[0] as number) - themeOne) < 1e-9);
      const top = [...results.cells].sort(
        (a, b) => (b.mean as number) - (a.mean as number) || a.theme - b.theme || a.stage - b.stage,
      )[0];
      assert.deepEqual([results.highest[0]?.theme, results.highest[0]?.stage], [top?.theme, top?.stage]);
    });

    it('shows the same numbers through the API', async () => {
      const response = await api('GET', `/assessment/rounds/${roundId}/results`, 'steering_member');
      assert.equal(response.status, 200);
      const body = (await response.json()) as {
        cells: { theme: number; stage: number; mean: number; median: number; n: number }[];
        themes: { average: number }[];
      };
      assert.equal(body.cells.length, 64);
      const cell = body.cells.find((c) => c.theme === 3 && c.stage === 5);
      const expected = expectedCell(people, 3, 5, 'participants');
      assert.deepEqual([cell?.n, cell?.median], [expected.n, expected.median]);
      assert.ok(Math.abs((cell?.mean ?? 0) - expected.mean) < 1e-9);
      assert.equal(body.themes.length, 8);
    });

    it('counts a focus group once when the round says so', async () => {
      await app.db.kysely
        .updateTable('assessment_rounds')
        .set({ focus_group_counting: 'one' })
        .where('id', '=', roundId)
        .execute();
      try {
        const results = await app.services.assessmentResults.results(systemActor(app.demoPartnershipId), roundId);
        assert.equal(results.respondents, 30);
        const cell = results.cells.find((c) => c.theme === 2 && c.stage === 7);
        assert.equal(cell?.n, expectedCell(people, 2, 7, 'one').n);
        assert.notEqual(expectedCell(people, 2, 7, 'one').n, expectedCell(people, 2, 7, 'participants').n);
      } finally {
        await app.db.kysely
          .updateTable('assessment_rounds')
          .set({ focus_group_counting: 'participants' })
          .where('id', '=', roundId)
          .execute();
      }
    });

    it('leaves out every breakdown group of fewer than 5 respondents, and any group that would give one away', async () => {
      const page = await steering.get(`/assessment/rounds/${roundId}/results`);
      assert.equal(page.status, 200);
      const results = await app.services.assessmentResults.results(systemActor(app.demoPartnershipId), roundId);
      const table = (id: string) => new RegExp(`data-testid="${id}"[\\s\\S]*?</table>`).exec(page.text)?.[0] ?? '';
      // Maintained (4) is too small; statutory (14) goes too, or 33 − 15 − 14 would give it away.
      // The sizes shown are protected (docs/adr/0013): adjusted and rounded to 5, within 4 of the truth.
      const near = (id: string, label: string, truth: number) => {
        const shown = Number(new RegExp(`${label}<\\/th>\\s*<td[^>]*>(\\d+)<`).exec(table(id))?.[1]);
        assert.ok(shown % 5 === 0 && Math.abs(shown - truth) <= 4, `${label}: ${shown} for ${truth}`);
      };
      near('breakdown-sector', 'Voluntary', 15);
      assert.doesNotMatch(table('breakdown-sector'), /Maintained|Statutory/);
      near('breakdown-organisationType', 'Voluntary or community organisation', 15);
      assert.doesNotMatch(table('breakdown-organisationType'), /School or academy|Local authority/);
      near('breakdown-respondentType', 'Frontline practitioners', 28);
      near('breakdown-respondentType', 'Leaders and managers', 5);
      assert.equal(
        results.breakdowns.find((b) => b.dimension === 'sector')?.groups[0]?.respondents,
        results.breakdowns.find((b) => b.dimension === 'organisationType')?.groups.find((g) => g.key === 'voluntary')
          ?.respondents,
        'the same 15 people get the same figure in both breakdowns',
      );
      const voluntary = results.breakdowns.find((b) => b.dimension === 'sector')?.groups[0];
      const carersOnly = people.slice(14, 26);
      const expectedTheme =
        [1, 2, 3, 4, 5, 6, 7, 8].reduce((sum, s) => sum + expectedCell(carersOnly, 1, s, 'participants', 14).mean, 0) /
        8;
      assert.ok(Math.abs((voluntary?.themes[0] as number) - expectedTheme) < 1e-9);
      assert.match(
        table('organisation-counts'),
        /Riverside Academy Trust<\/th>\s*<td[^>]*>4<\/td>\s*<td[^>]*>4<\/td>\s*<td[^>]*>1</,
      );
      assert.match(table('organisation-counts'), /Demoshire Young Carers<\/th>\s*<td[^>]*>12<\/td>\s*<td[^>]*>15</);
      assert.match(page.text, /30 submitted responses, counted as 33 respondents/);
      assert.match(page.text, /role="img"/);
      const expected = expectedCell(people, 1, 1, 'participants');
      assert.match(
        table('cell-statistics'),
        new RegExp(`id="cell-1-1">[\\s\\S]*?numeric">${(Math.round(expected.mean * 10) / 10).toFixed(1)}</td>`),
      );
    });

    it('imports the Herefordshire 2009 table through the API and reproduces every value', async () => {
      const created = await api(
        'POST',
        `/assessment/rounds/import?name=${encodeURIComponent('Herefordshire June 2009')}&heldOn=2009-06-30`,
        'partnership_admin',
        HEREFORDSHIRE,
      );
      assert.equal(created.status, 201);
      const { id } = (await created.json()) as { id: number };
      const response = await api('GET', `/assessment/rounds/${id}/results`, 'partnership_admin');
      const body = (await response.json()) as {
        cells: { theme: number; stage: number; mean: number; n: number | null }[];
        highest: unknown[];
        lowest: unknown[];
      };
      assert.equal(body.cells.length, 64);
      for (const cell of body.cells)
        assert.equal(cell.mean, TABLE[cell.theme - 1]?.[cell.stage - 1], `cell ${cell.theme}×${cell.stage}`);
      assert.deepEqual(body.highest[0], { theme: 1, stage: 4, mean: 4.3 });
      assert.deepEqual(body.lowest[0], { theme: 7, stage: 2, mean: 2.2 });
      const page = await admin.get(`/assessment/rounds/${id}/results`);
      assert.match(
        page.text,
        /What scored highly[\s\S]*?Shared identity, purpose and vision × Get it working across the workforce: <strong>4.3/,
      );
      assert.match(
        page.text,
        /What scored very low[\s\S]*?Capacity to deliver and keep children safe × Get the right people to help: <strong>2.2/,
      );
      const heat = /data-testid="heat-map"[\s\S]*?<\/table>/.exec(page.text)?.[0] ?? '';
      for (const row of TABLE)
        for (const value of row)
          assert.ok(
            heat.includes(`>${value.toFixed(1)}<span class="govuk-visually-hidden">`),
            `${value} in the heat map`,
          );
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('entity_type', '=', 'assessment_round')
        .where('entity_id', '=', String(id))
        .execute();
      assert.deepEqual(
        audit.map((a) => a.summary),
        ['Imported historic round Herefordshire June 2009'],
      );
    });

    it('imports the same table from an Excel workbook through the upload form', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('OCWT');
      sheet.addRow(['Red = very low, green = very high']);
      sheet.addRow([]);
      for (const [i, line] of HEREFORDSHIRE.trim().split('\n').entries()) {
        const cells = line.match(/("[^"]*"|[^,]+)/g)?.map((c) => c.replace(/"/g, '')) ?? [];
        sheet.addRow(i === 0 ? cells : [cells[0], ...cells.slice(1).map(Number)]);
      }
      const upload = async (name: string, file: Blob, fileName: string) => {
        const page = await admin.get('/assessment/rounds/import');
        assert.equal(page.status, 200);
        const form = new FormData();
        form.append('name', name);
        for (const [part, value] of Object.entries({ day: '30', month: '6', year: '2009' }))
          form.append(`heldOn-${part}`, value);
        form.append('file', file, fileName);
        const cookie = [...(admin as unknown as { cookies: Map<string, string> }).cookies]
          .map(([k, v]) => `${k}=${v}`)
          .join('; ');
        return fetch(`${app.url}/assessment/rounds/import?_csrf=${encodeURIComponent(admin.csrfToken)}`, {
          method: 'POST',
          body: form,
          redirect: 'manual',
          headers: { cookie },
        });
      };
      // A title row and a blank row above the table, as a spreadsheet often has, are skipped.
      const created = await upload('From Excel', new Blob([await workbook.xlsx.writeBuffer()]), 'herefordshire.xlsx');
      assert.equal((await upload('Not a workbook', new Blob(['PK not really a zip']), 'x.xlsx')).status, 400);
      assert.equal(created.status, 303);
      const id = Number(/\/assessment\/rounds\/(\d+)\/results/.exec(created.headers.get('location') ?? '')?.[1]);
      const results = await app.services.assessmentResults.results(systemActor(app.demoPartnershipId), id);
      for (const cell of results.cells) assert.equal(cell.mean, TABLE[cell.theme - 1]?.[cell.stage - 1]);
    });

    it('refuses a bad table with the row and column of each problem, creating nothing', async () => {
      const before = await roundCount();
      const bad = HEREFORDSHIRE.replace('Complementary roles', 'Complimentary roels')
        .replace('2.5,2.2,3.2', '2.5,5.2,3.2')
        .replace(',4.2,3.6,4.1', ',4.2,,4.1');
      const response = await api(
        'POST',
        '/assessment/rounds/import?name=Broken&heldOn=2009-06-30',
        'partnership_admin',
        bad,
      );
      assert.equal(response.status, 422);
      const messages = ((await response.json()) as { errors: { message: string }[] }).errors.map((e) => e.message);
      assert.ok(
        messages.includes('Row 7, column A: “Complimentary roels” is not a theme of the framework'),
        messages.join('\n'),
      );
      assert.ok(messages.includes('Row 8, column C: 5.2 is outside the scale of 1 to 5'));
      assert.ok(messages.includes('Row 9, column H: the score for theme 8, stage 7 is missing'));
      assert.ok(messages.includes('There is no row for theme 6 (Complementary roles)'));
      const unknownStage = await api(
        'POST',
        '/assessment/rounds/import?name=Broken&heldOn=2009-06-30',
        'partnership_admin',
        HEREFORDSHIRE.replace('Theme,1,2,3', 'Theme,1,Get going,3'),
      );
      assert.match(
        JSON.stringify(await unknownStage.json()),
        /Row 1, column C: “Get going” is not a stage of the framework/,
      );
      assert.equal(await roundCount(), before);
    });

    it('lets only administrators and steering members see results, and only their own partnership’s', async () => {
      for (const role of ['viewer', 'data_lead']) {
        assert.equal((await api('GET', `/assessment/rounds/${roundId}/results`, role)).status, 403, role);
      }
      assert.equal(
        (await api('POST', '/assessment/rounds/import?name=X&heldOn=2009-06-30', 'steering_member', HEREFORDSHIRE))
          .status,
        403,
      );
      const viewer = new TestClient(app.url);
      await viewer.signIn('viewer@demoshire.example');
      assert.equal((await viewer.get(`/assessment/rounds/${roundId}/results`)).status, 403);
      const db = app.db.kysely;
      const other = await db
        .insertInto('partnerships')
        .values({ name: 'Elsewhere Trust', local_authority_code: null, created_at: nowIso() })
        .returning('id')
        .executeTakeFirstOrThrow();
      const framework = await ensureDefaultFramework(db, other.id);
      const theirs = await db
        .insertInto('assessment_rounds')
        .values({
          partnership_id: other.id,
          framework_id: framework,
          name: 'Theirs',
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
      assert.equal((await admin.get(`/assessment/rounds/${theirs.id}/results`)).status, 404);
      assert.equal((await admin.get(`/assessment/rounds/${theirs.id}/results.csv`)).status, 404);
      assert.equal((await api('GET', `/assessment/rounds/${theirs.id}/results`, 'partnership_admin')).status, 404);
    });

    it('marks and removes priorities, with an audit entry each time', async () => {
      await admin.get(`/assessment/rounds/${roundId}/results`);
      const missing = await admin.post(`/assessment/rounds/${roundId}/priorities`, { cell: '', note: '' });
      assert.equal(missing.status, 400);
      assert.match(missing.text, /Select a theme or a cell/);
      assert.equal(
        (
          await admin.post(`/assessment/rounds/${roundId}/priorities`, {
            cell: '7:2',
            note: 'Recruit <b>more</b> help',
          })
        ).status,
        303,
      );
      assert.equal(
        (await admin.post(`/assessment/rounds/${roundId}/priorities`, { cell: '3', note: 'Whole theme' })).status,
        303,
      );
      const page = await admin.get(`/assessment/rounds/${roundId}/results`);
      assert.match(
        page.text,
        /Capacity to deliver and keep children safe × Get the right people to help<\/strong>: Recruit &lt;b&gt;more&lt;\/b&gt; help/,
      );
      assert.match(page.text, /Behaviours focused on positive outcomes<\/strong>: Whole theme/);
      assert.equal(
        (await steering.post(`/assessment/rounds/${roundId}/priorities`, { cell: '1', note: 'x' })).status,
        403,
      );
      const id = /priorities\/(\d+)\/delete/.exec(page.text)?.[1];
      assert.equal((await admin.post(`/assessment/rounds/${roundId}/priorities/${id}/delete`)).status, 303);
      const events = await app.db.kysely
        .selectFrom('audit_events')
        .select('action')
        .where('entity_type', '=', 'assessment_priority')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        events.map((e) => e.action),
        ['create', 'create', 'delete'],
      );
    });

    it('exports CSV, XLSX and PDF with formulas neutralised', async () => {
      const db = app.db.kysely;
      const round = await db
        .selectFrom('assessment_rounds')
        .select('framework_id')
        .where('id', '=', roundId)
        .executeTakeFirstOrThrow();
      await db
        .updateTable('assessment_framework_themes')
        .set({ name: '=HYPERLINK("http://evil")' })
        .where('framework_id', '=', round.framework_id)
        .where('position', '=', 2)
        .execute();
      try {
        const csv = await steering.get(`/assessment/rounds/${roundId}/results.csv`);
        assert.equal(csv.status, 200);
        assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
        const lines = csv.text.split('\r\n');
        assert.equal(lines.length, 66);
        assert.ok(
          lines.some((l) => l.startsWith('2,"\'=HYPERLINK(""http://evil"")",1,')),
          'formula neutralised',
        );
        const expected = expectedCell(people, 1, 1, 'participants');
        assert.ok(
          lines[1]?.startsWith(
            `1,"Shared identity, purpose and vision",1,Define what’s needed,${(Math.round(expected.mean * 10) / 10).toFixed(1)},${expected.median},${expected.n},${expected.distribution.join(',')},${expected.dontKnow},${expected.notApplicable},`,
          ),
        );
        const xlsx = await fetch(`${app.url}/assessment/rounds/${roundId}/results.xlsx`, {
          headers: {
            cookie: (steering as unknown as { cookies: Map<string, string> }).cookies
              ? [...(steering as unknown as { cookies: Map<string, string> }).cookies]
                  .map(([k, v]) => `${k}=${v}`)
                  .join('; ')
              : '',
          },
        });
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(await xlsx.arrayBuffer());
        assert.deepEqual(
          workbook.worksheets.map((w) => w.name),
          ['Cells', 'Themes', 'Breakdowns', 'Priorities', 'Evidence notes'],
        );
        assert.equal(workbook.worksheets[0]?.getRow(10).getCell(2).value, '\'=HYPERLINK("http://evil")');
        const pdf = await steering.get(`/assessment/rounds/${roundId}/results.pdf`);
        assert.equal(pdf.status, 200);
        assert.match(pdf.text, /^%PDF-/);
        const tagged = readTaggedPdf(
          Buffer.from(
            await (
              await fetch(`${app.url}/assessment/rounds/${roundId}/results.pdf`, {
                headers: {
                  cookie: [...(steering as unknown as { cookies: Map<string, string> }).cookies]
                    .map(([k, v]) => `${k}=${v}`)
                    .join('; '),
                },
              })
            ).arrayBuffer(),
          ),
        );
        assert.equal(tagged.lang, 'en-GB');
        assert.equal(tagged.marked, true);
        const elements = flatten(tagged.structure ?? []);
        assert.match(elements.find((n) => n.type === 'Figure')?.alt ?? '', /^Rainbow of /);
        const heatRows = elements.find((n) => n.type === 'Table')?.children ?? [];
        assert.equal(heatRows.length, 9, 'the heat map: a header row and a row per theme');
        assert.equal(heatRows[2]?.children[0]?.actual, '=HYPERLINK("http://evil")', 'theme names are read as text');
      } finally {
        await db
          .updateTable('assessment_framework_themes')
          .set({ name: 'Common values and language' })
          .where('framework_id', '=', round.framework_id)
          .where('position', '=', 2)
          .execute();
      }
    });

    it('compares two rounds cell by cell and theme by theme', async () => {
      const rounds = await app.services.assessmentResults.listRounds(systemActor(app.demoPartnershipId));
      const historic = rounds.find((r) => r.name === 'Herefordshire June 2009');
      const page = await steering.get(`/assessment/compare?from=${historic?.id}&to=${roundId}`);
      assert.equal(page.status, 200);
      const results = await app.services.assessmentResults.results(systemActor(app.demoPartnershipId), roundId);
      const live = results.cells.find((c) => c.theme === 1 && c.stage === 4)?.mean as number;
      const change = Math.round((Number((Math.round(live * 10) / 10).toFixed(1)) - 4.3) * 10) / 10;
      const text =
        change > 0
          ? `Improved by ${change.toFixed(1)}`
          : change < 0
            ? `Declined by ${Math.abs(change).toFixed(1)}`
            : 'Same';
      assert.match(
        page.text,
        new RegExp(
          `Shared identity, purpose and vision × Get it working across the workforce</th>\\s*<td[^>]*>4.3</td>\\s*<td[^>]*>[0-9.]+</td>\\s*<td[^>]*>(<span[^>]*>)?${text}`,
        ),
      );
      assert.equal((page.text.match(/role="img"/g) ?? []).length, 2);
      assert.match(page.text, /Of 64 cells, \d+ improved, \d+ declined and \d+ stayed the same/);
    });

    it(
      'asks PostgreSQL to vacuum the answers often, so the aggregate stays an index-only scan',
      { skip: engine !== 'postgres' },
      async () => {
        const { rows } = await sql<{
          reloptions: string[];
        }>`select reloptions from pg_class where relname = 'assessment_answers'`.execute(app.db.kysely);
        assert.deepEqual([...(rows[0]?.reloptions ?? [])].sort(), [
          'autovacuum_vacuum_insert_scale_factor=0.02',
          'autovacuum_vacuum_scale_factor=0.02',
        ]);
      },
    );
  });
}
