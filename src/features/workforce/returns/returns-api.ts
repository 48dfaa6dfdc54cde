import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request } from 'express';
import { z } from 'zod';
import { defineOperation, XLSX_TYPE, type ApiOperation } from '../../../api/registry.ts';
import type { Part } from './return-parts.ts';
import { returnsReadOperations } from './returns-api-read.ts';
import { ValidationError } from '../../../lib/errors.ts';
import type { Services } from '../../../services.ts';
import { makeTempDir } from '../../../lib/temp-files.ts';
import type { Actor } from '../../../auth/actor.ts';
import { validateReturn, validateRows } from './validate.ts';
import { isIsoDate } from '../../../lib/dates.ts';

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
  censusDate: z.string().refine(isIsoDate, 'Use a real date as YYYY-MM-DD').describe('The census date, YYYY-MM-DD'),
});
const Query = z.object({
  commit: z.enum(['true', 'false']).optional().describe('true: submit the return when it is valid (201)'),
  vacancies: z
    .enum(['keep', 'remove'])
    .optional()
    .describe(
      'When the body has no vacancy records: keep the current return’s vacancies (the default) or remove them (the organisation has none now)',
    ),
});
const VacancyQuery = z.object({
  commit: z.enum(['true', 'false']).optional().describe('true: submit the vacancies when they are valid (201)'),
});
const Body = z
  .array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])))
  .describe('One object per record, keyed by the data standard’s field names');

/** The API answers at most this many problems of each severity; the counts say how many there are. */
const LISTED = 1000;

interface Target {
  organisationId: number;
  censusDate: string;
}
interface RunOptions {
  commit: boolean;
  only?: Part;
  vacancies?: 'keep' | 'remove';
}

async function withFile<T>(content: string | Buffer, extension: string, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await makeTempDir('api');
  try {
    const path = join(dir, `return.${extension}`);
    await writeFile(path, content);
    return await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The body as sent: CSV as text, a workbook as bytes, JSON as parsed (and checked against Body). */
function rawBody(req: Request, parsed: unknown): unknown {
  if (req.is('text/csv') || req.is('text/plain')) return String(req.body ?? '');
  if (req.is(XLSX_TYPE)) return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  return parsed;
}

type Returns = Services['workforceReturns'];

/** Stages the body as a file (CSV text or an XLSX workbook) or as JSON records. */
async function stageBody(returns: Returns, actor: Actor, target: Target, body: unknown, options: RunOptions) {
  const { organisationId, censusDate } = target;
  const common = { organisationId, censusDate, source: 'api' as const, only: options.only };
  const stem = options.only === 'vacancies' ? 'api-vacancies' : 'api-return';
  const fullTimeHours = (await returns.submittableOrganisation(actor, organisationId)).full_time_hours;
  const content = typeof body === 'string' || (Buffer.isBuffer(body) && options.only !== 'vacancies') ? body : null;
  if (content !== null) {
    const file = typeof content === 'string' ? 'csv' : 'xlsx';
    if (!(typeof content === 'string' ? content.trim() : content).length)
      throw new ValidationError({
        body: `The body is empty: send the ${file === 'xlsx' ? 'workbook (.xlsx)' : 'records as text/csv or a JSON array'}`,
      });
    const fileName = `${stem}.${file}`;
    const fileHash = createHash('sha256').update(content).digest('hex');
    return withFile(content, file, (path) =>
      returns.stage(actor, {
        ...common,
        fileName,
        fileHash,
        events: validateReturn({ path, fileName, censusDate, fullTimeHours }),
      }),
    );
  }
  if (Array.isArray(body)) {
    const fileHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    return returns.stage(actor, {
      ...common,
      fileName: `${stem}.json`,
      fileHash,
      events: validateRows(body, { censusDate, kind: options.only, fullTimeHours }),
    });
  }
  throw new ValidationError({
    body:
      options.only === 'vacancies'
        ? 'Send the vacancies as text/csv or as a JSON array of records'
        : 'Send the return as text/csv, as a JSON array of records or as an .xlsx workbook',
  });
}

const problemItem = (p: {
  row_number: number | null;
  column_name: string | null;
  message: string;
  sheet: string | null;
}) => ({
  row: p.row_number,
  column: p.column_name,
  message: p.message,
  ...(p.sheet ? { sheet: p.sheet } : {}),
});

/** Checks the body, then answers 422 (invalid), 200 (valid, not kept) or 201 (submitted). */
async function run(returns: Returns, actor: Actor, target: Target, body: unknown, options: RunOptions) {
  const staged = await stageBody(returns, actor, target, body, options);
  const warnings = (await returns.problems(actor, staged.id, { severity: 'warning', limit: LISTED })).map(problemItem);
  if (staged.status !== 'valid') {
    const errors = (await returns.problems(actor, staged.id, { severity: 'error', limit: LISTED })).map(problemItem);
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
  if (!options.commit) {
    await returns.abandon(actor, staged.id);
    return { code: 200, body: { status: 'valid' as const, ...result } };
  }
  const created = await returns.commit(actor, staged.id, { vacancies: options.vacancies });
  return { code: 201, body: { status: 'committed' as const, ...result, returnId: created.id } };
}

const submitReturn = (returns: Returns) =>
  defineOperation({
    method: 'post',
    path: '/organisations/:organisationId/returns/:censusDate',
    operationId: 'submitWorkforceReturn',
    tag: 'Workforce',
    // Who may submit is decided per organisation in the service: workforce:submit-any, or
    // workforce:submit-own for the token user's own organisation only.
    capability: ['workforce:submit-own', 'workforce:submit-any'],
    summary:
      'Validate a workforce return (workers, and vacancies on an .xlsx’s Vacancies sheet), and submit it with ?commit=true. A part the body does not carry is kept from the current return.',
    params: Params,
    query: Query,
    body: Body,
    bodyMediaTypes: ['text/csv', XLSX_TYPE],
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
      const { code, body: answer } = await run(returns, actor, params, rawBody(req, body), {
        commit: query.commit === 'true',
        vacancies: query.vacancies,
      });
      res.status(code).json(answer);
    },
  });

const submitVacancies = (returns: Returns) =>
  defineOperation({
    method: 'post',
    path: '/organisations/:organisationId/returns/:censusDate/vacancies',
    operationId: 'submitWorkforceVacancies',
    tag: 'Workforce',
    capability: ['workforce:submit-own', 'workforce:submit-any'],
    summary:
      'Validate the vacancies part of a workforce return, and submit it with ?commit=true: it replaces the current return’s vacancies and keeps its workers.',
    params: Params,
    query: VacancyQuery,
    body: Body,
    bodyMediaTypes: ['text/csv'],
    responses: {
      200: { description: 'The vacancies are valid (not submitted)', schema: Valid },
      201: { description: 'The vacancies are valid and were submitted', schema: Valid },
      404: { description: 'No such organisation, or not one the token’s user may submit for' },
      422: { description: 'The vacancies have errors (or worker records); nothing was stored', schema: Invalid },
    },
    handle: async ({ actor, params, query, body, req, res }) => {
      const { code, body: answer } = await run(returns, actor, params, rawBody(req, body), {
        commit: query.commit === 'true',
        only: 'vacancies',
      });
      res.status(code).json(answer);
    },
  });

export const returnsApiOperations = (services: Services): ApiOperation[] => [
  submitReturn(services.workforceReturns),
  submitVacancies(services.workforceReturns),
  ...returnsReadOperations(services),
];
