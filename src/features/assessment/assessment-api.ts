import { z } from 'zod';
import { isIsoDate } from '../../lib/dates.ts';
import { defineOperation, ErrorSchema, ValidationErrorSchema, type ApiOperation } from '../../api/registry.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { Services } from '../../services.ts';
import { csvRows } from './historic-import.ts';

const Position = z.number().int().min(1).max(8);
const ResultCell = z
  .object({
    theme: Position,
    stage: Position,
    mean: z.number().nullable().describe('Mean score 1–5 at full precision; null when no one scored the cell'),
    median: z.number().nullable().describe('Null for an imported past round'),
    n: z.number().nullable().describe('Weighted respondents who scored the cell; null for an imported past round'),
  })
  .meta({ id: 'AssessmentResultCell' });
const CellMean = z.object({ theme: Position, stage: Position, mean: z.number() }).meta({ id: 'AssessmentCellMean' });
const Results = z
  .object({
    round: z.object({
      id: z.number().int(),
      name: z.string(),
      kind: z.enum(['live', 'historic']),
      status: z.enum(['draft', 'open', 'closed']),
    }),
    cells: z.array(ResultCell),
    themes: z.array(z.object({ theme: Position, name: z.string(), average: z.number().nullable() })),
    highest: z.array(CellMean).describe('What scored highly, highest first'),
    lowest: z.array(CellMean).describe('What scored very low, lowest first'),
    evidence: z
      .array(
        z.object({
          theme: Position,
          note: z.string(),
          organisation: z
            .string()
            .nullable()
            .describe('The organisation, only when at least 5 of its people responded; otherwise null'),
        }),
      )
      .describe('Respondents’ evidence notes, theme by theme (none for an imported round)'),
    priorities: z.array(
      z.object({ theme: Position, stage: Position.nullable().describe('null for a whole theme'), note: z.string() }),
    ),
  })
  .meta({ id: 'AssessmentResults' });

const RoundId = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
});

export function assessmentApiOperations(services: Services): ApiOperation[] {
  const results = services.assessmentResults;
  return [
    defineOperation({
      method: 'post',
      path: '/assessment/rounds/import',
      operationId: 'importAssessmentRound',
      tag: 'Self-assessment',
      capability: 'assessment:manage',
      summary: 'Record a past round from its table of mean scores (CSV: a header row of stages, then a row per theme)',
      query: z.object({
        name: z.string().min(1).max(120).describe('Name of the round, e.g. "Baseline June 2009"'),
        heldOn: z
          .string()
          .refine(isIsoDate, 'Use a real date as YYYY-MM-DD')
          .describe('When the round was held, YYYY-MM-DD; rounds are listed newest first by it'),
      }),
      bodyMediaTypes: ['text/csv'],
      responses: {
        201: {
          description: 'The round is created',
          schema: z.object({ id: z.number().int() }).meta({ id: 'CreatedRound' }),
        },
        422: {
          description: 'The table has problems (each names its row and column); nothing was created',
          schema: ValidationErrorSchema,
        },
        403: { description: 'Not allowed', schema: ErrorSchema },
      },
      handle: async ({ actor, query, body, res }) => {
        if (typeof body !== 'string' || !body.trim())
          throw new ValidationError({ body: 'Send the table as CSV text (Content-Type: text/csv)' });
        const [year = '', month = '', day = ''] = query.heldOn.split('-');
        const created = await results.importHistoric(
          actor,
          { name: query.name, heldOn: { day, month, year } },
          csvRows(body),
        );
        res.status(201);
        return created;
      },
    }),
    defineOperation({
      method: 'get',
      path: '/assessment/rounds/:id/results',
      operationId: 'getAssessmentResults',
      tag: 'Self-assessment',
      capability: 'assessment:results',
      summary: 'A round’s results: every cell, theme averages, and what scored highest and lowest',
      params: RoundId,
      responses: {
        200: { description: 'The results', schema: Results },
        404: { description: 'No such round in your partnership', schema: ErrorSchema },
      },
      handle: async ({ actor, params }) => {
        const found = await results.results(actor, params.id);
        return {
          round: found.round,
          cells: found.cells.map((c) => ({ theme: c.theme, stage: c.stage, mean: c.mean, median: c.median, n: c.n })),
          themes: found.themes.map((t, i) => ({
            theme: t.position,
            name: t.name,
            average: found.averages.themes[i] ?? null,
          })),
          highest: found.highest,
          lowest: found.lowest,
          evidence: found.evidence,
          priorities: found.priorities.map((p) => ({ theme: p.theme, stage: p.stage, note: p.note })),
        };
      },
    }),
  ];
}
