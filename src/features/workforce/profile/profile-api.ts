/*
 * GET /api/v1/profile: the workforce profile after suppression — a suppressed cell is the string
 * "c"; null means not applicable. Same filters as the pages; a data lead gets their own
 * organisation only (another organisation: 404).
 */
import { z } from 'zod';
import { defineOperation, ErrorSchema, type ApiOperation } from '../../../api/registry.ts';
import type { Services } from '../../../services.ts';
import type { ProfileTable, WorkforceProfile } from './profile-types.ts';
import { isIsoDate } from '../../../lib/dates.ts';
import { HEADLINE } from './headline.ts';

const Cell = z
  .union([z.number(), z.literal('c'), z.null()])
  .describe('A number, "c" when suppressed (fewer than the threshold of people), or null when not applicable');
const Shown = z.union([z.number(), z.literal('c')]);
const Row = z.object({
  key: z.string(),
  label: z.string(),
  group: z.string().optional(),
  values: z.record(z.string(), Cell),
});
const Table = z
  .object({
    id: z.string(),
    title: z.string(),
    rowHeader: z.string(),
    columns: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        format: z.enum(['count', 'fte', 'percent', 'ratio', 'difference', 'text']),
        isTotal: z.boolean().optional(),
      }),
    ),
    rows: z.array(Row),
    totals: Row.nullable(),
    suppressedCells: z.number().int(),
    notes: z.array(z.string()).optional(),
  })
  .meta({ id: 'ProfileTable' });

const Profile = z
  .object({
    censusDate: z.string().nullable(),
    censusDates: z.array(z.string()),
    scope: z.object({
      kind: z.enum(['partnership', 'organisation']),
      organisationId: z.number().int().nullable(),
      organisationName: z.string().nullable(),
    }),
    threshold: z.number().int(),
    suppression: z.string(),
    disclosure: z
      .object({ protected: z.boolean(), note: z.string(), page: z.string(), tooFew: z.boolean() })
      .describe(
        'Counts are adjusted and rounded to the nearest 5, FTE to whole numbers (see page); tooFew: the selection is under 10 people, so only workforceHeadcount is given',
      ),
    headcount: Shown.describe(HEADLINE.headcount.definition),
    workforceHeadcount: Shown.describe(HEADLINE.workforceHeadcount.definition),
    fte: Shown,
    fteInPost: Shown,
    leaversFte: Shown,
    agencyFte: Shown,
    vacancyFte: Shown,
    turnoverRate: Cell,
    vacancyRate: Cell,
    agencyRate: Cell,
    absenceRate: Cell,
    measures: z.record(z.string(), Cell).describe('Every headline measure (rates are % with one decimal)'),
    tables: z.record(z.string(), Table).describe('Breakdown tables by id'),
    comparison: z.object({
      area: z.object({ code: z.string(), name: z.string(), source: z.string() }).nullable(),
      tables: z.array(Table),
    }),
    projections: z.object({ retirementAge: z.number().int(), tables: z.array(Table) }),
    trends: Table,
    benchmarks: z.object({ year: z.string().nullable(), table: Table }),
    attributions: z.array(z.string()),
  })
  .meta({ id: 'WorkforceProfile' });

const yes = z.enum(['true', 'false', '1', '0']);
const Query = z.object({
  censusDate: z
    .string()
    .refine(isIsoDate, 'Use a real date as YYYY-MM-DD')
    .optional()
    .describe('Census date, YYYY-MM-DD (default: the latest held)'),
  service: z.string().max(40).optional(),
  organisationType: z.string().max(40).optional(),
  organisationId: z.coerce.number().int().positive().optional(),
  workforceGroup: z.enum(['core', 'wider']).optional(),
  employmentType: z.enum(['employee', 'agency', 'self_employed', 'volunteer']).optional(),
  jobRole: z.string().max(60).optional(),
  managersOnly: yes.optional().describe('true: managers only'),
});

const tableJson = (t: ProfileTable) => t;

export function profileToJson(p: WorkforceProfile) {
  const m = p.measures;
  return {
    censusDate: p.filters.censusDate,
    censusDates: p.options.censusDates,
    scope: p.scope,
    threshold: p.threshold,
    suppression: p.suppressionExplanation,
    disclosure: p.disclosure,
    headcount: m.headcount,
    workforceHeadcount: m.workforceHeadcount,
    fte: m.fte,
    fteInPost: m.fteInPost,
    leaversFte: m.leaversFte,
    agencyFte: m.agencyFte,
    vacancyFte: m.vacancyFte,
    turnoverRate: m.turnoverRate,
    vacancyRate: m.vacancyRate,
    agencyRate: m.agencyRate,
    absenceRate: m.absenceRate,
    measures: { ...m },
    tables: Object.fromEntries(Object.values(p.tables).map((t) => [t.id, tableJson(t)])),
    comparison: {
      area: p.comparison.area,
      tables: [p.comparison.byGroup, p.comparison.byCategory, p.comparison.byService, p.comparison.managers],
    },
    projections: {
      retirementAge: p.projections.retirementAge,
      tables: [p.projections.byJobRole, p.projections.byService, p.projections.byYear],
    },
    trends: p.trends.table,
    benchmarks: { year: p.benchmarks.year, table: p.benchmarks.table },
    attributions: p.attributions,
  };
}

export function profileApiOperations(services: Services): ApiOperation[] {
  return [
    defineOperation({
      method: 'get',
      path: '/profile',
      operationId: 'getWorkforceProfile',
      tag: 'Workforce',
      capability: 'workforce:view-profile',
      summary: 'The workforce profile (measures and breakdown tables), small numbers suppressed',
      query: Query,
      responses: {
        200: { description: 'The profile; suppressed cells are "c"', schema: Profile },
        404: { description: 'No such census date or organisation (or not yours)', schema: ErrorSchema },
      },
      handle: async ({ actor, query }) =>
        profileToJson(
          await services.profile.getProfile(actor, {
            censusDate: query.censusDate,
            service: query.service || undefined,
            organisationType: query.organisationType || undefined,
            organisationId: query.organisationId,
            workforceGroup: query.workforceGroup,
            employmentType: query.employmentType,
            jobRole: query.jobRole || undefined,
            managersOnly: query.managersOnly === 'true' || query.managersOnly === '1',
          }),
        ),
    }),
  ];
}
