/** The data standard as a page, its JSON Schema and the return templates: for everyone signed in. */
import { Router } from 'express';
import { renderPage } from '../../../web/kit/render.ts';
import { route } from '../../../web/kit/route.ts';
import { workforceJsonSchema } from './json-schema.ts';
import {
  ETHNIC_GROUPS,
  FIELD_GROUPS,
  SERVICE_CODES,
  STANDARD_VERSION,
  VACANCY_FIELD_SPECS,
  VACANCY_FIELDS,
  WORKER_FIELD_SPECS,
  WORKER_FIELDS,
} from './standard.ts';
import type { FieldSpec, Ethnicity, JobRole } from './standard.ts';
import { requiredDescription, typeDescription } from './standard-doc.ts';
import { csvTemplate, xlsxTemplate } from './templates.ts';

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
            const e = c as Ethnicity;
            const r = c as JobRole;
            const note =
              spec.name === 'ethnicity' && e.onsCode !== null
                ? `${ETHNIC_GROUPS.find((g) => g.code === e.group)?.label}; ONS code ${e.onsCode}`
                : spec.name === 'job_role' && r.services.length < SERVICE_CODES.length
                  ? r.services.map(serviceLabel).join('; ')
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

export function standardRoutes(): Router {
  const router = Router();

  router.get(
    '/workforce/standard',
    route('home:view', (_req, res) => {
      renderPage(res, 'workforce/standard/views/standard.njk', 'Workforce data standard', {
        version: STANDARD_VERSION,
        groups: standardGroups(),
        workerFields: WORKER_FIELDS,
        columnClass: 'govuk-grid-column-full',
        backLink: '/workforce',
      });
    }),
  );

  router.get(
    '/workforce/standard/schema.json',
    route('home:view', (_req, res) => {
      res.type('application/schema+json').send(JSON.stringify(workforceJsonSchema(), null, 2));
    }),
  );

  router.get(
    '/workforce/templates/workforce-return.csv',
    route('home:view', (_req, res) => {
      res.type('text/csv; charset=utf-8').attachment('workforce-return.csv').send(csvTemplate());
    }),
  );

  router.get(
    '/workforce/templates/workforce-return.xlsx',
    route('home:view', async (_req, res) => {
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .attachment('workforce-return.xlsx')
        .send(await xlsxTemplate());
    }),
  );
  return router;
}
