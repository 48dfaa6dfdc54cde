/* Reading returns through the API: an organisation's history, and one return's records as the CLI's export writes them. */
import { isIsoDate } from '../../../lib/dates.ts';
import { z } from 'zod';
import { defineOperation, type ApiOperation } from '../../../api/registry.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { safeCell, sendTable, type Cell as TableCell } from '../../../lib/spreadsheet.ts';
import type { Services } from '../../../services.ts';
import { exportRows, exportSheets, vacancyRows } from './returns-export.ts';

const Organisation = z.object({
  organisationId: z.coerce.number().int().positive().describe('The organisation'),
});
const ReturnParams = Organisation.extend({
  censusDate: z.string().refine(isIsoDate, 'Use a real date as YYYY-MM-DD').describe('The census date, YYYY-MM-DD'),
});
const HistoryItem = z
  .object({
    returnId: z.number().int(),
    censusDate: z.string(),
    status: z.enum(['current', 'replaced']).describe('current: the return in use for its census date'),
    submittedAt: z.string(),
    submittedBy: z.string(),
    source: z.string(),
    fileName: z.string(),
    fileHash: z.string().describe('SHA-256 of the file or body submitted, hex'),
    workerRecords: z.number().int(),
    vacancyRecords: z.number().int(),
    leavers: z.number().int(),
  })
  .meta({ id: 'WorkforceReturnHistoryItem' });
const History = z.object({ organisationId: z.number().int(), returns: z.array(HistoryItem) });
const Cell = z.union([z.string(), z.number()]);
const Records = z
  .object({
    returnId: z.number().int(),
    censusDate: z.string(),
    workers: z.array(z.record(z.string(), Cell)).describe('One object per worker record, the standard’s fields'),
    vacancies: z.array(z.record(z.string(), Cell)).describe('One object per vacancy record'),
  })
  .meta({ id: 'WorkforceReturnRecords' });
const RecordsQuery = z.object({
  format: z
    .enum(['json', 'csv', 'xlsx'])
    .optional()
    .describe('json (default); csv: the worker records as `one-workforce export` writes them; xlsx: both parts'),
  part: z.enum(['workers', 'vacancies']).optional().describe('With format=csv: which part (default workers)'),
});

/** Rows as objects, each value escaped as in the CSV, so that posting them back imports the same records. */
const objects = ({ header, rows }: { header: string[]; rows: TableCell[][] }) =>
  rows.map((row) => Object.fromEntries(header.map((h, i) => [h, safeCell(row[i])])));

export function returnsReadOperations(services: Services): ApiOperation[] {
  const returns = services.workforceReturns;
  return [
    defineOperation({
      method: 'get',
      path: '/organisations/:organisationId/returns',
      operationId: 'listWorkforceReturns',
      tag: 'Workforce',
      capability: 'workforce:view-own',
      summary: 'An organisation’s submitted returns, newest census date first, with counts, file hash and status',
      params: Organisation,
      responses: {
        200: { description: 'The return history', schema: History },
        404: { description: 'No such organisation, or not one the token’s user may see' },
      },
      handle: async ({ actor, params }) => {
        const { organisation, returns: list } = await returns.history(actor, params.organisationId);
        return {
          organisationId: organisation.id,
          returns: list.map((r) => ({
            returnId: r.id,
            censusDate: r.census_date,
            status: r.status,
            submittedAt: r.submitted_at,
            submittedBy: r.submitted_by_label,
            source: r.source,
            fileName: r.file_name,
            fileHash: r.file_hash,
            workerRecords: r.worker_count,
            vacancyRecords: r.vacancy_count,
            leavers: r.leavers_count,
          })),
        };
      },
    }),
    defineOperation({
      method: 'get',
      path: '/organisations/:organisationId/returns/:censusDate/records',
      operationId: 'getWorkforceReturnRecords',
      tag: 'Workforce',
      capability: 'workforce:view-own',
      summary:
        'The current return’s records for a census date: the same rows `one-workforce export` writes, ready to submit again unchanged',
      params: ReturnParams,
      query: RecordsQuery,
      responses: {
        200: { description: 'The records (JSON; CSV or XLSX with ?format)', schema: Records },
        404: { description: 'No current return for that census date, or an organisation the token may not see' },
      },
      handle: async ({ actor, params, query, res }) => {
        const found = await returns.currentRecords(actor, params.organisationId, params.censusDate);
        if (!found.current) throw new NotFoundError('Return');
        const stem = `workforce-return-${found.organisation.name}-${params.censusDate}`;
        if (query.format === 'xlsx') return sendTable(res, 'xlsx', stem, exportSheets(found.workers, found.vacancies));
        if (query.format === 'csv') {
          const vacancies = query.part === 'vacancies';
          const table = vacancies ? vacancyRows(found.vacancies) : exportRows(found.workers);
          return sendTable(res, 'csv', vacancies ? `${stem}-vacancies` : stem, [
            { name: vacancies ? 'Vacancies' : 'Workers', ...table },
          ]);
        }
        return {
          returnId: found.current.id,
          censusDate: params.censusDate,
          workers: objects(exportRows(found.workers)),
          vacancies: objects(vacancyRows(found.vacancies)),
        };
      },
    }),
  ];
}
