import { formatDate, isIsoDate } from '../../../lib/dates.ts';
import type { Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../../config.ts';
import { NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { streamTable } from '../../../lib/table-stream.ts';
import {
  defineFeature,
  definePage,
  formText,
  idParam,
  type Feature,
  type Page,
  type View,
} from '../../../web/kit/page.ts';
import type { Services } from '../../../services.ts';
import { type Actor, hasCapability } from '../../../auth/actor.ts';
import { PREFIX, returnsPaths as paths } from './paths.ts';
import { completenessPages } from './completeness-routes.ts';
import { fullTimeHoursPages } from './full-time-hours-routes.ts';
import { dateFromParts, dateParts, NO_ORGANISATION, VIEWS, withoutOrganisation } from './returns-common.ts';
import { exportRows } from './returns-export.ts';
import { pageNumber, reviewView } from './review-view.ts';
import { PROBLEM_REPORT_HEADERS, problemReportRows } from './problem-report.ts';
import { interrupted } from './upload-lock.ts';

const FIRST_PROBLEMS = 50;

const humanKind = (kind: string) => {
  const text = kind.replace(/[_-]+/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

const problemText = (p: { row_number: number | null; column_name: string | null; message: string }) =>
  p.row_number !== null && !/^row\s/i.test(p.message)
    ? `Row ${p.row_number}${p.column_name ? `, ${p.column_name}` : ''}: ${p.message}`
    : p.message;

const byUpload = z.object({ uploadId: idParam });
const submitQuery = z.object({
  organisation: z.string().optional().catch(undefined),
  census: z.string().optional().catch(undefined),
});
const reviewQuery = z.object({ page: z.preprocess(pageNumber, z.number()) });
const reviewForm = z.object({ vacancies: formText, 'confirm-remove': formText });

/** The workforce returns pages, declared once (docs/adr/0011); their addresses are in paths.ts. */
export function returnsFeature(services: Services, config: Config): Feature {
  return defineFeature(
    PREFIX,
    [
      landingPage(),
      submitPage(services, config),
      ...reviewPages(services),
      ...outcomePages(services),
      ...historyPages(services),
      ...completenessPages(services, config.messaging.reminderDays.returns),
      ...fullTimeHoursPages(services),
    ],
    paths,
  );
}

/** What the signed-in user can do with returns, from their role. */
function landingPage(): Page {
  return definePage({
    path: paths.landing,
    access: 'home:view',
    view: (_data, { actor: a }) => ({
      template: `${VIEWS}/landing.njk`,
      title: 'Workforce',
      locals: {
        canSubmit: hasCapability(a, 'workforce:submit-any') || hasCapability(a, 'workforce:submit-own'),
        withoutOrganisation: withoutOrganisation(a) && hasCapability(a, 'workforce:view-own'),
        canSeeReturns: hasCapability(a, 'workforce:view-own'),
        // The profile of a data lead's own organisation needs that organisation.
        canSeeProfile:
          hasCapability(a, 'workforce:view-profile') &&
          (hasCapability(a, 'workforce:view-aggregate') || !withoutOrganisation(a)),
        ownHistory:
          !hasCapability(a, 'workforce:submit-any') &&
          hasCapability(a, 'workforce:view-own') &&
          a.organisationId !== null
            ? paths.history({ organisationId: a.organisationId })
            : null,
      },
    }),
  });
}

/** Uploading a return file: the form, then the file streamed, checked and staged. */
function submitPage(services: Services, config: Config): Page {
  const returns = services.workforceReturns;

  return definePage({
    path: paths.submit,
    access: 'workforce:view-own',
    query: submitQuery,
    upload: { field: 'file', maxBytes: config.workforceUploadMaxBytes },
    // Another file for the same organisation and census date is still being checked (upload-lock.ts).
    conflictField: 'file',
    load: ({ actor }) => (withoutOrganisation(actor) ? null : returns.submittableOrganisations(actor)),
    view: (organisations, { actor, query }, form) => {
      if (!organisations) return NO_ORGANISATION;
      const census = query.census && isIsoDate(query.census) ? query.census : '';
      const [year, month, day] = census ? census.split('-') : [];
      const values = form?.values ?? {
        organisation: query.organisation,
        'census-date-day': day ? String(Number(day)) : '',
        'census-date-month': month ? String(Number(month)) : '',
        'census-date-year': year ?? '',
      };
      const chosen = String(values.organisation ?? '');
      return {
        template: `${VIEWS}/upload.njk`,
        title: 'Submit a workforce return',
        locals: {
          backLink: paths.landing(),
          maxMegabytes: Math.round(config.workforceUploadMaxBytes / 1024 / 1024),
          chooseOrganisation: hasCapability(actor, 'workforce:submit-any'),
          organisationName: organisations[0]?.name ?? null,
          organisationItems: [
            { value: '', text: 'Choose an organisation' },
            ...organisations.map((o) => ({ value: String(o.id), text: o.name, selected: String(o.id) === chosen })),
          ],
          censusDate: dateParts(values, 'census-date'),
        },
      };
    },
    // The service names the census date; the form's date input is addressed by its day box.
    errorField: (field) => (field === 'censusDate' ? 'census-date-day' : field),
    submit: async ({ actor, upload, render, res }) => {
      // The same explanation as the page (400: nothing was taken), not an error about a field.
      if (withoutOrganisation(actor)) {
        res.status(400);
        return render(NO_ORGANISATION.template, NO_ORGANISATION.title, NO_ORGANISATION.locals);
      }
      if (!upload) throw new ValidationError({ file: 'Select a file to upload' });
      const fields = upload.fields;
      const errors: Record<string, string> = {};
      const organisationId = hasCapability(actor, 'workforce:submit-any')
        ? Number(fields.organisation)
        : actor.organisationId;
      if (!organisationId) errors.organisation = 'Choose the organisation the return is for';
      const censusDate = dateFromParts(fields, 'census-date');
      if (!censusDate) errors['census-date-day'] = 'Enter the census date as a real date, for example 30 9 2026';
      if (!organisationId || !censusDate) throw new ValidationError(errors);
      const staged = await returns.stageFile(actor, {
        organisationId,
        censusDate,
        path: upload.path,
        fileName: upload.fileName,
        source: 'upload',
      });
      return paths.upload({ uploadId: staged.id });
    },
  });
}

/** The upload's own page: the review of a valid file, or its problems; a redirect once it is submitted. */
async function loadUpload(
  returns: Services['workforceReturns'],
  actor: Actor,
  uploadId: number,
  page: number,
  res: Response,
) {
  const { upload, organisation, columns } = await returns.getUpload(actor, uploadId);
  if (upload.status === 'committed') {
    res.redirect(303, paths.submitted({ uploadId }));
    return null;
  }
  if (upload.status === 'abandoned') throw new NotFoundError('Upload');
  const again = `${paths.submit()}?organisation=${organisation.id}&census=${upload.census_date}`;
  const censusDate = formatDate(upload.census_date);
  // Still being checked (or checking was interrupted): no counts or problems to show yet.
  if (upload.status === 'validating')
    return {
      template: `${VIEWS}/checking.njk`,
      title: 'Your file is being checked',
      locals: { upload, organisation, censusDate, stopped: interrupted(upload), again, backLink: paths.submit() },
    };
  const { byKind, byColumn } = await returns.problemCounts(actor, uploadId);
  const counts = byKind.map((c) => ({ ...c, kindText: humanKind(c.kind) }));
  const columnCounts = byColumn.map((c) => ({ ...c, kindText: humanKind(c.kind) }));
  const warnings = (await returns.problems(actor, uploadId, { severity: 'warning', limit: FIRST_PROBLEMS })).map(
    (p) => ({ ...p, text: problemText(p) }),
  );
  const base = {
    upload,
    organisation,
    columns,
    counts,
    columnCounts,
    warnings,
    censusDate,
    backLink: paths.submit(),
    columnClass: 'govuk-grid-column-full',
    again,
  };
  if (upload.status === 'valid') {
    const review = await returns.review(actor, uploadId, page);
    return {
      template: `${VIEWS}/review.njk`,
      title: 'Check your return before submitting',
      locals: {
        ...base,
        ...reviewView(review, page, paths.upload({ uploadId })),
        previousCensusDate: formatDate(review.previous?.censusDate),
      },
    };
  }
  const problems = (await returns.problems(actor, uploadId, { severity: 'error', limit: FIRST_PROBLEMS })).map(
    (p, i) => ({ ...p, text: problemText(p), anchor: `problem-${i + 1}` }),
  );
  return {
    template: `${VIEWS}/problems.njk`,
    title: 'There are problems with your file',
    locals: {
      ...base,
      problems,
      problemSummary: problems.map((p) => ({ text: p.text, href: `#${p.anchor}` })),
    },
  };
}

/** An upload's review (or its problems), and submitting it. */
function reviewPages(services: Services): Page[] {
  const returns = services.workforceReturns;

  const shown = (view: View | null): View => view ?? { template: '', title: '' };

  const upload = definePage({
    path: paths.upload,
    access: 'workforce:view-own',
    params: byUpload,
    query: reviewQuery,
    load: ({ actor, params, query, res }) => loadUpload(returns, actor, params.uploadId, query.page, res),
    view: shown,
  });

  const submitUpload = definePage({
    path: paths.submitUpload,
    access: 'workforce:view-own',
    params: byUpload,
    form: reviewForm,
    only: 'post',
    // A refused choice shows the review again, with the error against the confirmation.
    load: ({ actor, params, res }) => loadUpload(returns, actor, params.uploadId, 1, res),
    view: shown,
    submit: async ({ actor, params, form }) => {
      const vacancies = form.vacancies === 'remove' ? 'remove' : 'keep';
      if (vacancies === 'remove' && form['confirm-remove'] !== 'yes')
        throw new ValidationError({
          'confirm-remove': 'Confirm that the organisation has no vacancies, or choose to keep the vacancy records',
        });
      try {
        await returns.commit(actor, params.uploadId, { vacancies });
        return paths.submitted(params);
      } catch (err) {
        // Already submitted, or has errors: the upload's own page says which.
        if (!(err instanceof ValidationError)) throw err;
        return paths.upload(params);
      }
    },
  });

  return [upload, submitUpload];
}

/** The problems report, cancelling an upload, and the page after submitting. */
function outcomePages(services: Services): Page[] {
  const returns = services.workforceReturns;

  const problemDownloads = (['csv', 'xlsx'] as const).map((format) =>
    definePage({
      path: format === 'csv' ? paths.problemsCsv : paths.problemsXlsx,
      access: 'workforce:view-own',
      params: byUpload,
      handle: async ({ actor, params, res }) => {
        const { upload: found } = await returns.getUpload(actor, params.uploadId);
        // Only where the problem is and the offending value: never the rest of the person's row. A page
        // of problems at a time, so a report of any size is never held in memory whole (docs/adr/0017).
        async function* rows() {
          for await (const page of returns.problemPages(actor, params.uploadId))
            yield problemReportRows(
              page.map((p) => ({
                severity: p.severity,
                kind: p.kind,
                row: p.row_number,
                column: p.column_name,
                value: p.value,
                message: p.message,
                ...(p.sheet ? { sheet: p.sheet } : {}),
              })),
            );
        }
        const stem = `problems-${found.census_date}-upload-${found.id}`;
        await streamTable(res, format, stem, 'Problems', [...PROBLEM_REPORT_HEADERS], rows());
      },
    }),
  );

  const cancel = definePage({
    path: paths.cancel,
    access: 'workforce:view-own',
    params: byUpload,
    only: 'post',
    submit: async ({ actor, params }) => {
      const { upload: found } = await returns.getUpload(actor, params.uploadId);
      await returns.abandon(actor, params.uploadId);
      return {
        redirect: paths.submit(),
        flash: `${found.file_name} was not submitted. Your current return has not changed.`,
      };
    },
  });

  const submitted = definePage({
    path: paths.submitted,
    access: 'workforce:view-own',
    params: byUpload,
    load: async ({ actor, params }) => {
      const found = await returns.getUpload(actor, params.uploadId);
      if (found.upload.status !== 'committed') throw new NotFoundError('Upload');
      return found;
    },
    view: ({ upload: found, organisation }) => ({
      template: `${VIEWS}/submitted.njk`,
      title: 'Return submitted',
      locals: { upload: found, organisation, censusDate: formatDate(found.census_date) },
    }),
  });

  return [...problemDownloads, cancel, submitted];
}

/** An organisation's returns, and one return exported as CSV. */
function historyPages(services: Services): Page[] {
  const returns = services.workforceReturns;

  const history = definePage({
    path: paths.history,
    access: 'workforce:view-own',
    params: z.object({ organisationId: idParam }),
    load: ({ actor, params }) => (withoutOrganisation(actor) ? null : returns.history(actor, params.organisationId)),
    view: (found) =>
      found
        ? {
            template: `${VIEWS}/history.njk`,
            title: `Return history: ${found.organisation.name}`,
            locals: {
              organisation: found.organisation,
              returns: found.returns.map((r) => ({ ...r, censusDateText: formatDate(r.census_date) })),
              columnClass: 'govuk-grid-column-full',
              backLink: paths.completeness(),
            },
          }
        : NO_ORGANISATION,
  });

  const exportCsv = definePage({
    path: paths.exportCsv,
    access: 'workforce:view-own',
    // The census date is checked after access, so a malformed one is a 404 only for those who may see returns.
    params: z.object({ organisationId: idParam, censusDate: z.string() }),
    handle: async ({ actor, params, res }) => {
      if (!isIsoDate(params.censusDate)) throw new NotFoundError('Return');
      // Streamed a page of records at a time (docs/adr/0017).
      const { organisation, pages } = await returns.currentRecordPages(actor, params.organisationId, params.censusDate);
      async function* rows() {
        for await (const page of pages) yield exportRows(page).rows;
      }
      const stem = `workforce-return-${organisation.name}-${params.censusDate}`;
      await streamTable(res, 'csv', stem, 'Workers', exportRows([]).header, rows());
    },
  });

  return [history, exportCsv];
}
