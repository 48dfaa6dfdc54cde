import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { defineOperation, type ApiOperation } from '../../../api/registry.ts';
import { ValidationError } from '../../../lib/errors.ts';
import type { Services } from '../../../services.ts';
import { makeTempDir } from '../../../lib/temp-files.ts';
import type { Actor } from '../../../auth/actor.ts';
import { isCensusDate } from './returns-service.ts';
import { validateReturn, validateRows } from './validate.ts';

const ProblemItem = z.object({
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  message: z.string(),
  sheet: z.string().optional(),
});
const Invalid = z
  .object({
    status: z.literal('invalid'),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
    errors: z.array(ProblemItem),
    warnings: z.array(ProblemItem),
  })
  .meta({ id: 'WorkforceReturnInvalid' });
const Valid = z
  .object({
    status: z.enum(['valid', 'committed']),
    records: z.number().int(),
    vacancies: z.number().int(),
    warningCount: z.number().int(),
    warnings: z.array(ProblemItem),
    returnId: z.number().int().optional(),
  })
  .meta({ id: 'WorkforceReturnResult' });

const Params = z.object({
  organisationId: z.coerce.number().int().positive().describe('The organisation the return is for'),
  censusDate: z.string().refine(isCensusDate, 'Use a real date as YYYY-MM-DD').describe('The census date, YYYY-MM-DD'),
});
const Query = z.object({
  commit: z.enum(['true', 'false']).optional().describe('true: submit the return when it is valid (201)'),
});
const Body = z
  .array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])))
  .describe('One object per record, keyed by the data standard’s field names');

/** The API answers at most this many problems of each severity; the counts say how many there are. */
const LISTED = 1000;

async function withCsvFile<T>(text: string, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await makeTempDir('api');
  try {
    const path = join(dir, 'return.csv');
    await writeFile(path, text, 'utf8');
    return await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function returnsApiOperations(services: Services): ApiOperation[] {
  const returns = services.workforceReturns;

  async function run(actor: Actor, organisationId: number, censusDate: string, body: unknown, commit: boolean) {
    const common = { organisationId, censusDate, source: 'api' as const };
    const fullTimeHours = (await returns.submittableOrganisation(actor, organisationId)).full_time_hours;
    let staged;
    if (typeof body === 'string') {
      if (!body.trim())
        throw new ValidationError({ body: 'The body is empty: send the return as text/csv or a JSON array' });
      const fileHash = createHash('sha256').update(body).digest('hex');
      staged = await withCsvFile(body, (path) =>
        returns.stage(actor, {
          ...common,
          fileName: 'api-return.csv',
          fileHash,
          events: validateReturn({ path, fileName: 'api-return.csv', censusDate, fullTimeHours }),
        }),
      );
    } else if (Array.isArray(body)) {
      const fileHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      staged = await returns.stage(actor, {
        ...common,
        fileName: 'api-return.json',
        fileHash,
        events: validateRows(body, { censusDate, fullTimeHours }),
      });
    } else {
      throw new ValidationError({ body: 'Send the return as text/csv or as a JSON array of records' });
    }
    const item = (p: {
      row_number: number | null;
      column_name: string | null;
      message: string;
      sheet: string | null;
    }) => ({ row: p.row_number, column: p.column_name, message: p.message, ...(p.sheet ? { sheet: p.sheet } : {}) });
    const warnings = (await returns.problems(actor, staged.id, { severity: 'warning', limit: LISTED })).map(item);
    if (staged.status !== 'valid') {
      const errors = (await returns.problems(actor, staged.id, { severity: 'error', limit: LISTED })).map(item);
      return {
        code: 422,
        body: {
          status: 'invalid' as const,
          errorCount: staged.error_count,
          warningCount: staged.warning_count,
          errors,
          warnings,
        },
      };
    }
    const result = {
      records: staged.worker_count,
      vacancies: staged.vacancy_count,
      warningCount: staged.warning_count,
      warnings,
    };
    if (!commit) {
      await returns.abandon(actor, staged.id);
      return { code: 200, body: { status: 'valid' as const, ...result } };
    }
    const created = await returns.commit(actor, staged.id);
    return { code: 201, body: { status: 'committed' as const, ...result, returnId: created.id } };
  }

  return [
    defineOperation({
      method: 'post',
      path: '/organisations/:organisationId/returns/:censusDate',
      operationId: 'submitWorkforceReturn',
      tag: 'Workforce',
      // Who may submit is decided per organisation in the service: workforce:submit-any, or
      // workforce:submit-own for the token user's own organisation only.
      capability: 'workforce:view-own',
      summary:
        'Validate a workforce return, and submit it with ?commit=true. Needs workforce:submit-own (own organisation) or workforce:submit-any.',
      params: Params,
      query: Query,
      body: Body,
      bodyMediaTypes: ['text/csv'],
      responses: {
        200: { description: 'The return is valid (not submitted)', schema: Valid },
        201: {
          description: 'The return is valid and was submitted, replacing any earlier one for the census date',
          schema: Valid,
        },
        404: { description: 'No such organisation, or not one the token’s user may submit for' },
        409: {
          description: 'Another return for this organisation and census date is being checked; try again after it',
        },
        422: { description: 'The return has errors; nothing was stored', schema: Invalid },
      },
      handle: async ({ actor, params, query, body, req, res }) => {
        const raw = req.is('text/csv') || req.is('text/plain') ? String(req.body ?? '') : body;
        const { code, body: answer } = await run(
          actor,
          params.organisationId,
          params.censusDate,
          raw,
          query.commit === 'true',
        );
        res.status(code).json(answer);
      },
    }),
  ];
}
