import { z } from 'zod';
import { RecordsImportError } from '../features/training/records-service.ts';
import type { Services } from '../services.ts';
import { defineOperation, type ApiOperation } from './registry.ts';

const Query = z.object({
  commit: z.enum(['true', 'false']).optional().describe('true: add the records when the file has no problems (201)'),
});
const Result = z
  .object({
    status: z.enum(['valid', 'committed']),
    records: z.number().int(),
    importId: z.number().int().optional(),
  })
  .meta({ id: 'TrainingRecordsImportResult' });
const Invalid = z
  .object({ status: z.literal('invalid'), problems: z.array(z.string()) })
  .meta({ id: 'TrainingRecordsImportInvalid' });

/** The e-learning records import (issue 14, point 11): the web page's check and commit, all or nothing. */
export function trainingRecordsApiOperations(services: Services): ApiOperation[] {
  const records = services.training.records;
  return [
    defineOperation({
      method: 'post',
      path: '/training/records/import',
      operationId: 'importTrainingRecords',
      tag: 'Training',
      capability: 'training:manage',
      summary:
        'Check a CSV of e-learning records (columns email or worker_id, course, date, hours, level), and add every record with ?commit=true; a file with any problem adds none',
      query: Query,
      body: z.string().describe('The CSV file, as text/csv'),
      bodyMediaTypes: ['text/csv'],
      responses: {
        200: { description: 'The file has no problems (nothing added)', schema: Result },
        201: { description: 'Every record in the file was added', schema: Result },
        422: { description: 'The file has problems, listed by row; nothing was added', schema: Invalid },
      },
      handle: async ({ actor, query, req, res }) => {
        const content = Buffer.from(typeof req.body === 'string' ? req.body : '', 'utf8');
        let id: number;
        try {
          id = await records.check(actor, { content, fileName: 'api-records.csv' });
        } catch (err) {
          if (!(err instanceof RecordsImportError)) throw err;
          res.status(422).json({ status: 'invalid', problems: err.problems });
          return;
        }
        if (query.commit !== 'true') {
          const staged = await records.review(actor, id);
          await records.discard(actor, id);
          res.status(200).json({ status: 'valid', records: staged.row_count });
          return;
        }
        const count = await records.commit(actor, id);
        res.status(201).json({ status: 'committed', records: count, importId: id });
      },
    }),
  ];
}
