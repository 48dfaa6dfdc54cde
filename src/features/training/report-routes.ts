/* The training quarterly report's page and downloads (CSV, XLSX, tagged PDF) (issue 14, point 9). */
import { z } from 'zod';
import { sendTable } from '../../lib/spreadsheet.ts';
import type { Services } from '../../services.ts';
import { definePage, type Page } from '../../web/kit/page.ts';
import { path } from '../../web/kit/paths.ts';
import { writeReportPdf } from './report-pdf.ts';
import { parseQuarter, recentQuarters } from './report-quarter.ts';
import type { TrainingReport } from './report-section.ts';
import { REPORT_NOTES, reportLocals, reportLongSheet, reportSheets } from './report-view.ts';
import { trainingPaths } from './paths.ts';

export const reportPaths = {
  report: path('/training/report'),
  reportDownload: path('/training/report/download'),
};

const quarterQuery = z.object({ quarter: z.string().max(20).optional().catch(undefined) });
const downloadQuery = quarterQuery.extend({ format: z.enum(['csv', 'xlsx', 'pdf']).catch('csv') });
const QUARTERS_OFFERED = 8;

const aboutSheet = (report: TrainingReport) => ({
  name: 'About',
  header: ['Training quarterly report', report.quarter.label],
  rows: [['Produced on', report.generatedOn], ...REPORT_NOTES.map((note) => ['Note', note])],
});

export function reportPages(services: Services): Page[] {
  const service = services.trainingReport;

  const page = definePage({
    path: reportPaths.report,
    access: 'training:view',
    query: quarterQuery,
    load: async ({ actor, query, res }) => {
      const known = !query.quarter || parseQuarter(query.quarter) !== null;
      if (!known) res.status(400);
      const report = await service.report(actor, known ? query.quarter : undefined);
      return { report, error: known ? undefined : 'Select a quarter from the list: the address names no quarter' };
    },
    view: ({ report, error }) => {
      const choices = recentQuarters(QUARTERS_OFFERED);
      if (!choices.some((q) => q.id === report.quarter.id)) choices.push(report.quarter);
      const download = (format: string) =>
        `${reportPaths.reportDownload()}?quarter=${report.quarter.id}&format=${format}`;
      return {
        template: 'training/views/report.njk',
        title: `Training quarterly report: ${report.quarter.label}`,
        locals: {
          report,
          errors: error ? { quarter: error } : undefined,
          sections: reportLocals(report),
          notes: REPORT_NOTES,
          reportPath: reportPaths.report(),
          quarterItems: choices.map((q) => ({ value: q.id, text: q.label, selected: q.id === report.quarter.id })),
          downloads: { csv: download('csv'), xlsx: download('xlsx'), pdf: download('pdf') },
          columnClass: 'govuk-grid-column-full',
          backLink: trainingPaths.catalogue(),
        },
      };
    },
  });

  const download = definePage({
    path: reportPaths.reportDownload,
    access: 'training:view',
    query: downloadQuery,
    handle: async ({ actor, query, req, res }) => {
      const report = await service.report(actor, query.quarter);
      const stem = `training-report-${report.quarter.id}`;
      if (query.format === 'pdf') {
        res.type('application/pdf');
        res.attachment(`${stem}.pdf`);
        res.send(await writeReportPdf(report, req.partnership?.name ?? ''));
        return;
      }
      const sheets = query.format === 'csv' ? [reportLongSheet(report)] : [aboutSheet(report), ...reportSheets(report)];
      await sendTable(res, query.format, stem, sheets);
    },
  });

  return [page, download];
}
