/*
 * GET /api/v1/training/report: the training quarterly report (issue 14, point 9) with the same
 * sections, tables and suppressed figures as the page and its downloads. A suppressed count is
 * the string "c"; null means not applicable.
 */
import { z } from 'zod';
import type { Services } from '../services.ts';
import { defineOperation, ErrorSchema, ValidationErrorSchema, type ApiOperation } from './registry.ts';

const Value = z
  .union([z.number(), z.string(), z.null()])
  .describe('A number; "c" when suppressed (fewer people than the threshold); text; or null when not applicable');
const Row = z.object({ label: z.string(), values: z.record(z.string(), Value) });
const Table = z
  .object({
    id: z.string(),
    title: z.string(),
    rowHeader: z.string(),
    columns: z.array(
      z.object({ key: z.string(), label: z.string(), format: z.enum(['count', 'percent', 'decimal', 'text']) }),
    ),
    rows: z.array(Row),
    totals: Row.nullable(),
    suppressedCells: z.number().int(),
    notes: z.array(z.string()),
  })
  .meta({ id: 'TrainingReportTable' });
const Report = z
  .object({
    quarter: z.object({
      id: z.string().describe('Financial quarter: the year April falls in, then Q1 (April–June) to Q4 (January–March)'),
      from: z.string(),
      until: z.string().describe('The day after the quarter ends'),
      label: z.string(),
    }),
    threshold: z.number().int(),
    generatedOn: z.string(),
    sections: z.array(
      z.object({
        slug: z.string(),
        title: z.string(),
        intro: z.string(),
        notes: z.array(z.string()),
        tables: z.array(Table),
      }),
    ),
  })
  .meta({ id: 'TrainingReport' });

export function trainingReportApiOperations(services: Services): ApiOperation[] {
  return [
    defineOperation({
      method: 'get',
      path: '/training/report',
      operationId: 'getTrainingReport',
      tag: 'Training',
      capability: 'training:view',
      summary:
        'The training quarterly report: places, bookings and attendance by agency and job role, courses over- and under-subscribed, unmet demand',
      query: z.object({
        quarter: z
          .string()
          .max(20)
          .optional()
          .describe('Like 2026-Q3 (October to December 2026); the last quarter ended when absent'),
      }),
      responses: {
        200: { description: 'The report', schema: Report },
        422: { description: 'The quarter is not written like 2026-Q3', schema: ValidationErrorSchema },
        403: { description: 'Not allowed', schema: ErrorSchema },
      },
      handle: async ({ actor, query }) => {
        const report = await services.trainingReport.report(actor, query.quarter);
        return {
          ...report,
          sections: report.sections.map((s) => ({
            slug: s.slug,
            title: s.title,
            intro: s.intro,
            notes: s.notes ?? [],
            tables: s.tables.map((t) => ({
              id: t.id,
              title: t.title,
              rowHeader: t.rowHeader,
              columns: t.columns,
              rows: t.rows,
              totals: t.totals ?? null,
              suppressedCells: t.suppressedCells,
              notes: t.notes ?? [],
            })),
          })),
        };
      },
    }),
  ];
}
