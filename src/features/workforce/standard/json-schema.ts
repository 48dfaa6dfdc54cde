/** JSON Schema (2020-12) of a worker record and a vacancy record, generated from the data standard. */
import { STANDARD_VERSION, VACANCY_FIELDS, WORKER_FIELDS } from './standard.ts';
import { VACANCY_FIELD_SPECS, WORKER_FIELD_SPECS } from './field-specs.ts';
import type { FieldSpec } from './field-specs.ts';

type Schema = Record<string, unknown>;

function propertySchema(spec: FieldSpec): Schema {
  const nullable = spec.required !== 'required';
  const base: Schema = { title: spec.label, description: spec.meaning };
  switch (spec.type) {
    case 'code': {
      const codes = (spec.codes ?? []).map((c) => c.code);
      return {
        ...base,
        enum: nullable ? [...codes, null] : codes,
        'x-labels': Object.fromEntries((spec.codes ?? []).map((c) => [c.code, c.label])),
      };
    }
    case 'boolean':
      return { ...base, type: nullable ? ['boolean', 'null'] : 'boolean' };
    case 'date':
      return {
        ...base,
        type: nullable ? ['string', 'null'] : 'string',
        format: 'date',
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      };
    case 'text':
      return {
        ...base,
        type: nullable ? ['string', 'null'] : 'string',
        ...(spec.required === 'required' ? { minLength: 1 } : {}),
        ...(spec.maxLength ? { maxLength: spec.maxLength } : {}),
      };
    case 'number':
    case 'integer':
      return {
        ...base,
        type: nullable ? [spec.type, 'null'] : spec.type,
        ...(spec.min !== undefined ? { minimum: spec.min } : {}),
        ...(spec.max !== undefined ? { maximum: spec.max } : {}),
      };
  }
}

function objectSchema(specs: Record<string, FieldSpec>, names: readonly string[]): Schema {
  return {
    type: 'object',
    properties: Object.fromEntries(names.map((n) => [n, propertySchema(specs[n])])),
    required: names.filter((n) => specs[n].required === 'required'),
    additionalProperties: false,
  };
}

export function workforceJsonSchema(): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: '/workforce/standard/schema.json',
    title: `Workforce data standard v${STANDARD_VERSION}`,
    description:
      'One worker record per person per organisation at the census date, and one vacancy record per job role and service.',
    $defs: {
      worker: { title: 'Worker record', ...objectSchema(WORKER_FIELD_SPECS, WORKER_FIELDS) },
      vacancy: { title: 'Vacancy record', ...objectSchema(VACANCY_FIELD_SPECS, VACANCY_FIELDS) },
    },
    type: 'object',
    properties: {
      workers: { type: 'array', items: { $ref: '#/$defs/worker' } },
      vacancies: { type: 'array', items: { $ref: '#/$defs/vacancy' } },
    },
  };
}
