import { formatDate } from '../../src/lib/dates.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Actor } from '../../src/auth/actor.ts';
import type { ProfileRow, ProfileTable, WorkforceProfile } from '../../src/features/workforce/profile/profile-types.ts';
import { cellFormat, tableRows } from '../../src/features/workforce/profile/profile-view.ts';
import { allTables, SECTIONS, sectionBlocks } from '../../src/features/workforce/profile/sections/index.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { HOSTILE_ORGANISATION, SEED_CENSUS_DATES, seedProfileWorkforce } from '../support/profile-seed.ts';
import { flatten, readTaggedPdf, untaggedPainting } from '../support/pdf-structure.ts';

const THRESHOLD = 5;
const PAGES = ['/workforce/profile', ...SECTIONS.map((s) => `/workforce/profile/${s.slug}`)];

/** A count may be shown only rounded to 5 (docs/adr/0013), and never below the threshold other than 0. */
function checkCount(value: unknown, where: string, problems: string[]): void {
  if (value === 'c' || value === '' || value === null || value === undefined || value === 'x') return;
  const number = typeof value === 'number' ? value : Number(String(value).replace(/,/g, ''));
  if (!Number.isFinite(number)) problems.push(`${where}: "${String(value)}" is not a count`);
  else if (number !== 0 && number < THRESHOLD) problems.push(`${where}: ${number} is below the threshold`);
  else if (number % 5 !== 0) problems.push(`${where}: ${number} is not rounded to 5`);
}

/** Every count cell the page shows (cells marked data-format="count"). */
function pageCountCells(html: string): string[] {
  return [...html.matchAll(/data-format="count"[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
    (m[1] ?? '').replace(/<[^>]+>/g, '').trim(),
  );
}

/** Indexes (in the download's columns, after the row header) of a row's count cells. */
const countCells = (table: ProfileTable, row: ProfileRow) =>
  table.columns.map((c, i) => (cellFormat(table, row, c) === 'count' ? i + 1 : -1)).filter((i) => i >= 0);

/** A binary download with the client's session (TestClient reads bodies as text). */
async function download(client: TestClient, path: string): Promise<Buffer> {
  const cookies = (client as unknown as { cookies: Map<string, string> }).cookies;
  const response = await fetch(client.baseUrl + path, {
    headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  assert.equal(response.status, 200, path);
  return Buffer.from(await response.arrayBuffer());
}

const adminActor = (app: TestApp): Actor => ({
  userId: null,
  partnershipId: app.demoPartnershipId,
  role: 'partnership_admin',
  organisationId: null,
  label: 'Test',
  ip: null,
});

for (const engine of ENGINES) {
  describe(`workforce profile pages and downloads on ${engine}`, () => {
    let app: TestApp;
    let councilId: number;
    let nurseryId: number;
    let profile: WorkforceProfile;
    const filtered = `?censusDate=${SEED_CENSUS_DATES[1]}&workforceGroup=core`;

    before(async () => {
      app = await startTestApp(engine);
      ({ councilId, nurseryId } = await seedProfileWorkforce(app.db.kysely, app.demoPartnershipId));
      profile = await app.services.profile.getProfile(adminActor(app), {
        censusDate: SEED_CENSUS_DATES[1],
        workforceGroup: 'core',
      });
    });
    after(async () => {
      await app?.close();
    });

    it('shows every page with real numbers, and no count below the threshold, to a steering group member', async () => {
      const client = new TestClient(app.url);
      await client.signIn('steering@demoshire.example');
      const problems: string[] = [];
      for (const path of PAGES) {
        const response = await client.get(`${path}${filtered}`);
        assert.equal(response.status, 200, path);
        for (const cell of pageCountCells(response.text)) checkCount(cell, path, problems);
        assert.match(response.text, /Filters applied: Workforce group: /, `${path} says which filters are applied`);
        assert.ok(response.text.includes(`census date ${formatDate(SEED_CENSUS_DATES[1])}`), path);
      }
      assert.deepEqual(problems, []);
      const summary = await client.get(`/workforce/profile${filtered}`);
      const headcount = /data-measure="headcount"[^>]*>([^<]+)</.exec(summary.text)?.[1];
      assert.ok(Number(headcount) >= 30, `headcount ${headcount} is shown`);
      const people = await client.get(`/workforce/profile/people${filtered}`);
      assert.match(
        people.text,
        /rounded to the nearest 5 after a small adjustment/,
        'the page says how counts are protected',
      );
      assert.ok(people.text.includes('href="/workforce/profile/about-the-figures"'), 'and links the explanation');
      const about = await client.get('/workforce/profile/about-the-figures');
      assert.equal(about.status, 200);
      assert.match(about.text, /<h1 class="govuk-heading-l">About the figures<\/h1>/);
      assert.match(about.text, /rounded to the nearest 5/);
      assert.ok(
        people.text.includes(`/workforce/profile/age-sex${filtered.replace(/&/g, '&amp;')}`),
        'links keep the filters',
      );
      assert.ok(
        people.text.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co'),
        'a hostile organisation name is escaped in tables and charts',
      );
      assert.ok(!people.text.includes(HOSTILE_ORGANISATION));
    });

    it('says so when the filters match nobody, instead of drawing charts of zeros', async () => {
      const client = new TestClient(app.url);
      await client.signIn('steering@demoshire.example');
      const nobody = `?censusDate=${SEED_CENSUS_DATES[1]}&service=youth&jobRole=paediatrician`;
      for (const path of ['/workforce/profile', '/workforce/profile/people', '/workforce/profile/projections']) {
        const page = await client.get(`${path}${nobody}`);
        assert.equal(page.status, 200, path);
        assert.match(
          page.text,
          /Nobody in the workforce matches these filters at the census date [^<]*Change the filters/,
        );
        assert.doesNotMatch(page.text, /class="ow-profile-figure"/, `${path} draws no chart`);
        assert.doesNotMatch(page.text, /data-measure="headcount"/, `${path} shows no table of zeros`);
      }
      const benchmarks = await client.get(`/workforce/profile/benchmarks${nobody}`);
      assert.equal(benchmarks.status, 200);
      assert.match(benchmarks.text, /DfE(&#39;|')s are the latest published: \d{4}/);
    });

    it('downloads every table as CSV and XLSX with the same suppression and an explanation', async () => {
      const client = new TestClient(app.url);
      await client.signIn('steering@demoshire.example');
      const problems: string[] = [];
      assert.ok(allTables(profile).length >= 20);
      for (const section of SECTIONS) {
        for (const { table } of sectionBlocks(section.slug, profile)) {
          const path = `/workforce/profile/${section.slug}${filtered}&table=${encodeURIComponent(table.id)}`;
          const csv = await client.get(`${path}&format=csv`);
          assert.equal(csv.status, 200, path);
          assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
          const rows = Papa.parse<string[]>(csv.text.replace(/^\uFEFF/, ''), {
            delimiter: ',',
            skipEmptyLines: true,
          }).data;
          const profileRows = tableRows(table);
          const dataRows = rows.slice(1, 1 + profileRows.length);
          dataRows.forEach((row, r) => {
            for (const i of countCells(table, profileRows[r]!)) checkCount(row[i], `${table.id} CSV`, problems);
          });
          assert.ok(
            rows.some((r) => /^Counts are rounded to the nearest 5 after a small adjustment/.test(r[0] ?? '')),
            `${table.id} CSV says how its figures are protected`,
          );

          const xlsx = await download(client, `${path}&format=xlsx`);
          const workbook = new ExcelJS.Workbook();
          await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
          const sheet = workbook.worksheets[0];
          assert.ok(sheet);
          profileRows.forEach((row, r) => {
            for (const i of countCells(table, row))
              checkCount(sheet.getRow(r + 2).getCell(i + 1).value, `${table.id} XLSX`, problems);
          });
          assert.equal(workbook.worksheets[1]?.name, 'About this table');
        }
      }
      assert.deepEqual(problems, []);
    });

    it('sends the PDF report', async () => {
      const client = new TestClient(app.url);
      await client.signIn('steering@demoshire.example');
      const pdf = await download(client, `/workforce/profile/report.pdf${filtered}`);
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      assert.ok(pdf.length > 5000);
      const tagged = readTaggedPdf(pdf);
      assert.equal(tagged.lang, 'en-GB');
      assert.equal(tagged.marked, true);
      const elements = flatten(tagged.structure ?? []);
      for (const type of ['H1', 'H2', 'H3', 'Table', 'TH', 'TD', 'Figure'])
        assert.ok(
          elements.some((n) => n.type === type),
          `tagged ${type}`,
        );
      assert.ok(
        elements.filter((n) => n.type === 'Figure').every((n) => (n.alt ?? '').length > 0),
        'every chart has alternative text',
      );
      tagged.pages.forEach((content) => assert.deepEqual(untaggedPainting(content), []));
    });

    it('shows a data lead only their own organisation, and never another in the filters', async () => {
      const client = new TestClient(app.url);
      await client.signIn('datalead@demoshire.example');
      const own = await client.get('/workforce/profile/people');
      assert.equal(own.status, 200);
      assert.match(own.text, /Little Acorns Nurseries Ltd only/);
      assert.doesNotMatch(own.text, /Demoshire County Council/);
      assert.doesNotMatch(own.text, /name="organisationId"/);
      const other = await client.get(`/workforce/profile/people?organisationId=${councilId}`);
      assert.equal(other.status, 404);
      const otherCsv = await client.get(
        `/workforce/profile/people?organisationId=${councilId}&format=csv&table=service`,
      );
      assert.equal(otherCsv.status, 404);
      assert.equal((await client.get(`/workforce/profile?organisationId=${nurseryId}`)).status, 200);
      assert.equal((await client.get('/workforce/profile/settings')).status, 403);
    });

    it('saves the profile settings, and shows an error summary for bad input', async () => {
      const client = new TestClient(app.url);
      await client.signIn('admin@demoshire.example');
      const form = await client.get('/workforce/profile/settings');
      assert.equal(form.status, 200);
      const bad = await client.post('/workforce/profile/settings', {
        localAuthorityCode: 'E10000007',
        retirementAge: 'sixty',
        workingDaysPerYear: '253',
      });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /There is a problem/);
      assert.match(bad.text, /value="sixty"/, 'keeps what was typed');
      const good = await client.post('/workforce/profile/settings', {
        localAuthorityCode: 'E10000007',
        retirementAge: '67',
        workingDaysPerYear: '253',
        'minimum-early_years': '3',
        neighbour1: 'E10000024',
      });
      assert.equal(good.status, 303);
      const saved = await app.services.profile.getSettings(adminActor(app));
      assert.equal(saved.retirementAge, 67);
      assert.deepEqual(saved.statisticalNeighbours, ['E10000024']);
      const projections = await client.get('/workforce/profile/projections');
      assert.match(projections.text, /People reach retirement at 67\./);
    });
  });
}
