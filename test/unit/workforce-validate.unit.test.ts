import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { validateReturn, validateReturnBatches, validateRows } from '../../src/features/workforce/returns/validate.ts';
import type { Problem, ValidationEvent } from '../../src/features/workforce/returns/validate.ts';
import { problemReportRows, summariseProblems } from '../../src/features/workforce/returns/problem-report.ts';
import { WORKER_FIELDS } from '../../src/features/workforce/standard/standard.ts';
import type { WorkerRecord } from '../../src/features/workforce/standard/standard.ts';

const dir = mkdtempSync(join(tmpdir(), 'ow-validate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const CENSUS = '2026-09-30';
let fileNo = 0;

const HEADER = 'worker_id,service,job_role,workforce_group,employment_type,contract_type,fte,contracted_hours';
const GOOD = 'W1,early_years,early_years_practitioner,core,employee,permanent,1,37';

async function collect(source: AsyncIterable<ValidationEvent>) {
  const events: ValidationEvent[] = [];
  for await (const e of source) events.push(e);
  const problems = events.flatMap((e) => (e.type === 'problem' ? [e.problem] : []));
  return {
    events,
    columns: events.filter((e) => e.type === 'columns'),
    workers: events.flatMap((e) => (e.type === 'worker' ? [e.record] : [])),
    vacancies: events.flatMap((e) => (e.type === 'vacancy' ? [e.record] : [])),
    errors: problems.filter((p) => p.severity === 'error'),
    warnings: problems.filter((p) => p.severity === 'warning'),
  };
}
function file(content: string | Buffer, ext = 'csv'): { path: string; fileName: string } {
  const fileName = `f${++fileNo}.${ext}`;
  writeFileSync(join(dir, fileName), content);
  return { path: join(dir, fileName), fileName };
}
const validate = (content: string | Buffer, ext = 'csv', censusDate = CENSUS) =>
  collect(validateReturn({ ...file(content, ext), censusDate }));
/** The good row with some columns added or replaced. */
const row = (extra: Record<string, string>) => {
  const base: Record<string, string> = Object.fromEntries(HEADER.split(',').map((h, i) => [h, GOOD.split(',')[i]]));
  const all = { ...base, ...extra };
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${Object.keys(all).join(',')}\n${Object.values(all).map(quote).join(',')}\n`;
};
const only = (problems: Problem[], kind: string) => problems.filter((p) => p.kind === kind);

describe('workforce validator: fields', () => {
  it('accepts a good record and types every field', async () => {
    const r = await validate(
      row({
        job_role_other: '',
        start_date: '02/09/2019',
        birth_year: '1985',
        sex: 'F',
        ethnicity: '13',
        disability: 'Prefer not to say',
        qualification_level: 'Level 3',
        apprentice: 'No',
        sickness_days: '4.5',
        safeguarding_level: '2',
        manager: 'yes',
        gender_identity: '',
      }),
    );
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.workers, [
      {
        worker_id: 'W1',
        service: 'early_years',
        job_role: 'early_years_practitioner',
        job_role_other: null,
        workforce_group: 'core',
        employment_type: 'employee',
        contract_type: 'permanent',
        fte: 1,
        contracted_hours: 37,
        start_date: '2019-09-02',
        leaving_date: null,
        leaving_reason: null,
        birth_year: 1985,
        sex: 'female',
        gender_identity: null,
        ethnicity: 'white_british',
        disability: 'prefer_not_to_say',
        qualification_level: '3',
        apprentice: false,
        sickness_days: 4.5,
        safeguarding_level: '2',
        manager: true,
      } satisfies WorkerRecord,
    ]);
    assert.deepEqual(Object.keys(r.workers[0]), [...WORKER_FIELDS]);
  });

  const coded: [string, string, string][] = [
    ['service', 'Sport, leisure, play and culture', 'sport_leisure'],
    ['job_role', "Children's social worker", 'childrens_social_worker'],
    ['workforce_group', 'WIDER', 'wider'],
    ['employment_type', 'Self-employed', 'self_employed'],
    ['contract_type', 'zero hours', 'zero_hours'],
    ['sex', 'Male', 'male'],
    ['ethnicity', 'White: Roma', 'white_roma'],
    ['ethnicity', 'asian_pakistani', 'asian_pakistani'],
    ['disability', 'not known', 'not_known'],
    ['qualification_level', 'RQF entry level', 'entry'],
    ['leaving_reason', 'Retired', 'retired'],
    ['safeguarding_level', 'none', 'none'],
  ];
  for (const [field, given, code] of coded) {
    it(`reads ${field} '${given}' as ${code}, and rejects a value not in the standard`, async () => {
      const extra: Record<string, string> = { [field]: given };
      if (field === 'leaving_reason') extra.leaving_date = '2026-01-31';
      const good = await validate(row(extra));
      assert.equal(good.errors.length, 0, JSON.stringify(good.errors));
      assert.equal((good.workers[0] as unknown as Record<string, unknown>)[field], code);
      const bad = await validate(row({ ...extra, [field]: 'Brit' }));
      assert.equal(bad.workers.length, 0);
      const [p] = only(bad.errors, 'invalid_code');
      assert.deepEqual([p.row, p.column, p.value], [2, field, 'Brit']);
      assert.equal(p.message, `Row 2, ${field} 'Brit': use a code or label from the data standard.`);
    });
  }

  for (const field of ['worker_id', 'service', 'job_role', 'workforce_group', 'employment_type', 'fte']) {
    it(`requires ${field}`, async () => {
      const r = await validate(row({ [field]: '' }));
      assert.equal(r.workers.length, 0);
      assert.deepEqual(
        only(r.errors, 'missing_required').map((p) => [p.row, p.column]),
        [[2, field]],
      );
    });
  }

  const numbers: [string, string, string][] = [
    ['fte', '1.6', 'out_of_range'],
    ['fte', '-0.1', 'out_of_range'],
    ['fte', 'full', 'invalid_number'],
    ['contracted_hours', '81', 'out_of_range'],
    ['birth_year', '1985.5', 'invalid_number'],
    ['sickness_days', '400', 'out_of_range'],
    ['start_date', '31/02/2020', 'invalid_date'],
    ['leaving_date', 'last week', 'invalid_date'],
    ['apprentice', 'maybe', 'invalid_code'],
  ];
  for (const [field, value, kind] of numbers) {
    it(`rejects ${field} '${value}' (${kind})`, async () => {
      const r = await validate(row({ [field]: value }));
      assert.equal(r.workers.length, 0);
      assert.deepEqual(
        r.errors.map((p) => [p.kind, p.column, p.value]),
        [[kind, field, value]],
      );
      assert.match(r.errors[0].message, new RegExp(`^Row 2, ${field} '`));
    });
  }

  it('repeats at most 100 characters of a bad value', async () => {
    const r = await validate(row({ job_role_other: 'x'.repeat(5000) }));
    assert.equal(r.errors[0].kind, 'too_long');
    assert.equal(r.errors[0].value, `${'x'.repeat(100)}…`);
    assert.ok(r.errors[0].message.length < 200);
  });

  it('reads a decimal comma and ISO dates', async () => {
    const r = await validate(
      'worker_id;service;job_role;workforce_group;employment_type;contract_type;fte;start_date\nW1;health;midwife;core;employee;permanent;0,5;2020-01-06\n',
    );
    assert.equal(r.workers[0].fte, 0.5);
    assert.equal(r.workers[0].start_date, '2020-01-06');
  });

  it('requires job_role_other for "other" and a contract type for employees', async () => {
    const r = await validate(row({ job_role: 'other', job_role_other: '', contract_type: '' }));
    assert.deepEqual(
      only(r.errors, 'missing_required')
        .map((p) => p.column)
        .sort(),
      ['contract_type', 'job_role_other'],
    );
    const ok = await validate(row({ job_role: 'other', job_role_other: 'Forest school leader' }));
    assert.equal(ok.workers[0].job_role_other, 'Forest school leader');
  });

  it('drops a contract type given for a volunteer, with a warning', async () => {
    const r = await validate(
      row({ employment_type: 'volunteer', contract_type: 'permanent', fte: '0.1', contracted_hours: '' }),
    );
    assert.equal(r.workers[0].contract_type, null);
    assert.equal(only(r.warnings, 'contract_type_for_volunteer').length, 1);
  });

  it('rejects worker IDs that look like NI numbers or email addresses, without repeating them', async () => {
    for (const id of ['AB123456C', 'ab 12 34 56 d', 'jane.smith@example.org']) {
      const r = await validate(row({ worker_id: id }));
      const [p] = only(r.errors, 'personal_identifier');
      assert.ok(p, id);
      assert.equal(p.value, null);
      assert.match(p.message, /never send names, email addresses or National Insurance numbers/);
      assert.ok(!p.message.includes(id));
    }
    assert.equal((await validate(row({ worker_id: 'WK123456' }))).errors.length, 0, 'a staff-number style ID is fine');
    assert.equal(only((await validate(row({ worker_id: 'Jane Smith' }))).warnings, 'possible_name').length, 1);
  });
});

describe('workforce validator: cross-row checks', () => {
  it('reports a duplicate worker ID on its second row only', async () => {
    const r = await validate(`${HEADER}\n${GOOD}\n${GOOD.replace('W1', 'W2')}\n${GOOD}\n`);
    assert.deepEqual(
      r.workers.map((w) => w.worker_id),
      ['W1', 'W2'],
    );
    assert.deepEqual(
      only(r.errors, 'duplicate_worker_id').map((p) => [p.row, p.value]),
      [[4, 'W1']],
    );
  });

  it('finds a duplicate worker ID however many rows and characters came before it', async () => {
    const ids = Array.from({ length: 20_000 }, (_, i) =>
      i % 3 === 0 ? `W${i}` : i % 3 === 1 ? `employee-number-${i}-x` : `Zoë${i}`,
    );
    const repeated = [ids[0], ids[19_999], ids[7_001], 'W1', ids[4_000]];
    const r = await validate(`${[HEADER, ...[...ids, ...repeated].map((id) => GOOD.replace('W1', id))].join('\n')}\n`);
    assert.deepEqual(
      only(r.errors, 'duplicate_worker_id').map((p) => [p.row, p.value]),
      [
        [20_002, ids[0]],
        [20_003, ids[19_999]],
        [20_004, ids[7_001]],
        [20_006, ids[4_000]],
      ],
    );
    assert.equal(r.workers.length, 20_001);
  });

  it('reads every value the same whether or not its part of the file has quotes', async () => {
    const columns: [string, string[]][] = [
      ['worker_id', ['W', ' W', 'W ', '', 'a-much-longer-worker-id-']],
      ['service', [' early_years ', 'Early years', 'early_years', 'health', 'x', '', '\u00a0health']],
      ['job_role', ['early_years_practitioner', 'Nursery nurse', ' teacher', 'teacher ', 'other', 'nope']],
      ['workforce_group', ['core', 'CORE', 'wider', '\u00a0core', 'core\u00a0']],
      ['employment_type', ['employee', 'volunteer', 'Employed', 'agency', ' ']],
      ['contract_type', ['permanent', '', ' ', 'Fixed term', 'zero_hours']],
      ['fte', ['1', '0.8', '.5', '5.', '-0', '-0.1', '0;5', '1.6', '0.12345678901234567', '1e0', ' 1 ', '']],
      ['contracted_hours', ['37', '37.0', '29.6', '', '12345678901234567', '-', '.']],
      ['start_date', ['2019-09-02', ' 02/09/2019', '2019-02-30', '2027-01-01', '']],
      ['apprentice', ['yes', 'Y', ' no', 'true', 'maybe', '']],
      ['sickness_days', ['0', '4.5', '367', 'x', '']],
    ];
    const lines = [columns.map(([name]) => name).join(',')];
    for (let i = 0; i < 3000; i++) {
      const cells = columns.map(([, values], j) =>
        i % 3 === 0 ? values[0] : values[(i * (j + 1) + j) % values.length],
      );
      lines.push([cells[0] === '' ? '' : `${cells[0]}${i % 1000}`, ...cells.slice(1)].join(','));
      if (i % 500 === 7) lines.push('', ',,,', ' , ,\t', '\u00a0', 'W9,health');
    }
    const plain = await validate(`${lines.join('\n')}\n`);
    const quoted = await validate(
      `${lines
        .map((l) =>
          l
            .split(',')
            .map((v) => `"${v}"`)
            .join(','),
        )
        .join('\n')}\n`,
    );
    assert.deepEqual(plain.events, quoted.events);
    assert.ok(plain.workers.length > 100 && plain.errors.length > 1000 && plain.warnings.length > 100);
  });

  it('checks leaving dates against the start date and the census date', async () => {
    const before = await validate(
      row({ start_date: '2024-01-01', leaving_date: '2023-12-31', leaving_reason: 'resigned' }),
    );
    assert.equal(only(before.errors, 'leaving_before_start').length, 1);
    const late = await validate(row({ leaving_date: '2026-10-01', leaving_reason: 'resigned' }));
    assert.equal(only(late.errors, 'leaving_after_census')[0].row, 2);
    const ok = await validate(row({ leaving_date: '2026-09-30', leaving_reason: 'resigned' }));
    assert.equal(ok.errors.length, 0);
    const old = await validate(row({ leaving_date: '2025-01-31', leaving_reason: 'resigned' }));
    assert.equal(only(old.warnings, 'leaving_before_year').length, 1);
    const noReason = await validate(row({ leaving_date: '2026-01-31' }));
    assert.equal(only(noReason.warnings, 'leaving_reason_missing').length, 1);
    const future = await validate(row({ start_date: '2026-10-01' }));
    assert.equal(only(future.errors, 'start_after_census').length, 1);
  });

  it('warns when FTE and contracted hours disagree, within a tolerance', async () => {
    assert.equal(
      only((await validate(row({ fte: '1', contracted_hours: '18.5' }))).warnings, 'fte_hours_mismatch').length,
      1,
    );
    assert.equal(
      only((await validate(row({ fte: '0.5', contracted_hours: '18.5' }))).warnings, 'fte_hours_mismatch').length,
      0,
    );
    assert.equal(
      only((await validate(row({ fte: '0.55', contracted_hours: '18.5' }))).warnings, 'fte_hours_mismatch').length,
      0,
    );
  });

  it('accepts ages 14 to 80 at the census date and rejects others', async () => {
    for (const [year, ok] of [
      ['2012', true],
      ['2013', false],
      ['1946', true],
      ['1945', false],
    ] as const) {
      const r = await validate(row({ birth_year: year }));
      assert.equal(only(r.errors, 'age_out_of_range').length === 0, ok, year);
    }
  });

  it('warns when a job role is unusual for the service', async () => {
    const r = await validate(row({ service: 'justice', job_role: 'midwife' }));
    assert.equal(only(r.warnings, 'role_service_mismatch').length, 1);
    assert.equal(r.workers.length, 1, 'warnings do not block');
  });
});

describe('workforce validator: columns and files', () => {
  it('matches headers by synonym ignoring case and punctuation, and reports unknown columns as warnings', async () => {
    const r = await validate(
      'Staff ID,SERVICE,Job Title,Workforce-Group,Employment status,contract,F.T.E.,Hours per week,Shoe size,Surname\nW1,health,Midwife,core,employee,permanent,1,37,9,Smith\n',
    );
    assert.deepEqual(r.columns[0], {
      type: 'columns',
      format: 'standard',
      kind: 'workers',
      unknown: ['Shoe size', 'Surname'],
      matched: {
        worker_id: 'Staff ID',
        service: 'SERVICE',
        job_role: 'Job Title',
        workforce_group: 'Workforce-Group',
        employment_type: 'Employment status',
        contract_type: 'contract',
        fte: 'F.T.E.',
        contracted_hours: 'Hours per week',
      },
    });
    assert.equal(r.workers.length, 1);
    assert.deepEqual(
      r.warnings.map((p) => [p.kind, p.column]),
      [
        ['unknown_column', 'Shoe size'],
        ['personal_data_column', 'Surname'],
      ],
    );
  });

  it('reports missing required columns once, as one error', async () => {
    const r = await validate('worker_id,service\nW1,health\nW2,health\n');
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].kind, 'missing_columns');
    assert.match(r.errors[0].message, /no column for job_role, workforce_group, employment_type, fte/);
  });

  it('reads UTF-8 with a BOM, CRLF line ends and quoted newlines, numbering rows as a spreadsheet shows them', async () => {
    const csv = `\uFEFF${HEADER},job_role_other\r\n${GOOD.replace('early_years_practitioner', 'other')},"Forest school\r\nleader"\r\n\r\nW2,health,midwife,core,employee,permanent,1,37,\r\nW3,health,midwife,core,employee,permanent,2,37,\r\n`;
    const r = await validate(csv);
    assert.deepEqual(r.columns[0].type === 'columns' && Object.keys(r.columns[0].matched)[0], 'worker_id');
    assert.equal(r.workers[0].job_role_other, 'Forest school\r\nleader');
    assert.deepEqual(
      r.workers.map((w) => w.worker_id),
      ['W1', 'W2'],
    );
    assert.deepEqual(
      r.errors.map((p) => [p.row, p.column]),
      [[5, 'fte']],
    );
  });

  it('detects Windows-1252 and converts it', async () => {
    const bytes = Buffer.from(
      `${HEADER},job_role_other\n${GOOD.replace('early_years_practitioner', 'other')},Zo\xeb's caf\xe9 \x80 fund\n`,
      'latin1',
    );
    const r = await validate(bytes);
    assert.equal(r.workers[0].job_role_other, "Zoë's café € fund");
  });

  it('checks the whole file for Windows-1252, not just its start', async () => {
    const filler = Array.from({ length: 3000 }, (_, i) => GOOD.replace('W1', `F${i}`)).join('\n');
    const bytes = Buffer.from(
      `${HEADER},job_role_other\n${filler}\n${GOOD.replace('early_years_practitioner', 'other')},Zo\xeb\n`,
      'latin1',
    );
    assert.ok(bytes.length > 65536);
    const r = await validate(bytes);
    assert.equal(r.workers.at(-1)?.job_role_other, 'Zoë');
  });

  it('reads UTF-16 with a byte order mark, tab separated (Excel "Unicode text")', async () => {
    const text = `${HEADER.replace(/,/g, '\t')}\tjob_role_other\r\n${GOOD.replace(/,/g, '\t').replace('early_years_practitioner', 'other')}\tZoë\r\n`;
    const r = await validate(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    assert.deepEqual(r.errors, []);
    assert.equal(r.workers[0].job_role_other, 'Zoë');
  });

  it('sniffs semicolons, even with commas inside quoted values', async () => {
    const r = await validate(
      `${HEADER.replace(/,/g, ';')};job_role_other\n${GOOD.replace(/,/g, ';').replace('early_years_practitioner', 'other')};"Lead, forest school"\n`,
    );
    assert.equal(r.workers[0].job_role_other, 'Lead, forest school');
  });

  it('explains an empty file and a header-only file', async () => {
    const empty = await validate('');
    assert.deepEqual(
      empty.errors.map((p) => p.kind),
      ['empty_file'],
    );
    const blank = await validate('\r\n\r\n');
    assert.deepEqual(
      blank.errors.map((p) => p.kind),
      ['empty_file'],
    );
    const header = await validate(`${HEADER}\r\n`);
    assert.deepEqual(
      header.errors.map((p) => p.kind),
      ['no_records'],
    );
    assert.match(header.errors[0].message, /header row but no records/);
  });

  it('reports an unreadable CSV without throwing', async () => {
    const r = await validate(`${HEADER}\n"W1,health\n`);
    assert.equal(r.errors.at(-1)?.kind, 'unreadable_file');
  });

  it('reports an ".xlsx" that is not a zip, without throwing', async () => {
    const r = await validate(`${HEADER}\n${GOOD}\n`, 'xlsx');
    assert.deepEqual(
      r.errors.map((p) => p.kind),
      ['not_xlsx'],
    );
    assert.match(r.errors[0].message, /is not a valid Excel \.xlsx file/);
    const broken = await validate(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]), 'xlsx');
    assert.ok(broken.errors.length > 0);
  });

  it('reads an XLSX round trip: workers (typed cells) and a vacancies sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('Staff');
    ws.addRow([
      'Worker ID',
      'Service',
      'Job role',
      'Workforce group',
      'Employment type',
      'Contract type',
      'FTE',
      'Start date',
      'Apprentice',
      'Ethnicity',
    ]);
    ws.addRow([
      'W1',
      'Health',
      'Health visitor',
      'Core',
      'Employee',
      'Permanent',
      0.8,
      new Date(Date.UTC(2018, 3, 1)),
      true,
      'Brit',
    ]);
    ws.addRow([]);
    ws.addRow([
      'W2',
      'health',
      'health_visitor',
      'core',
      'employee',
      'permanent',
      { formula: '0.5*2', result: 1 },
      '2019-05-01',
      'no',
      6,
    ]);
    const vs = workbook.addWorksheet('Vacancies');
    vs.addRow(['job_role', 'service', 'vacant_fte', 'agency_cover_fte']);
    vs.addRow(['health_visitor', 'health', 2, 1]);
    const r = await validate(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx');
    assert.deepEqual(
      r.columns.map((c) => c.type === 'columns' && c.kind),
      ['workers', 'vacancies'],
    );
    assert.deepEqual(
      r.errors.map((p) => [p.sheet, p.row, p.column, p.value]),
      [['Staff', 2, 'ethnicity', 'Brit']],
    );
    assert.deepEqual(
      r.workers.map((w) => [w.worker_id, w.fte, w.start_date, w.apprentice, w.ethnicity]),
      [['W2', 1, '2019-05-01', false, 'black_african']],
    );
    assert.deepEqual(r.vacancies, [
      { job_role: 'health_visitor', service: 'health', vacant_fte: 2, agency_cover_fte: 1 },
    ]);
  });

  it('passes over a title above the header row', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('Return');
    ws.addRow(['Workforce return, Hillside Nursery']);
    ws.addRow([]);
    ws.addRow(HEADER.split(','));
    ws.addRow(GOOD.split(','));
    const r = await validate(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.events.filter((e) => e.type === 'worker').map((e) => e.row),
      [4],
    );
    assert.deepEqual(
      (await validate('Workforce return\nonly a title\n')).errors.map((p) => p.kind),
      ['missing_columns'],
    );
  });

  it('finds the workers on any sheet, passing over others, and says so when there are none', async () => {
    const workbook = new ExcelJS.Workbook();
    const notes = workbook.addWorksheet('Instructions');
    for (let i = 0; i < 8; i++) notes.addRow([`Step ${i}: fill in the sheet`, 'carefully', 'please']);
    const staff = workbook.addWorksheet('Staff 2026');
    staff.addRow(HEADER.split(','));
    staff.addRow(GOOD.split(','));
    const r = await validate(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx');
    assert.deepEqual(r.errors, []);
    assert.equal(r.workers.length, 1);
    workbook.removeWorksheet(staff.id);
    const none = await validate(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx');
    assert.deepEqual(
      none.errors.map((p) => p.kind),
      ['missing_columns'],
    );
    assert.match(none.errors[0].message, /no sheet of workers/);
  });

  it('rejects a census date that is not a real date', async () => {
    const r = await validate(`${HEADER}\n${GOOD}\n`, 'csv', '2026-02-30');
    assert.deepEqual(
      r.errors.map((p) => p.kind),
      ['invalid_census_date'],
    );
  });

  it('gives the same events in batches as one at a time', async () => {
    const input = {
      ...file(`${HEADER},birth_year\n${GOOD},1900\n${GOOD.replace('W1', 'W2')},1990\n`),
      censusDate: CENSUS,
    };
    const single = (await collect(validateReturn(input))).events;
    const batched: ValidationEvent[] = [];
    for await (const batch of validateReturnBatches(input)) batched.push(...batch);
    assert.deepEqual(batched, single);
    assert.equal(single.length, 3);
  });

  it('reads a vacancies CSV by its header', async () => {
    const r = await validate(
      'Job role,Service,Vacancies FTE,Agency cover\nteacher,education,3,4\nteacher,education,1,\nteacher,education,x,\n',
    );
    assert.equal(r.columns[0].type === 'columns' && r.columns[0].kind, 'vacancies');
    assert.equal(r.vacancies.length, 2);
    assert.deepEqual(
      r.warnings.map((p) => p.kind),
      ['agency_exceeds_vacancies', 'duplicate_vacancy'],
    );
    assert.deepEqual(
      r.errors.map((p) => [p.row, p.kind]),
      [[4, 'invalid_number']],
    );
  });

  it('validates JSON records with the same rules', async () => {
    const r = await collect(
      validateRows(
        [
          {
            worker_id: 'A1',
            service: 'education',
            job_role: 'teacher',
            workforce_group: 'core',
            employment_type: 'employee',
            contract_type: 'permanent',
            fte: 1,
            apprentice: false,
            colour: 'red',
          },
          {
            worker_id: 'A1',
            service: 'education',
            job_role: 'teacher',
            workforce_group: 'core',
            employment_type: 'employee',
            contract_type: 'permanent',
            fte: 3,
          },
        ],
        { censusDate: CENSUS },
      ),
    );
    assert.equal(r.workers.length, 1);
    assert.deepEqual(
      r.errors.map((p) => [p.row, p.kind]),
      [
        [2, 'out_of_range'],
        [2, 'duplicate_worker_id'],
      ],
    );
    assert.deepEqual(
      r.warnings.map((p) => [p.column, p.kind]),
      [['colour', 'unknown_column']],
    );
    assert.deepEqual(
      (await collect(validateRows([], { censusDate: CENSUS }))).errors.map((p) => p.kind),
      ['no_records'],
    );
  });

  it('summarises problems by kind and reports only row, column, value and message', async () => {
    const r = await validate(
      `${HEADER},birth_year\n${GOOD},1900\n${GOOD},1901\nW3,x,teacher,core,employee,permanent,1,37,1980\n`,
    );
    const summary = summariseProblems([...r.errors, ...r.warnings]);
    assert.equal(summary.errors, 4);
    assert.deepEqual(summary.byKind[0], { kind: 'age_out_of_range', severity: 'error', count: 2 });
    const rows = problemReportRows(r.errors);
    assert.deepEqual(rows[0], ['error', '', 2, 'birth_year', '1900', r.errors[0].message]);
    assert.ok(
      rows.every((cells) => !cells.includes('early_years_practitioner')),
      'no other personal data in the report',
    );
  });
});

describe('workforce validator: ASC-WDS staff files', () => {
  it('detects the file by its headers and maps codes to the standard', async () => {
    const header =
      'LOCALESTID,UNIQUEWORKERID,STATUS,DISPLAYID,NINUMBER,POSTCODE,DOB,GENDER,ETHNICITY,NATIONALITY,DISABLED,STARTDATE,APPRENTICE,EMPLSTATUS,ZEROHRCONT,DAYSSICK,MAINJOBROLE,MAINJRDESC,CONTHOURS,AVGHOURS,SCQUAL,NONSCQUAL';
    const rows = [
      'EST1,ASC1,NEW,Jo,AB123456C,AB1 2CD,14/03/1980,2,41,826,0,01/04/2015,2,1,2,3,8,,37.5,,1;3,2;',
      'EST1,ASC2,NEW,Al,,,01/01/1990,1,99,826,2,01/06/2020,1,3,1,999,6,,,20,2;,1;5',
      'EST1,ASC3,DELETE,Old,,,01/01/1970,1,31,826,0,01/06/2000,2,1,2,0,8,,37,,,',
      'EST1,ASC4,NEW,Bo,,,01/01/1995,4,77,826,0,01/06/2021,2,4,2,0,99,,30,,,',
    ];
    const r = await validate(`${header}\r\n${rows.join('\r\n')}\r\n`);
    const columns = r.columns[0];
    assert.ok(columns.type === 'columns' && columns.format === 'asc-wds');
    assert.ok(columns.unmapped?.includes('NATIONALITY'));
    assert.deepEqual(
      r.warnings.filter((p) => p.kind === 'personal_data_column').map((p) => p.column),
      ['DISPLAYID', 'NINUMBER', 'POSTCODE'],
    );
    assert.deepEqual(r.workers[0], {
      worker_id: 'ASC1',
      service: 'social_care',
      job_role: 'care_worker',
      job_role_other: null,
      workforce_group: 'wider',
      employment_type: 'employee',
      contract_type: 'permanent',
      fte: 1.01,
      contracted_hours: 37.5,
      start_date: '2015-04-01',
      leaving_date: null,
      leaving_reason: null,
      birth_year: 1980,
      sex: 'female',
      gender_identity: null,
      ethnicity: 'asian_bangladeshi',
      disability: 'no',
      qualification_level: '3',
      apprentice: false,
      sickness_days: 3,
      safeguarding_level: null,
      manager: false,
    });
    assert.deepEqual(
      [
        r.workers[1].contract_type,
        r.workers[1].fte,
        r.workers[1].ethnicity,
        r.workers[1].disability,
        r.workers[1].job_role,
        r.workers[1].job_role_other,
        r.workers[1].qualification_level,
        r.workers[1].sickness_days,
      ],
      ['zero_hours', 0.54, 'not_known', 'prefer_not_to_say', 'other', 'Social worker', '5', null],
    );
    assert.equal(r.workers.length, 3, 'the DELETE row is skipped');
    assert.deepEqual(r.workers[2].employment_type, 'agency');
    assert.deepEqual(
      r.warnings.filter((p) => p.kind === 'asc_wds_unmapped').map((p) => [p.row, p.column, p.value]),
      [[5, 'ETHNICITY', '77']],
    );
    assert.equal(r.workers[2].job_role_other, 'ASC-WDS job role 99');
  });
});

describe('workforce validator: ASC-WDS edge cases', () => {
  it('takes a row without hours with FTE 0 and a warning, and reads an ASC-WDS sheet inside a workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('ASC-WDS staff');
    ws.addRow([
      'LOCALESTID',
      'UNIQUEWORKERID',
      'STATUS',
      'GENDER',
      'EMPLSTATUS',
      'MAINJOBROLE',
      'CONTHOURS',
      'AVGHOURS',
    ]);
    ws.addRow(['EST1', 'X1', 'NEW', 1, 1, 4, 18.5, null]);
    ws.addRow(['EST1', 'X2', 'NEW', 2, 1, 8, null, null]);
    const r = await validate(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx');
    assert.equal(r.columns[0].type === 'columns' && r.columns[0].format, 'asc-wds');
    assert.deepEqual(
      r.workers.map((w) => [w.worker_id, w.job_role, w.manager, w.fte, w.sex]),
      [
        ['X1', 'service_manager', true, 0.5, 'male'],
        ['X2', 'care_worker', false, 0, 'female'],
      ],
    );
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.warnings.map((p) => [p.sheet, p.row, p.column, p.kind]),
      [['ASC-WDS staff', 3, 'CONTHOURS', 'hours_not_known']],
    );
  });
});

describe('workforce validator: streaming', () => {
  it('keeps memory flat while validating 200,000 rows', async () => {
    const path = join(dir, 'big.csv');
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(path);
      out.on('error', reject);
      out.write(`${HEADER},ethnicity,birth_year,start_date\n`);
      let i = 0;
      const write = () => {
        let ok = true;
        while (i < 200_000 && ok) {
          ok = out.write(
            `W${i},health,midwife,core,employee,permanent,1,37,white_british,1980,2015-01-0${(i % 9) + 1}\n`,
          );
          i++;
        }
        if (i < 200_000) out.once('drain', write);
        else out.end(resolve);
      };
      write();
    });
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    let workers = 0;
    let retained = 0;
    for await (const e of validateReturn({ path, fileName: 'big.csv', censusDate: CENSUS })) {
      if (e.type === 'worker' && ++workers % 50_000 === 0) {
        gc();
        retained = Math.max(retained, process.memoryUsage().heapUsed - before);
      }
    }
    assert.equal(workers, 200_000);
    // Holding the rows would retain well over 100 MB (200,000 records of 22 fields); the set of IDs is a few MB.
    assert.ok(retained < 40 * 1024 * 1024, `heap retained ${Math.round(retained / 1048576)} MB`);
  });
});
