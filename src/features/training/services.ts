import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { createApprovalService } from './approval-service.ts';
import { createAttendanceService } from './attendance-service.ts';
import { createCertificateService } from './certificate-service.ts';
import { createBookingService } from './booking-service.ts';
import { createCatalogueService } from './catalogue-service.ts';
import { createComplianceService } from './compliance-service.ts';
import { createRecordsService } from './records-service.ts';
import { createChargesService } from './charges-service.ts';
import { createSubstitutionService } from './substitution-service.ts';

/** The training feature's use cases (issue 14). */
export function createTrainingServices(db: Kysely<Database>, engine: DatabaseEngine, baseUrl: string) {
  return {
    catalogue: createCatalogueService(db, engine, baseUrl),
    bookings: createBookingService(db, engine, { baseUrl }),
    approvals: createApprovalService(db, engine, baseUrl),
    attendance: createAttendanceService(db, engine),
    certificates: createCertificateService(db, baseUrl),
    compliance: createComplianceService(db),
    records: createRecordsService(db),
    charges: createChargesService(db, engine),
    substitution: createSubstitutionService(db, engine, baseUrl),
  };
}

export type TrainingServices = ReturnType<typeof createTrainingServices>;
