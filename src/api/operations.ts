import { z } from 'zod';
import type { Services } from '../services.ts';
import { ROLE_CODES } from '../auth/roles.ts';
import { defineOperation, type ApiOperation } from './registry.ts';
import { assessmentApiOperations } from '../features/assessment/assessment-api.ts';
import { returnsApiOperations } from '../features/workforce/returns/returns-api.ts';
import { profileApiOperations } from '../features/workforce/profile/profile-api.ts';
import { planApiOperations } from './plan-operations.ts';
import { trainingReportApiOperations } from './training-report.ts';
import { trainingRecordsApiOperations } from './training-records.ts';
import { trainingApiOperations } from './training-api.ts';

const Me = z
  .object({
    userId: z.number().int().nullable(),
    partnershipId: z.number().int(),
    role: z.enum(ROLE_CODES as [string, ...string[]]),
    organisationId: z.number().int().nullable(),
  })
  .meta({ id: 'Me' });

/** Every operation of /api/v1. Features add theirs here. */
export function apiOperations(services: Services): ApiOperation[] {
  return [
    defineOperation({
      method: 'get',
      path: '/me',
      operationId: 'getMe',
      tag: 'Accounts',
      capability: 'home:view',
      summary: 'Who this token acts as',
      responses: { 200: { description: 'The token’s user', schema: Me } },
      handle: async ({ actor }) => ({
        userId: actor.userId,
        partnershipId: actor.partnershipId,
        role: actor.role,
        organisationId: actor.organisationId,
      }),
    }),
    ...assessmentApiOperations(services),
    ...returnsApiOperations(services),
    ...profileApiOperations(services),
    ...planApiOperations(services),
    ...trainingReportApiOperations(services),
    ...trainingRecordsApiOperations(services),
    ...trainingApiOperations(services),
  ];
}
