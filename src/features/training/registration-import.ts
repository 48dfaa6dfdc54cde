/*
 * CSV imports in two steps (issue 14, points 2 and 4): check the whole file and stage it only when
 * every row is right (each problem named), show it for review, then commit it all in one
 * transaction, or nothing. Practitioners each get an invitation; attendance goes through the
 * register's own marking, so certificates and audit follow as from the page.
 */
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { hasCapability, requireCapability, type Actor } from '../../auth/actor.ts';
import type { DatabaseEngine } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { parseJsonAs } from '../../lib/records.ts';
import { formatDateTime, nowIso } from '../../lib/time.ts';
import { csvRows, HistoricImportError } from '../assessment/historic-import.ts';
import { recordAudit } from '../audit/service.ts';
import { createAttendanceService, MARKS } from './attendance-service.ts';
import { addPractitionerAccount, type AccountConfig } from './registration-accounts.ts';
import {
  checkAttendanceRows,
  checkPractitionerRows,
  csvTable,
  stagedMark,
  stagedPractitioner,
} from './registration-csv.ts';
import { registerPdf } from './registration-register-pdf.ts';
import * as repo from './repository.ts';
import { jobRoleName } from './view-model.ts';

type Db = Kysely<Database>;
const ON_REGISTER = ['booked', ...MARKS] as const;

/** A file with problems: nothing staged; each problem is shown (people not booked are offered as walk-ins). */
export class CsvImportError extends ValidationError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(Object.fromEntries(problems.slice(0, 200).map((p, i) => [`problem-${i + 1}`, p])));
    this.problems = problems;
  }
}

async function readCsv(file: { path: string }): Promise<string[][]> {
  try {
    return csvRows(await readFile(file.path, 'utf8'));
  } catch (err) {
    if (err instanceof HistoricImportError) throw new CsvImportError(err.problems);
    throw err;
  }
}

async function stage(
  db: Db,
  actor: Actor,
  kind: 'practitioners' | 'attendance',
  file: { fileName: string },
  rows: unknown[],
  sessionId: number | null,
) {
  const staged = await db
    .insertInto('training_imports')
    .values({
      partnership_id: actor.partnershipId,
      kind,
      session_id: sessionId,
      file_name: file.fileName.slice(0, 200),
      rows_json: JSON.stringify(rows),
      created_by: actor.userId,
      created_at: nowIso(),
      committed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return staged.id;
}

async function staged<T>(
  db: Db,
  actor: Actor,
  id: number,
  kind: 'practitioners' | 'attendance',
  sessionId: number | null,
  schema: z.ZodType<T>,
) {
  const row = await db
    .selectFrom('training_imports')
    .selectAll()
    .where('partnership_id', '=', actor.partnershipId)
    .where('id', '=', id)
    .where('kind', '=', kind)
    .executeTakeFirst();
  // Someone else's staged file is not theirs to review; a coordinator's covers the partnership.
  if (
    !row ||
    row.session_id !== sessionId ||
    (row.created_by !== actor.userId && !hasCapability(actor, 'training:manage'))
  )
    throw new NotFoundError('Import');
  return { ...row, rows: parseJsonAs(z.array(schema), row.rows_json) };
}

async function claim(trx: Db, id: number) {
  const claimed = await trx
    .updateTable('training_imports')
    .set({ committed_at: nowIso() })
    .where('id', '=', id)
    .where('committed_at', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new ConflictError('This file has already been imported');
}

async function practitionerContext(from: Db, actor: Actor) {
  const organisations = await from
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('partnership_id', '=', actor.partnershipId)
    .execute();
  const emails = await from
    .selectFrom('training_practitioners')
    .select('email')
    .where('partnership_id', '=', actor.partnershipId)
    .execute();
  const own = organisations.find((o) => o.id === actor.organisationId) ?? null;
  return {
    organisations: new Map(organisations.map((o) => [o.name.toLowerCase(), o])),
    fallback: hasCapability(actor, 'training:manage') ? null : own,
    taken: new Set(emails.map((e) => e.email)),
  };
}

async function openRegister(db: Db, actor: Actor, sessionId: number) {
  const session = await repo.findSession(db, actor.partnershipId, sessionId);
  if (!session) throw new NotFoundError('Session');
  if (session.status === 'cancelled') throw new CsvImportError(['This session was cancelled: it has no register.']);
  if (session.starts_at > nowIso())
    throw new CsvImportError(['The register opens when the session starts: import attendance on or after the day.']);
  return session;
}

/** Practitioners from a CSV file: check, review, commit. */
function practitionerImports(db: Db, config: AccountConfig) {
  return {
    checkPractitioners: async (actor: Actor, file: { path: string; fileName: string }) => {
      requireCapability(actor, 'training:book');
      const table = csvTable(await readCsv(file), [['name'], ['email'], ['job_role'], ['line_manager_email']], {
        line_manager: 'line_manager_email',
        manager_email: 'line_manager_email',
        role: 'job_role',
      });
      const { rows, problems } = checkPractitionerRows(table, await practitionerContext(db, actor));
      if (problems.length) throw new CsvImportError(problems);
      return stage(db, actor, 'practitioners', file, rows, null);
    },

    reviewPractitioners: (actor: Actor, id: number) => {
      requireCapability(actor, 'training:book');
      return staged(db, actor, id, 'practitioners', null, stagedPractitioner);
    },

    /** Adds every staged practitioner, each with an invitation, or none (an address taken since the check refuses the lot). */
    commitPractitioners: async (actor: Actor, id: number) => {
      requireCapability(actor, 'training:book');
      const file = await staged(db, actor, id, 'practitioners', null, stagedPractitioner);
      return db.transaction().execute(async (trx) => {
        await claim(trx, id);
        const taken = (await practitionerContext(trx, actor)).taken;
        const clash = file.rows.filter((r) => taken.has(r.email));
        if (clash.length)
          throw new CsvImportError(
            clash.map((r) => `Row ${r.row}, email: ${r.email} was registered after the file was checked`),
          );
        for (const { row: _row, organisation_id, organisation_name: _name, ...details } of file.rows)
          await addPractitionerAccount(
            trx,
            actor,
            { partnershipId: actor.partnershipId, organisationId: organisation_id, details },
            config,
            'invite',
          );
        await recordAudit(trx, actor, {
          action: 'import',
          entityType: 'training_import',
          entityId: id,
          summary: `Imported ${file.rows.length} practitioners from ${file.file_name}`,
          after: { practitioners: file.rows.length },
        });
        return file.rows.length;
      });
    },
  };
}

/** The printable register, and a session's attendance from a CSV file: check, review, commit. */
function attendanceImports(db: Db, engine: DatabaseEngine) {
  const attendance = createAttendanceService(db, engine);
  return {
    /** The printable register of everyone booked (or already marked), by booking reference. */
    registerPdf: async (actor: Actor, sessionId: number) => {
      requireCapability(actor, 'training:manage');
      const session = await repo.findSession(db, actor.partnershipId, sessionId);
      if (!session) throw new NotFoundError('Session');
      const [course, dates, people, partnership] = await Promise.all([
        repo.findCourse(db, actor.partnershipId, session.course_id),
        repo.sessionDates(db, session.id),
        repo.sessionBookings(db, session.id, ON_REGISTER),
        db.selectFrom('partnerships').select('name').where('id', '=', actor.partnershipId).executeTakeFirst(),
      ]);
      if (!course) throw new NotFoundError('Session');
      const pdf = await registerPdf({
        partnershipName: partnership?.name ?? '',
        courseTitle: course.title,
        when: dates.map((d) => `${formatDateTime(d.starts_at)} to ${formatDateTime(d.ends_at)}`),
        where: session.venue || session.online_link,
        people: people
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((p) => ({
            reference: p.id,
            name: p.name,
            organisation: p.organisation_name,
            role: jobRoleName(p.job_role),
          })),
      });
      return { pdf, fileName: `register-session-${session.id}.pdf` };
    },

    checkAttendance: async (actor: Actor, sessionId: number, file: { path: string; fileName: string }) => {
      requireCapability(actor, 'training:manage');
      await openRegister(db, actor, sessionId);
      const table = csvTable(await readCsv(file), [['booking', 'email'], ['attendance']], {
        booking_reference: 'booking',
        reference: 'booking',
        email_address: 'email',
        status: 'attendance',
      });
      const register = (
        await repo.sessionBookings(db, sessionId, ['booked', 'attended', 'partially_attended', 'no_show'])
      ).map((b) => ({ id: b.id, email: b.email, name: b.name }));
      const { marks, problems } = checkAttendanceRows(table, register);
      if (problems.length) throw new CsvImportError(problems);
      return stage(db, actor, 'attendance', file, marks, sessionId);
    },

    reviewAttendance: (actor: Actor, sessionId: number, id: number) => {
      requireCapability(actor, 'training:manage');
      return staged(db, actor, id, 'attendance', sessionId, stagedMark);
    },

    /** Marks the register from the staged file through the register's own use case: all marks or none. */
    commitAttendance: async (actor: Actor, sessionId: number, id: number) => {
      requireCapability(actor, 'training:manage');
      const file = await staged(db, actor, id, 'attendance', sessionId, stagedMark);
      if (file.committed_at) throw new ConflictError('This file has already been imported');
      // Marking twice changes nothing, so a second submit of the same file is harmless.
      const changed = await attendance.mark(actor, sessionId, new Map(file.rows.map((m) => [m.bookingId, m.mark])));
      await db.updateTable('training_imports').set({ committed_at: nowIso() }).where('id', '=', id).execute();
      return changed;
    },
  };
}

export function createImportService(db: Db, engine: DatabaseEngine, config: AccountConfig) {
  return { ...practitionerImports(db, config), ...attendanceImports(db, engine) };
}

export type ImportService = ReturnType<typeof createImportService>;
