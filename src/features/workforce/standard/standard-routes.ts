/** The data standard as a page, its JSON Schema and the return templates: for everyone signed in. */
import { defineFeature, definePage, type Feature } from '../../../web/kit/page.ts';
import { PREFIX, standardPaths as paths } from './paths.ts';
import { workforceJsonSchema } from './json-schema.ts';
import { ETHNIC_GROUPS, SERVICE_CODES, STANDARD_VERSION, VACANCY_FIELDS, WORKER_FIELDS } from './standard.ts';
import { FIELD_GROUPS, VACANCY_FIELD_SPECS, WORKER_FIELD_SPECS } from './field-specs.ts';
import type { FieldSpec } from './field-specs.ts';
import { requiredDescription, typeDescription } from './standard-doc.ts';
import { csvTemplate, xlsxTemplate } from './templates.ts';
import type { Code, Ethnicity, JobRole } from './standard.ts';

const isEthnicity = (c: Code): c is Ethnicity => 'onsCode' in c;
const isJobRole = (c: Code): c is JobRole => 'services' in c;

const serviceLabel = (code: string) => SERVICE_CODES.find((s) => s.code === code)?.label ?? code;

/** A field as the page shows it; `note` adds the group, ONS code or services to a code's label. */
function fieldView(spec: FieldSpec) {
  return {
    name: spec.name,
    label: spec.label,
    meaning: spec.meaning,
    type: typeDescription(spec),
    required: requiredDescription(spec),
    example: spec.example,
    synonyms: spec.synonyms.join(', '),
    codes:
      spec.type === 'code'
        ? (spec.codes ?? []).map((c) => {
            const note =
              isEthnicity(c) && c.onsCode !== null
                ? `${ETHNIC_GROUPS.find((g) => g.code === c.group)?.label}; ONS code ${c.onsCode}`
                : isJobRole(c) && c.services.length < SERVICE_CODES.length
                  ? c.services.map(serviceLabel).join('; ')
                  : '';
            return { code: c.code, label: c.label, note };
          })
        : null,
  };
}

function standardGroups() {
  const groups = Object.entries(FIELD_GROUPS)
    .filter(([g]) => g !== 'vacancy')
    .map(([group, title]) => ({
      id: `group-${group}`,
      title,
      fields: WORKER_FIELDS.map((f) => WORKER_FIELD_SPECS[f])
        .filter((s) => s.group === group)
        .map(fieldView),
    }));
  groups.push({
    id: 'group-vacancy',
    title: 'Vacancy records',
    fields: VACANCY_FIELDS.map((f) => fieldView(VACANCY_FIELD_SPECS[f])),
  });
  return groups;
}

export function standardFeature(): Feature {
  const standard = definePage({
    path: paths.standard,
    access: 'home:view',
    view: () => ({
      template: 'workforce/standard/views/standard.njk',
      title: 'Workforce data standard',
      locals: {
        version: STANDARD_VERSION,
        groups: standardGroups(),
        workerFields: WORKER_FIELDS,
        columnClass: 'govuk-grid-column-full',
        backLink: '/workforce',
      },
    }),
  });
  const schema = definePage({
    path: paths.schema,
    access: 'home:view',
    handle: ({ res }) => {
      res.type('application/schema+json').send(JSON.stringify(workforceJsonSchema(), null, 2));
    },
  });
  const csv = definePage({
    path: paths.csvTemplate,
    access: 'home:view',
    handle: ({ res }) => {
      res.type('text/csv; charset=utf-8').attachment('workforce-return.csv').send(csvTemplate());
    },
  });
  const xlsx = definePage({
    path: paths.xlsxTemplate,
    access: 'home:view',
    handle: async ({ res }) => {
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .attachment('workforce-return.xlsx')
        .send(await xlsxTemplate());
    },
  });
  return defineFeature(PREFIX, [standard, schema, csv, xlsx], paths);
}
