/*
 * Training records pages (issue 14, points 8 and 11): single-agency training recorded by an
 * organisation's training contact, and the e-learning import (upload and check, review, then add
 * every record or none).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { formatDate } from '../../lib/dates.ts';
import { ValidationError } from '../../lib/errors.ts';
import { definePage, idParam, type Page } from '../../web/kit/page.ts';
import { hoursText, label, LEVELS } from './codes.ts';
import { compliancePaths as paths } from './compliance-paths.ts';
import { IMPORT_COLUMNS } from './compliance-forms.ts';
import { options } from './view-model.ts';

const VIEWS = 'training/views';
const MAX_BYTES = 10 * 1024 * 1024;
const anyForm = z.record(z.string(), z.unknown());

type Records = Services['training']['records'];

/** Single-agency training, recorded by an organisation's training contact. */
const recordPage = (records: Records): Page =>
  definePage({
    path: paths.newRecord,
    access: 'training:book',
    form: anyForm,
    view: (_d, _c, form) => {
      const values = form?.values ?? {};
      const level = typeof values.level === 'string' ? [values.level] : [];
      return {
        template: `${VIEWS}/record-form.njk`,
        title: 'Record single-agency training',
        locals: {
          values,
          levelItems: [{ value: '', text: 'Select a level' }, ...options(LEVELS, level)],
          backLink: paths.compliance(),
        },
      };
    },
    submit: async ({ actor, form }) => {
      const { person } = await records.recordSingle(actor, form);
      return {
        redirect: paths.organisationCompliance({ id: person.organisation_id }),
        flash: `The training is recorded for ${person.name}`,
      };
    },
  });

/** The e-learning import: upload and check, then review and add all or none. */
function importPages(records: Records): Page[] {
  const upload = definePage({
    path: paths.importRecords,
    access: 'training:manage',
    upload: { field: 'file', maxBytes: MAX_BYTES },
    form: anyForm,
    view: (_d, _c, form) => ({
      template: `${VIEWS}/records-import.njk`,
      title: 'Import e-learning records',
      locals: {
        columns: IMPORT_COLUMNS,
        problems: Object.entries(form?.errors ?? {})
          .filter(([key]) => key.startsWith('problem-'))
          .map(([id, text]) => ({ id, text })),
        action: paths.importRecords(),
        backLink: paths.compliance(),
      },
    }),
    submit: async ({ actor, upload: file }) => {
      if (!file || !file.size) throw new ValidationError({ file: 'Choose the CSV file from your e-learning provider' });
      const id = await records.check(actor, { content: await readFile(file.path), fileName: file.fileName });
      return { redirect: paths.reviewImport({ id }) };
    },
  });

  const review = definePage({
    path: paths.reviewImport,
    access: 'training:manage',
    params: z.object({ id: idParam }),
    form: z.object({}),
    load: ({ actor, params }) => records.review(actor, params.id),
    view: (staged) => ({
      template: `${VIEWS}/records-import-review.njk`,
      title: 'Check the records before importing them',
      locals: {
        staged,
        rows: staged.rows.map((r) => ({
          ...r,
          when: formatDate(r.completedOn),
          hours: hoursText(r.minutes),
          levelName: label(LEVELS, r.level),
        })),
        action: paths.reviewImport({ id: staged.id }),
        again: paths.importRecords(),
        backLink: paths.importRecords(),
        columnClass: 'govuk-grid-column-full',
      },
    }),
    submit: async ({ actor, params }) => {
      const count = await records.commit(actor, params.id);
      return { redirect: paths.compliance(), flash: `${count} ${count === 1 ? 'record is' : 'records are'} imported` };
    },
  });

  return [upload, review];
}

export function recordsPages(services: Services): Page[] {
  const { records } = services.training;
  return [recordPage(records), ...importPages(records)];
}
