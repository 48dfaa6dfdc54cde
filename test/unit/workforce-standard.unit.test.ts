import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { SERVICES } from '../../src/features/accounts/organisation-codes.ts';
import { workforceJsonSchema } from '../../src/features/workforce/standard/json-schema.ts';
import {
  ETHNIC_GROUPS,
  ETHNICITIES,
  JOB_ROLES,
  normaliseName,
  SERVICE_CODES,
  VACANCY_FIELDS,
  WORKER_FIELDS,
} from '../../src/features/workforce/standard/standard.ts';
import { VACANCY_FIELD_SPECS, WORKER_FIELD_SPECS } from '../../src/features/workforce/standard/field-specs.ts';
import { dataStandardMarkdown } from '../../src/features/workforce/standard/standard-doc.ts';
import {
  csvTemplate,
  exampleWorker,
  TEMPLATE_ROWS,
  xlsxTemplate,
} from '../../src/features/workforce/standard/templates.ts';
import { validateReturn, validateRows } from '../../src/features/workforce/returns/validate.ts';
import type { ValidationEvent } from '../../src/features/workforce/returns/validate.ts';

const dir = mkdtempSync(join(tmpdir(), 'ow-standard-'));
after(() => rmSync(dir, { recursive: true, force: true }));

type Schema = Record<string, unknown>;
/** Just enough of JSON Schema 2020-12 for the keywords json-schema.ts uses; returns the paths that fail. */
function schemaErrors(schema: Schema, value: unknown, path = ''): string[] {
  const errors: string[] = [];
  const types = schema.type === undefined ? null : ([] as string[]).concat(schema.type as string);
  const typeOf = (v: unknown) =>
    v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
  if (types && !types.some((t) => t === typeOf(value) || (t === 'number' && typeof value === 'number')))
    return [`${path}: type`];
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) errors.push(`${path}: enum`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < (schema.minimum as number)) errors.push(`${path}: minimum`);
    if (schema.maximum !== undefined && value > (schema.maximum as number)) errors.push(`${path}: maximum`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < (schema.minLength as number))
      errors.push(`${path}: minLength`);
    if (schema.maxLength !== undefined && value.length > (schema.maxLength as number))
      errors.push(`${path}: maxLength`);
    if (schema.pattern && !new RegExp(schema.pattern as string).test(value)) errors.push(`${path}: pattern`);
  }
  if (types?.includes('object') && value && typeof value === 'object') {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in value)) errors.push(`${path}/${key}: required`);
    for (const [key, v] of Object.entries(value)) {
      if (properties[key]) errors.push(...schemaErrors(properties[key], v, `${path}/${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}/${key}: additional`);
    }
  }
  return errors;
}
const schema = workforceJsonSchema();
const defs = schema.$defs as Record<string, Schema>;

async function events(path: string, fileName: string) {
  const all: ValidationEvent[] = [];
  for await (const e of validateReturn({ path, fileName, censusDate: '2026-09-30' })) all.push(e);
  return all;
}

describe('workforce data standard', () => {
  it('docs/data-standard.md is generated from the current standard', () => {
    assert.equal(
      readFileSync(new URL('../../docs/data-standard.md', import.meta.url), 'utf8'),
      dataStandardMarkdown(),
      'docs/data-standard.md is out of date: run node scripts/generate-data-standard-doc.ts',
    );
  });

  it('describes every field once, in the canonical order', () => {
    assert.deepEqual(Object.keys(WORKER_FIELD_SPECS), [...WORKER_FIELDS]);
    assert.deepEqual(Object.keys(VACANCY_FIELD_SPECS), [...VACANCY_FIELDS]);
    for (const [name, spec] of Object.entries({ ...WORKER_FIELD_SPECS, ...VACANCY_FIELD_SPECS })) {
      assert.equal(spec.name, name);
      assert.ok(spec.meaning && spec.example, name);
      if (spec.type === 'code') assert.ok(spec.codes && spec.codes.length > 0, name);
    }
  });

  it('gives every header name and synonym to one field only', () => {
    for (const specs of [WORKER_FIELD_SPECS, VACANCY_FIELD_SPECS]) {
      const owner = new Map<string, string>();
      for (const spec of Object.values(specs)) {
        for (const name of [spec.name, spec.label, ...spec.synonyms]) {
          const key = normaliseName(name);
          assert.ok(
            !owner.has(key) || owner.get(key) === spec.name,
            `'${name}' names both ${owner.get(key)} and ${spec.name}`,
          );
          owner.set(key, spec.name);
        }
      }
    }
  });

  it('keeps codes, labels and synonyms unambiguous within each list', () => {
    for (const spec of Object.values(WORKER_FIELD_SPECS)) {
      const owner = new Map<string, string>();
      for (const c of spec.codes ?? []) {
        for (const name of [c.code, c.label, ...(c.synonyms ?? [])]) {
          const key = normaliseName(name);
          assert.ok(
            !owner.has(key) || owner.get(key) === c.code,
            `${spec.name}: '${name}' means ${owner.get(key)} and ${c.code}`,
          );
          owner.set(key, c.code);
        }
      }
    }
  });

  it('reuses the organisation service codes and gives every job role known services', () => {
    assert.deepEqual(
      SERVICE_CODES.map((s) => s.code),
      Object.keys(SERVICES),
    );
    for (const r of JOB_ROLES) for (const s of r.services) assert.ok(s in SERVICES, `${r.code}: ${s}`);
    assert.ok(JOB_ROLES.some((r) => r.code === 'other'));
  });

  it('carries the 19 ONS 2021 ethnic groups with the codes and labels of the ONS data', () => {
    const ons = new Map<number, string>();
    for (const line of readFileSync(new URL('../fixtures/ons-ethnic-groups-hartlepool.csv', import.meta.url), 'utf8')
      .split('\n')
      .slice(1)) {
      const m = /^[^,]+,(?:"[^"]*"|[^,]*),(-?\d+),("([^"]*)"|[^,]*),/.exec(line);
      if (m && Number(m[1]) > 0) ons.set(Number(m[1]), m[3] ?? m[2]);
    }
    assert.equal(ons.size, 19);
    const coded = ETHNICITIES.filter((e) => e.onsCode !== null);
    assert.deepEqual(
      coded.map((e) => e.onsCode),
      Array.from({ length: 19 }, (_, i) => i + 1),
    );
    for (const e of coded) assert.equal(e.label, ons.get(e.onsCode as number));
    assert.deepEqual(
      ETHNICITIES.filter((e) => e.onsCode === null).map((e) => e.code),
      ['prefer_not_to_say', 'not_known'],
    );
    assert.deepEqual(new Set(coded.map((e) => e.group)), new Set(ETHNIC_GROUPS.map((g) => g.code)));
  });
});

describe('workforce JSON Schema', () => {
  it('is JSON Schema 2020-12 with a worker and a vacancy record', () => {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(Object.keys(defs.worker.properties as object), [...WORKER_FIELDS]);
    assert.deepEqual(defs.worker.required, [
      'worker_id',
      'service',
      'job_role',
      'workforce_group',
      'employment_type',
      'fte',
    ]);
  });

  it('accepts the records the validator accepts and rejects bad codes, ranges and missing fields', async () => {
    const accepted: unknown[] = [];
    for await (const e of validateRows(
      [
        {
          worker_id: 'A1',
          service: 'Health',
          job_role: 'Midwife',
          workforce_group: 'core',
          employment_type: 'employee',
          contract_type: 'permanent',
          fte: '0.5',
          contracted_hours: 18.5,
          ethnicity: 'Indian',
          apprentice: 'yes',
          birth_year: 1990,
          start_date: '2020-01-01',
        },
      ],
      { censusDate: '2026-09-30' },
    ))
      if (e.type === 'worker') accepted.push(e.record);
    assert.equal(accepted.length, 1);
    assert.deepEqual(schemaErrors(defs.worker, accepted[0]), []);
    const good = accepted[0] as Record<string, unknown>;
    assert.deepEqual(schemaErrors(defs.worker, { ...good, ethnicity: 'Brit' }), ['/ethnicity: enum']);
    assert.deepEqual(schemaErrors(defs.worker, { ...good, fte: 2 }), ['/fte: maximum']);
    assert.deepEqual(schemaErrors(defs.worker, { ...good, start_date: '1/1/2020' }), ['/start_date: pattern']);
    const { worker_id: _, ...noId } = good;
    assert.deepEqual(schemaErrors(defs.worker, noId), ['/worker_id: required']);
    assert.deepEqual(
      schemaErrors(defs.vacancy, { job_role: 'teacher', service: 'education', vacant_fte: 1, agency_cover_fte: null }),
      [],
    );
    assert.deepEqual(
      schemaErrors(defs.vacancy, { job_role: 'teacher', service: 'school', vacant_fte: -1, agency_cover_fte: null }),
      ['/service: enum', '/vacant_fte: minimum'],
    );
  });
});

describe('workforce return templates', () => {
  it('CSV: the standard header and an example row that passes validation', async () => {
    const csv = csvTemplate();
    const [header, example] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(header, WORKER_FIELDS.join(','));
    assert.equal(example, exampleWorker().join(','));
    writeFileSync(join(dir, 'template.csv'), csv);
    const all = await events(join(dir, 'template.csv'), 'template.csv');
    assert.deepEqual(
      all.filter((e) => e.type === 'problem'),
      [],
    );
    assert.equal(all.filter((e) => e.type === 'worker').length, 1);
  });

  it('XLSX: workers and vacancies sheets with drop-downs, a guidance sheet, and it validates cleanly', async () => {
    const buffer = await xlsxTemplate();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    assert.deepEqual(
      workbook.worksheets.map((w) => w.name),
      ['Workers', 'Vacancies', 'Guidance', 'Code lists'],
    );
    const workers = workbook.getWorksheet('Workers') as ExcelJS.Worksheet;
    assert.deepEqual((workers.getRow(1).values as unknown[]).slice(1), [...WORKER_FIELDS]);
    const validations = (workers as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } })
      .dataValidations.model;
    WORKER_FIELDS.forEach((field, i) => {
      const spec = WORKER_FIELD_SPECS[field];
      const column = String.fromCharCode(65 + i);
      const v = validations[`${column}2`];
      if (spec.type === 'code' || spec.type === 'boolean') {
        assert.equal(v?.type, 'list', field);
        assert.match(String(v.formulae[0]), /^'Code lists'!\$[A-Z]+\$2:\$[A-Z]+\$\d+$/, field);
        assert.deepEqual(
          validations[`${column}${TEMPLATE_ROWS + 1}`],
          v,
          `${field} is checked down to row ${TEMPLATE_ROWS + 1}`,
        );
      } else if (spec.type === 'number' || spec.type === 'integer') {
        assert.equal(v?.type, spec.type === 'integer' ? 'whole' : 'decimal', field);
      }
    });
    const ethnicityList = String(
      validations[`${String.fromCharCode(65 + WORKER_FIELDS.indexOf('ethnicity'))}2`].formulae[0],
    );
    const [, col, , last] = /\$([A-Z]+)\$2:\$([A-Z]+)\$(\d+)/.exec(ethnicityList) as RegExpExecArray;
    const lists = workbook.getWorksheet('Code lists') as ExcelJS.Worksheet;
    const labels = Array.from({ length: Number(last) - 1 }, (_, i) => lists.getCell(`${col}${i + 2}`).value);
    assert.deepEqual(
      labels,
      ETHNICITIES.map((e) => e.label),
    );
    const guidance = (workbook.getWorksheet('Guidance') as ExcelJS.Worksheet).getColumn(1).values.map(String);
    for (const field of [...WORKER_FIELDS, 'vacant_fte']) assert.ok(guidance.includes(field), field);

    writeFileSync(join(dir, 'template.xlsx'), buffer);
    const all = await events(join(dir, 'template.xlsx'), 'template.xlsx');
    assert.deepEqual(
      all.filter((e) => e.type === 'problem'),
      [],
    );
    assert.deepEqual(
      all.map((e) => e.type),
      ['columns', 'worker', 'columns', 'vacancy'],
    );
  });
});
