import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { constants, inflateSync } from 'node:zlib';
import { systemActor } from '../../src/auth/actor.ts';
import { loadDemo } from '../../src/features/demo/demo.ts';
import { DEMO_CENSUS_DATES } from '../../src/features/workforce/returns/demo-returns.ts';
import { HEADLINE } from '../../src/features/workforce/profile/headline.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const CENSUS = DEMO_CENSUS_DATES[1]!;

/** The text a PDF shows: its content streams inflated and their TJ strings decoded (standard fonts). */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const data = pdf.subarray(start, raw.indexOf('endstream', start));
    let content: string;
    try {
      content = inflateSync(data, { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g))
      lines.push(
        [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''),
      );
  }
  return lines.join('\n');
}

const number = (text: string | undefined) => Number(String(text).replace(/,/g, '').trim());

for (const engine of ENGINES) {
  describe(`one number, one name: FTE in post, headcount and leavers agree in all six places on ${engine} (exact for the organisation's own return, protected in the profile)`, () => {
    let app: TestApp;
    let cliDatabase: TestDatabase;
    let admin: TestClient;
    let token: string;
    let dir: string;
    before(async () => {
      app = await startTestApp(engine);
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
      const user = await app.db.kysely
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'admin@demoshire.example')
        .executeTakeFirstOrThrow();
      token = (await app.services.tokens.createFor(systemActor(app.demoPartnershipId), user.id, 'six places')).secret;
      cliDatabase = await createTestDatabase(engine);
      await loadDemo(cliDatabase.db.kysely);
      dir = mkdtempSync(join(tmpdir(), 'ow-one-number-'));
    });
    after(async () => {
      await app?.close();
      await cliDatabase?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    /** 6. The command line: the organisation's return exported and imported again, on a copy of the demo. */
    async function cliFteInPost(organisationId: number): Promise<number> {
      const file = join(dir, `${organisationId}.csv`);
      const args = ['--organisation', String(organisationId), '--census-date', CENSUS];
      const exported = await runCli(cliDatabase, ['export', ...args, file]);
      assert.equal(exported.code, 0, exported.stderr);
      const imported = await runCli(cliDatabase, ['import', ...args, file]);
      assert.equal(imported.code, 0, imported.stdout + imported.stderr);
      return number(new RegExp(`${HEADLINE.fteInPost.label} ([0-9.]+)\\.`).exec(imported.stdout)?.[1]);
    }
    let cliRuns = 0;

    it('gives the same FTE in post, under the same name, for every demo organisation', async () => {
      const organisations = await app.db.kysely
        .selectFrom('workforce_returns')
        .select('organisation_id')
        .where('status', '=', 'current')
        .where('census_date', '=', CENSUS)
        .orderBy('organisation_id')
        .execute();
      assert.ok(organisations.length >= 2);
      for (const { organisation_id: id } of organisations) {
        const query = `censusDate=${CENSUS}&organisationId=${id}`;
        // 1. The returns page.
        const history = await admin.get(`/workforce/organisations/${id}/returns`);
        const cell = (measure: string) =>
          new RegExp(`data-measure="${measure}" data-census-date="${CENSUS}">([^<]+)<`).exec(history.text)?.[1];
        const returnsFte = number(cell('fteInPost'));
        const returnsLeavers = number(cell('leaversHeadcount'));
        assert.match(history.text, new RegExp(`>${HEADLINE.fteInPost.label}</th>`));
        // 2. The review of the same return uploaded again.
        const exported = await admin.get(`/workforce/organisations/${id}/returns/${CENSUS}/export.csv`);
        assert.equal(exported.status, 200);
        await admin.get('/workforce/submit');
        const [y, m, d] = CENSUS.split('-');
        const staged = await admin.postMultipart(
          '/workforce/submit',
          { organisation: String(id), 'census-date-day': d!, 'census-date-month': m!, 'census-date-year': y! },
          { field: 'file', name: 'again.csv', content: exported.text, type: 'text/csv' },
        );
        assert.equal(staged.status, 303, staged.text.slice(0, 300));
        const review = await admin.get(staged.location!);
        const reviewValue = (key: string) =>
          new RegExp(`${key}\\s*</dt>\\s*<dd class="govuk-summary-list__value">\\s*([^<]+)<`).exec(review.text)?.[1];
        const reviewBefore = number(reviewValue(`${HEADLINE.fteInPost.label} before`));
        const reviewAfter = number(reviewValue(`${HEADLINE.fteInPost.label} after`));
        // 3. The profile page, 4. its PDF and 5. the API.
        const profile = await admin.get(`/workforce/profile?${query}`);
        const profileValue = (key: string) => new RegExp(`data-measure="${key}"[^>]*>([^<]+)<`).exec(profile.text)?.[1];
        const cookies = (admin as unknown as { cookies: Map<string, string> }).cookies;
        const pdf = await fetch(`${app.url}/workforce/profile/report.pdf?${query}`, {
          headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        assert.equal(pdf.status, 200);
        const pdfLines = pdfText(Buffer.from(await pdf.arrayBuffer()));
        const pdfValue = (label: string) => new RegExp(`^${label}: ([0-9,.]+)$`, 'm').exec(pdfLines)?.[1];
        const api = (await (
          await fetch(`${app.url}/api/v1/profile?${query}`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as Record<string, unknown>;
        // The organisation's own figures, exact, to those who hold its return (docs/adr/0013): the
        // returns page, the review and the command line.
        const own = {
          returnsPage: returnsFte,
          reviewBefore,
          reviewAfter,
          ...(cliRuns++ < 2 ? { cli: await cliFteInPost(id) } : {}),
        };
        for (const [place, value] of Object.entries(own))
          assert.equal(value, returnsFte, `organisation ${id}: ${place} gives FTE in post ${value}, not ${returnsFte}`);
        // The profile's aggregate, protected (src/lib/disclosure.ts): the same protected figure on the
        // page, in the PDF and through the API, within the protection's bounds of the exact one.
        const protectedFte = Number(api.fteInPost);
        const shown = { profile: number(profileValue('fteInPost')), pdf: number(pdfValue(HEADLINE.fteInPost.label)) };
        for (const [place, value] of Object.entries(shown))
          assert.equal(
            value,
            protectedFte,
            `organisation ${id}: ${place} gives FTE in post ${value}, not ${protectedFte}`,
          );
        assert.ok(
          Number.isInteger(protectedFte) && Math.abs(protectedFte - returnsFte) <= 3.5,
          `organisation ${id}: protected FTE in post ${protectedFte} for ${returnsFte}`,
        );
        const leavers = Number((api.measures as Record<string, unknown>).leaversHeadcount);
        assert.equal(number(profileValue('leaversHeadcount')), leavers, `organisation ${id}: leavers`);
        assert.ok(
          leavers % 5 === 0 && Math.abs(leavers - returnsLeavers) <= 4,
          `organisation ${id}: protected leavers ${leavers} for ${returnsLeavers}`,
        );
        assert.equal(Number(api.headcount), number(profileValue('headcount')), `organisation ${id}: headcount`);
        assert.equal(
          Number(api.headcount),
          number(pdfValue(HEADLINE.headcount.label)),
          `organisation ${id}: PDF headcount`,
        );
        assert.ok(Number(api.headcount) <= Number(api.workforceHeadcount) || Number(api.agencyFte) === 0);
      }
    });
  });
}
