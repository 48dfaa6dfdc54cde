import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadConfig } from '../../src/config.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { loadDemo } from '../../src/features/demo/demo.ts';
import { exportRows, exportSheets } from '../../src/features/workforce/returns/returns-export.ts';
import { VACANCY_COLUMNS } from '../../src/features/workforce/returns/record-columns.ts';
import { toCsv, toXlsx } from '../../src/lib/spreadsheet.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { organisationWithLead, worker, type Row } from '../support/workforce-returns.ts';

const CENSUS = '2030-09-30';
type Actor = ReturnType<typeof systemActor>;
type Records = Awaited<ReturnType<Services['workforceReturns']['currentRecords']>>;
type Vacancy = Record<(typeof VACANCY_COLUMNS)[number], string | number | null>;

const vacancy = (job_role: string, vacant_fte: number, agency_cover_fte: number | null = null): Vacancy => ({
  job_role,
  service: 'early_years',
  vacant_fte,
  agency_cover_fte,
});

/** Worker rows as the export writes them (numbers as numbers), from the test helper's text rows. */
const typed = (row: Row) =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      v === '' ? null : /^(fte|contracted_hours|sickness_days|birth_year)$/.test(k) ? Number(v) : v,
    ]),
  );

for (const engine of ENGINES) {
  describe(`workforce return parts and round trip on ${engine}`, () => {
    let database: TestDatabase;
    let services: Services;
    let actor: Actor;
    let dir: string;
    let fileNumber = 0;
    before(async () => {
      database = await createTestDatabase(engine);
      const { partnershipId } = await loadDemo(database.db.kysely);
      services = createServices(database.db, loadConfig({ NODE_ENV: 'test' }));
      actor = systemActor(partnershipId, 'Parts test');
      dir = mkdtempSync(join(tmpdir(), 'ow-parts-'));
    });
    after(async () => {
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    const returns = () => services.workforceReturns;
    let orgCount = 0;
    const newOrganisation = async () =>
      (
        await organisationWithLead(
          services,
          actor.partnershipId,
          `Parts Nursery ${++orgCount}`,
          `parts-${engine}-${orgCount}@returns.example`,
        )
      ).organisationId;

    /** Writes the rows as the export does (CSV: workers only; XLSX: both sheets) and stages the file. */
    async function stage(organisationId: number, format: 'csv' | 'xlsx', workers: object[], vacancies: object[] = []) {
      const path = join(dir, `file-${++fileNumber}.${format}`);
      const w = workers as Record<string, string | number | null>[];
      const v = vacancies as Record<string, string | number | null>[];
      if (format === 'xlsx') writeFileSync(path, await toXlsx(exportSheets(w, v)));
      else if (w.length) writeFileSync(path, toCsv(exportRows(w).header, exportRows(w).rows));
      else
        writeFileSync(
          path,
          toCsv(
            [...VACANCY_COLUMNS],
            v.map((r) => VACANCY_COLUMNS.map((c) => r[c])),
          ),
        );
      const staged = await returns().stageFile(actor, {
        organisationId,
        censusDate: CENSUS,
        path,
        fileName: `file-${fileNumber}.${format}`,
        source: 'cli',
      });
      assert.equal(staged.status, 'valid', JSON.stringify(await returns().problems(actor, staged.id)));
      return staged;
    }
    const current = (organisationId: number) => returns().currentRecords(actor, organisationId, CENSUS);
    const cells = async (organisationId: number) =>
      Number(
        (
          await database.db.kysely
            .selectFrom('workforce_profile_cells')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('organisation_id', '=', organisationId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('replaces only the parts an upload carries, and removes vacancies only when asked', async () => {
      const org = await newOrganisation();
      const both = await stage(
        org,
        'xlsx',
        [typed(worker('P1')), typed(worker('P2'))],
        [vacancy('early_years_practitioner', 2, 1), vacancy('early_years_teacher', 1)],
      );
      await returns().commit(actor, both.id);
      assert.equal((await current(org)).vacancies.length, 2);

      // A CSV of workers has no vacancies: they are kept from the return it replaces.
      const workersOnly = await stage(org, 'csv', [
        typed(worker('P1', { fte: '0.5', contracted_hours: '18.5' })),
        typed(worker('P2')),
      ]);
      const review = await returns().review(actor, workersOnly.id, 1);
      assert.deepEqual(
        [review.parts.workers.carried, review.parts.workers.before, review.parts.workers.after],
        [true, 2, 2],
      );
      assert.equal(review.parts.vacancies.carried, false);
      assert.equal(review.parts.vacancies.keptFrom?.records, 2);
      assert.equal(review.vacancies, 2);
      assert.equal(review.changedRecords, 1);
      assert.deepEqual(review.changes, [
        {
          workerId: 'P1',
          change: 'changed',
          fields: [
            { field: 'fte', before: '1', after: '0.5' },
            { field: 'contracted_hours', before: '37', after: '18.5' },
          ],
        },
      ]);
      const second = await returns().commit(actor, workersOnly.id);
      assert.equal(second.vacancy_count, 2);
      assert.deepEqual(
        (await current(org)).vacancies.map((v) => [v.job_role, Number(v.vacant_fte)]),
        [
          ['early_years_practitioner', 2],
          ['early_years_teacher', 1],
        ],
      );

      // Vacancies alone: the workers (and the profile's cells) are kept.
      const cellsBefore = await cells(org);
      assert.ok(cellsBefore > 0);
      const vacanciesOnly = await stage(org, 'csv', [], [vacancy('early_years_teacher', 3)]);
      const vacancyReview = await returns().review(actor, vacanciesOnly.id);
      assert.equal(vacancyReview.parts.workers.keptFrom?.records, 2);
      assert.deepEqual([vacancyReview.parts.vacancies.before, vacancyReview.parts.vacancies.after], [2, 1]);
      assert.deepEqual(
        vacancyReview.vacancyChanges.map((c) => [c.jobRole, c.before?.vacantFte ?? null, c.after?.vacantFte ?? null]),
        [
          ['early_years_practitioner', 2, null],
          ['early_years_teacher', 1, 3],
        ],
      );
      const third = await returns().commit(actor, vacanciesOnly.id);
      assert.deepEqual([third.worker_count, third.vacancy_count, third.fte_total], [2, 1, 1.5]);
      const afterVacancies = await current(org);
      assert.deepEqual(
        afterVacancies.workers.map((w) => [w.worker_id, Number(w.fte)]),
        [
          ['P1', 0.5],
          ['P2', 1],
        ],
      );
      assert.equal(await cells(org), cellsBefore);

      // Replacing vacancies with none is an explicit choice.
      const noVacancies = await stage(org, 'csv', [typed(worker('P1')), typed(worker('P2'))]);
      const removed = await returns().commit(actor, noVacancies.id, { vacancies: 'remove' });
      assert.equal(removed.vacancy_count, 0);
      assert.equal((await current(org)).vacancies.length, 0);
      const audit = await database.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('entity_id', '=', String(removed.id))
        .where('entity_type', '=', 'workforce_return')
        .executeTakeFirstOrThrow();
      assert.match(audit.summary, /vacancies removed/);
    });

    it('imports exactly what it exported: formula escaping undone, demo vacancies without duplicate warnings', async () => {
      const org = await newOrganisation();
      const tricky = [
        typed(worker('=1+1')),
        typed(worker("'=2+2", { job_role: 'other', job_role_other: '@SUM(A1), "quoted"' })),
        typed(worker('-5', { job_role: 'other', job_role_other: "''+x" })),
      ];
      await returns().commit(actor, (await stage(org, 'csv', tricky)).id);
      const stored = await current(org);
      assert.deepEqual(
        stored.workers.map((w) => [w.worker_id, w.job_role_other]),
        [
          ['=1+1', null],
          ["'=2+2", '@SUM(A1), "quoted"'],
          ['-5', "''+x"],
        ],
      );
      // The demo's organisations carry vacancies; their XLSX export imports with no warnings about them.
      const demoOrg = await database.db.kysely
        .selectFrom('vacancy_records')
        .select('organisation_id')
        .where('partnership_id', '=', actor.partnershipId)
        .groupBy('organisation_id')
        .orderBy('organisation_id')
        .executeTakeFirstOrThrow();
      const demo = await returns().currentRecords(actor, demoOrg.organisation_id, '2026-09-30');
      // The demo's history shows the real SHA-256 of the return as the export writes it.
      const exported = toCsv(exportRows(demo.workers).header, exportRows(demo.workers).rows);
      assert.equal(demo.current.file_hash, createHash('sha256').update(exported).digest('hex'));
      const path = join(dir, 'demo.xlsx');
      writeFileSync(path, await toXlsx(exportSheets(demo.workers, demo.vacancies)));
      const staged = await returns().stageFile(actor, {
        organisationId: demoOrg.organisation_id,
        censusDate: '2026-09-30',
        path,
        fileName: 'demo.xlsx',
        source: 'cli',
      });
      const duplicates = (await returns().problems(actor, staged.id)).filter((p) => p.kind === 'duplicate_vacancy');
      assert.equal(duplicates.length, 0);
      const review = await returns().review(actor, staged.id);
      assert.deepEqual(
        [review.newRecords, review.changedRecords, review.leftRecords, review.removedRecords, review.vacancyChanges],
        [0, 0, 0, 0, []],
      );
      await returns().abandon(actor, staged.id);
    });

    it('round trip property: any valid return, exported and imported, gives identical records', async () => {
      const org = await newOrganisation();
      const text = fc.stringMatching(/^[A-Za-z0-9=+@'"\-,;#]{1,12}$/).filter((s) => !/^\s|\s$/.test(s));
      const person = fc.record({
        id: text,
        other: fc.option(fc.stringMatching(/^[A-Za-z0-9=+@'",-]([A-Za-z0-9=+@'" ,-]{0,30}[A-Za-z0-9=+@'",-])?$/), {
          nil: null,
        }),
        hours: fc.constantFrom([1, 37], [0.5, 18.5], [0.8, 29.6]),
        leaver: fc.boolean(),
        sickness: fc.integer({ min: 0, max: 40 }),
        apprentice: fc.boolean(),
      });
      const roles = ['early_years_practitioner', 'early_years_teacher', 'early_years_manager'] as const;
      const vacancies = fc.uniqueArray(
        fc.record({
          role: fc.constantFrom(...roles),
          vacant: fc.integer({ min: 1, max: 8 }),
          cover: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
        }),
        { selector: (v) => v.role, maxLength: 3 },
      );
      const strip = (r: Records) => ({
        workers: r.workers.map((w) => ({ ...w })),
        vacancies: r.vacancies.map((v) => ({
          ...v,
          vacant_fte: Number(v.vacant_fte),
          agency_cover_fte: v.agency_cover_fte === null ? null : Number(v.agency_cover_fte),
        })),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(person, { selector: (p) => p.id, minLength: 1, maxLength: 8 }),
          vacancies,
          fc.constantFrom('csv' as const, 'xlsx' as const),
          async (people, vacs, format) => {
            const rows = people.map((p) =>
              typed(
                worker(p.id, {
                  job_role: p.other ? 'other' : 'early_years_practitioner',
                  job_role_other: p.other ?? '',
                  fte: String(p.hours[0]),
                  contracted_hours: String(p.hours[1]),
                  sickness_days: String(p.sickness),
                  apprentice: p.apprentice ? 'yes' : 'no',
                  ...(p.leaver ? { leaving_date: '2030-03-31', leaving_reason: 'resigned' } : {}),
                }),
              ),
            );
            const vacancyRows = vacs.map((v) => vacancy(v.role, v.vacant / 2, v.cover === null ? null : v.cover / 2));
            // Vacancies reach the return through the XLSX's second sheet; a CSV carries only workers.
            const first = await stage(org, 'xlsx', rows, vacancyRows);
            await returns().commit(actor, first.id, { vacancies: 'remove' });
            const before = strip(await current(org));
            assert.deepEqual(
              before.workers.map((w) => [w.worker_id, w.job_role_other]),
              people.map((p) => [p.id, p.other]),
            );
            const again = await stage(org, format, before.workers, before.vacancies);
            const review = await returns().review(actor, again.id);
            assert.deepEqual(
              [review.newRecords, review.changedRecords, review.leftRecords, review.removedRecords],
              [0, 0, 0, 0],
            );
            assert.deepEqual(review.vacancyChanges, []);
            await returns().commit(actor, again.id);
            assert.deepEqual(strip(await current(org)), before);
          },
        ),
        { numRuns: 12 },
      );
    });
  });
}
