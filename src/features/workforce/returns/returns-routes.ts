import { Router, type Response } from 'express';
import type { Config } from '../../../config.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { streamTable } from '../../../lib/table-stream.ts';
import { flash, renderPage } from '../../../web/kit/render.ts';
import { route, type SignedInRequest } from '../../../web/kit/route.ts';
import { receiveUpload, type Upload } from '../../../web/kit/upload.ts';
import type { Services } from '../../../services.ts';
import { hasCapability } from '../../../auth/actor.ts';
import { isCensusDate } from './returns-service.ts';
import { exportRows } from './returns-export.ts';
import { PROBLEM_REPORT_HEADERS, problemReportRows } from './validate.ts';
import { interrupted } from './upload-lock.ts';

const VIEWS = 'workforce/returns/views';
const FIRST_PROBLEMS = 50;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** "30 September 2026" from YYYY-MM-DD. */
export const longDate = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
};

export function id(value: unknown, what = 'Page'): number {
  const text = String(value);
  if (!/^\d{1,9}$/.test(text)) throw new NotFoundError(what);
  return Number(text);
}

/** A GOV.UK date input's three boxes as YYYY-MM-DD, or '' when they do not make a real date. */
export function dateFromParts(fields: Record<string, unknown>, prefix: string): string {
  const part = (name: string) => String(fields[`${prefix}-${name}`] ?? '').trim();
  const [day, month, year] = [part('day'), part('month'), part('year')];
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return '';
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isCensusDate(iso) ? iso : '';
}

const dateParts = (fields: Record<string, unknown>, prefix: string) => ({
  day: String(fields[`${prefix}-day`] ?? ''),
  month: String(fields[`${prefix}-month`] ?? ''),
  year: String(fields[`${prefix}-year`] ?? ''),
});

const humanKind = (kind: string) => {
  const text = kind.replace(/[_-]+/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

const problemText = (p: { row_number: number | null; column_name: string | null; message: string }) =>
  p.row_number !== null && !/^row\s/i.test(p.message)
    ? `Row ${p.row_number}${p.column_name ? `, ${p.column_name}` : ''}: ${p.message}`
    : p.message;

/**
 * A partner data lead whose account has no organisation can neither submit nor see a return:
 * every returns page they can reach says so instead of showing a form they cannot use.
 */
export const withoutOrganisation = (actor: SignedInRequest['actor']): boolean =>
  actor.organisationId === null && !hasCapability(actor, 'workforce:submit-any');

export function showWithoutOrganisation(res: Response): void {
  renderPage(res, `${VIEWS}/no-organisation.njk`, 'Your account is not linked to an organisation', {
    backLink: '/workforce',
  });
}

export function returnsRoutes(services: Services, config: Config): Router {
  const router = Router();
  const returns = services.workforceReturns;

  router.get(
    '/workforce',
    route('home:view', (req, res) => {
      const a = req.actor;
      renderPage(res, `${VIEWS}/landing.njk`, 'Workforce', {
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
            ? `/workforce/organisations/${a.organisationId}/returns`
            : null,
      });
    }),
  );

  async function showUploadForm(
    req: SignedInRequest,
    res: Response,
    values: Record<string, unknown> = {},
    errors?: Record<string, string>,
  ) {
    if (withoutOrganisation(req.actor)) return showWithoutOrganisation(res);
    const organisations = await returns.submittableOrganisations(req.actor);
    const chosen = String(values.organisation ?? '');
    renderPage(res, `${VIEWS}/upload.njk`, 'Submit a workforce return', {
      errors,
      backLink: '/workforce',
      maxMegabytes: Math.round(config.workforceUploadMaxBytes / 1024 / 1024),
      chooseOrganisation: hasCapability(req.actor, 'workforce:submit-any'),
      organisationName: organisations[0]?.name ?? null,
      organisationItems: [
        { value: '', text: 'Choose an organisation' },
        ...organisations.map((o) => ({ value: String(o.id), text: o.name, selected: String(o.id) === chosen })),
      ],
      censusDate: dateParts(values, 'census-date'),
    });
  }

  router.get(
    '/workforce/submit',
    route('workforce:view-own', async (req, res) => {
      const query = req.query as Record<string, unknown>;
      const census = typeof query.census === 'string' && isCensusDate(query.census) ? query.census : '';
      const [year, month, day] = census ? census.split('-') : [];
      await showUploadForm(req, res, {
        organisation: query.organisation,
        'census-date-day': day ? String(Number(day)) : '',
        'census-date-month': month ? String(Number(month)) : '',
        'census-date-year': year ?? '',
      });
    }),
  );

  router.post(
    '/workforce/submit',
    route('workforce:view-own', async (req, res) => {
      let upload: Upload | undefined;
      try {
        upload = await receiveUpload(req, { field: 'file', maxBytes: config.workforceUploadMaxBytes });
        const fields = upload.fields;
        const errors: Record<string, string> = {};
        const own = req.actor.organisationId;
        const organisationId = hasCapability(req.actor, 'workforce:submit-any') ? Number(fields.organisation) : own;
        if (!organisationId) errors.organisation = 'Choose the organisation the return is for';
        const censusDate = dateFromParts(fields, 'census-date');
        if (!censusDate) errors['census-date-day'] = 'Enter the census date as a real date, for example 30 9 2026';
        if (Object.keys(errors).length) return await showUploadForm(req, res.status(400), fields, errors);
        const staged = await returns.stageFile(req.actor, {
          organisationId: organisationId as number,
          censusDate,
          path: upload.path,
          fileName: upload.fileName,
          source: 'upload',
        });
        res.redirect(303, `/workforce/uploads/${staged.id}`);
      } catch (err) {
        if (err instanceof ConflictError)
          return showUploadForm(req, res.status(409), upload?.fields ?? {}, { file: err.message });
        if (err instanceof ValidationError) {
          const errors = { ...err.fields };
          if (errors.censusDate) {
            errors['census-date-day'] = errors.censusDate;
            delete errors.censusDate;
          }
          return showUploadForm(req, res.status(400), upload?.fields ?? {}, errors);
        }
        throw err;
      } finally {
        await upload?.discard();
      }
    }),
  );

  router.get(
    '/workforce/uploads/:uploadId',
    route('workforce:view-own', async (req, res) => {
      const uploadId = id(req.params.uploadId, 'Upload');
      const { upload, organisation, columns } = await returns.getUpload(req.actor, uploadId);
      if (upload.status === 'committed') return res.redirect(303, `/workforce/uploads/${uploadId}/submitted`);
      const base = {
        upload,
        organisation,
        columns,
        censusDate: longDate(upload.census_date),
        backLink: '/workforce/submit',
        columnClass: 'govuk-grid-column-full',
      };
      if (upload.status === 'validating')
        return renderPage(res, `${VIEWS}/checking.njk`, 'Your file is being checked', {
          ...base,
          stopped: interrupted(upload),
          again: `/workforce/submit?organisation=${organisation.id}&census=${upload.census_date}`,
        });
      const { byKind, byColumn } = await returns.problemCounts(req.actor, uploadId);
      const counts = byKind.map((c) => ({ ...c, kindText: humanKind(c.kind) }));
      const columnCounts = byColumn.map((c) => ({ ...c, kindText: humanKind(c.kind) }));
      const warnings = (
        await returns.problems(req.actor, uploadId, { severity: 'warning', limit: FIRST_PROBLEMS })
      ).map((p) => ({ ...p, text: problemText(p) }));
      const again = `/workforce/submit?organisation=${organisation.id}&census=${upload.census_date}`;
      if (upload.status === 'valid') {
        const review = await returns.review(req.actor, uploadId);
        return renderPage(res, `${VIEWS}/review.njk`, 'Check your return before submitting', {
          ...base,
          review,
          warnings,
          counts,
          columnCounts,
          again,
          previousCensusDate: longDate(review.previous?.censusDate),
        });
      }
      if (upload.status === 'abandoned') throw new NotFoundError('Upload');
      const errors = (await returns.problems(req.actor, uploadId, { severity: 'error', limit: FIRST_PROBLEMS })).map(
        (p, i) => ({ ...p, text: problemText(p), anchor: `problem-${i + 1}` }),
      );
      renderPage(res, `${VIEWS}/problems.njk`, 'There are problems with your file', {
        ...base,
        problems: errors,
        problemSummary: errors.map((p) => ({ text: p.text, href: `#${p.anchor}` })),
        warnings,
        counts,
        columnCounts,
        again,
      });
    }),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    router.get(
      `/workforce/uploads/:uploadId/problems.${format}`,
      route('workforce:view-own', async (req, res) => {
        const uploadId = id(req.params.uploadId, 'Upload');
        const { upload } = await returns.getUpload(req.actor, uploadId);
        // Only where the problem is and the offending value: never the rest of the person's row.
        async function* rows() {
          for await (const page of returns.problemPages(req.actor, uploadId))
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
        const stem = `problems-${upload.census_date}-upload-${upload.id}`;
        await streamTable(res, format, stem, 'Problems', [...PROBLEM_REPORT_HEADERS], rows());
      }),
    );
  }

  router.post(
    '/workforce/uploads/:uploadId/submit',
    route('workforce:view-own', async (req, res) => {
      const uploadId = id(req.params.uploadId, 'Upload');
      try {
        await returns.commit(req.actor, uploadId);
        res.redirect(303, `/workforce/uploads/${uploadId}/submitted`);
      } catch (err) {
        // Already submitted, or has errors: the upload's own page says which.
        if (!(err instanceof ValidationError)) throw err;
        res.redirect(303, `/workforce/uploads/${uploadId}`);
      }
    }),
  );

  router.post(
    '/workforce/uploads/:uploadId/cancel',
    route('workforce:view-own', async (req, res) => {
      const uploadId = id(req.params.uploadId, 'Upload');
      const { upload } = await returns.getUpload(req.actor, uploadId);
      await returns.abandon(req.actor, uploadId);
      flash(req, `${upload.file_name} was not submitted. Your current return has not changed.`);
      res.redirect(303, '/workforce/submit');
    }),
  );

  router.get(
    '/workforce/uploads/:uploadId/submitted',
    route('workforce:view-own', async (req, res) => {
      const uploadId = id(req.params.uploadId, 'Upload');
      const { upload, organisation } = await returns.getUpload(req.actor, uploadId);
      if (upload.status !== 'committed') throw new NotFoundError('Upload');
      renderPage(res, `${VIEWS}/submitted.njk`, 'Return submitted', {
        upload,
        organisation,
        censusDate: longDate(upload.census_date),
      });
    }),
  );

  router.get(
    '/workforce/organisations/:organisationId/returns',
    route('workforce:view-own', async (req, res) => {
      if (withoutOrganisation(req.actor)) return showWithoutOrganisation(res);
      const { organisation, returns: list } = await returns.history(
        req.actor,
        id(req.params.organisationId, 'Organisation'),
      );
      renderPage(res, `${VIEWS}/history.njk`, `Return history: ${organisation.name}`, {
        organisation,
        returns: list.map((r) => ({ ...r, censusDateText: longDate(r.census_date) })),
        columnClass: 'govuk-grid-column-full',
        backLink: '/workforce/returns',
      });
    }),
  );

  router.get(
    '/workforce/organisations/:organisationId/returns/:censusDate/export.csv',
    route('workforce:view-own', async (req, res) => {
      const censusDate = String(req.params.censusDate);
      if (!isCensusDate(censusDate)) throw new NotFoundError('Return');
      const { organisation, pages } = await returns.currentRecordPages(
        req.actor,
        id(req.params.organisationId, 'Organisation'),
        censusDate,
      );
      async function* rows() {
        for await (const page of pages) yield exportRows(page).rows;
      }
      const stem = `workforce-return-${organisation.name}-${censusDate}`;
      await streamTable(res, 'csv', stem, 'Workers', exportRows([]).header, rows());
    }),
  );

  return router;
}
