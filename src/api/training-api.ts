/*
 * The training API (issue 14, point 11): the catalogue, sessions, booking and cancelling, and
 * attendance, through the same services as the pages, so the same checks, locks and audit apply.
 */
import { z } from 'zod';
import type { Services } from '../services.ts';
import { MARKS, type Mark } from '../features/training/attendance-service.ts';
import { defineOperation, ErrorSchema, ValidationErrorSchema, type ApiOperation } from './registry.ts';
import { Booking, bookingOut, Course, courseOut, IdParam, Session, sessionOut } from './training-schemas.ts';

const TAG = 'Training';
const notFound = { description: 'No such item that you may see in your partnership', schema: ErrorSchema };
const refused = {
  description: 'Refused: each problem says what to do; nothing changed',
  schema: ValidationErrorSchema,
};

function catalogueOperations(services: Services): ApiOperation[] {
  const { catalogue } = services.training;
  return [
    defineOperation({
      method: 'get',
      path: '/training/courses',
      operationId: 'listTrainingCourses',
      tag: TAG,
      capability: 'training:catalogue',
      summary: 'The catalogue: active courses, filtered as on the catalogue page',
      query: z.object({
        q: z.string().max(200).default('').describe('Words in the title or description'),
        level: z.string().max(40).default(''),
        delivery: z.string().max(40).default(''),
        role: z.string().max(60).default('').describe('A job role code: courses for it or for everyone'),
      }),
      responses: { 200: { description: 'Courses by title', schema: z.array(Course) } },
      handle: async ({ actor, query }) => (await catalogue.catalogue(actor, query)).map(courseOut),
    }),
    defineOperation({
      method: 'get',
      path: '/training/courses/:id',
      operationId: 'getTrainingCourse',
      tag: TAG,
      capability: 'training:catalogue',
      summary: 'A course with its sessions, soonest first',
      params: IdParam,
      responses: {
        200: { description: 'The course', schema: z.object({ course: Course, sessions: z.array(Session) }) },
        404: notFound,
      },
      handle: async ({ actor, params }) => {
        const found = await catalogue.course(actor, params.id);
        return { course: courseOut(found.course), sessions: found.sessions.map(sessionOut) };
      },
    }),
    defineOperation({
      method: 'get',
      path: '/training/sessions/:id',
      operationId: 'getTrainingSession',
      tag: TAG,
      capability: 'training:catalogue',
      summary: 'A session, its dates, and (for coordinators) its bookings with names',
      params: IdParam,
      responses: {
        200: {
          description: 'The session',
          schema: z.object({
            session: Session,
            dates: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })),
            bookings: z.array(Booking).describe('Empty unless you manage training'),
          }),
        },
        404: notFound,
      },
      handle: async ({ actor, params }) => {
        const found = await catalogue.session(actor, params.id);
        return {
          session: sessionOut({ ...found.session, taken: found.taken }),
          dates: found.dates.map((d) => ({ startsAt: d.starts_at, endsAt: d.ends_at })),
          bookings: found.bookings.map(bookingOut),
        };
      },
    }),
  ];
}

function bookingOperations(services: Services): ApiOperation[] {
  const { bookings } = services.training;
  return [
    defineOperation({
      method: 'post',
      path: '/training/sessions/:id/bookings',
      operationId: 'bookTrainingSession',
      tag: TAG,
      capability: ['training:book-own', 'training:book'],
      summary: 'Book a place: yourself, or (contacts and coordinators) a practitioner by id or email address',
      params: IdParam,
      body: z.object({
        practitioner: z
          .union([z.number().int().positive(), z.string().email().max(254)])
          .optional()
          .describe('Leave out to book yourself'),
      }),
      responses: {
        201: { description: 'The booking: booked, waitlisted or requested (awaiting approval)', schema: Booking },
        422: refused,
        404: notFound,
      },
      handle: async ({ actor, params, body, res }) => {
        const { booking } = await bookings.book(actor, params.id, body?.practitioner ?? null);
        res.status(201);
        return bookingOut(booking);
      },
    }),
    defineOperation({
      method: 'get',
      path: '/training/bookings',
      operationId: 'listTrainingBookings',
      tag: TAG,
      capability: 'training:catalogue',
      summary: 'Your bookings; a contact’s organisation’s; a coordinator’s: everyone’s still to come (at most 200)',
      responses: { 200: { description: 'Latest session first', schema: z.array(Booking) } },
      handle: async ({ actor }) => (await bookings.list(actor)).map(bookingOut),
    }),
  ];
}

/** One booking: shown with its history, and cancelled. */
function oneBookingOperations(services: Services): ApiOperation[] {
  const { bookings } = services.training;
  return [
    defineOperation({
      method: 'get',
      path: '/training/bookings/:id',
      operationId: 'getTrainingBooking',
      tag: TAG,
      capability: 'training:catalogue',
      summary: 'A booking you may see, with its status history',
      params: IdParam,
      responses: {
        200: {
          description: 'The booking',
          schema: z.object({
            booking: Booking,
            history: z.array(
              z.object({
                from: z.string().nullable(),
                to: z.string(),
                by: z.string(),
                reason: z.string(),
                at: z.string(),
              }),
            ),
          }),
        },
        404: notFound,
      },
      handle: async ({ actor, params }) => {
        const found = await bookings.get(actor, params.id);
        return {
          booking: bookingOut({ ...found.booking, name: found.person.name }),
          history: found.history.map((h) => ({
            from: h.from_status,
            to: h.to_status,
            by: h.actor_label,
            reason: h.reason,
            at: h.at,
          })),
        };
      },
    }),
    defineOperation({
      method: 'post',
      path: '/training/bookings/:id/cancel',
      operationId: 'cancelTrainingBooking',
      tag: TAG,
      capability: 'training:catalogue',
      summary: 'Cancel a booking you may see (late within the session’s cut-off); the place goes to the waiting list',
      params: IdParam,
      body: z.object({ reason: z.string().max(500).optional() }),
      responses: { 200: { description: 'The cancelled booking', schema: Booking }, 422: refused, 404: notFound },
      handle: async ({ actor, params, body }) =>
        bookingOut(await bookings.cancel(actor, params.id, body?.reason ?? '')),
    }),
  ];
}

function attendanceOperations(services: Services): ApiOperation[] {
  const { attendance } = services.training;
  return [
    defineOperation({
      method: 'put',
      path: '/training/sessions/:id/attendance',
      operationId: 'markTrainingAttendance',
      tag: TAG,
      capability: 'training:manage',
      summary: 'Mark the register (from the start): all marks or none; attended earns the certificate',
      params: IdParam,
      body: z.object({
        marks: z
          .array(z.object({ booking: z.number().int().positive(), attendance: z.enum(MARKS) }))
          .min(1)
          .max(5000),
      }),
      responses: {
        200: { description: 'How many bookings changed', schema: z.object({ changed: z.number().int() }) },
        422: {
          description: 'Someone is not booked on this session (add them as a walk-in), or the register is not open',
          schema: ValidationErrorSchema,
        },
        404: notFound,
      },
      handle: async ({ actor, params, body }) => {
        const marks = new Map<number, Mark>(body.marks.map((m) => [m.booking, m.attendance]));
        return { changed: await attendance.mark(actor, params.id, marks) };
      },
    }),
    defineOperation({
      method: 'post',
      path: '/training/sessions/:id/walk-ins',
      operationId: 'addTrainingWalkIn',
      tag: TAG,
      capability: 'training:manage',
      summary: 'Add someone who came without a booking, marked attended',
      params: IdParam,
      body: z.object({ email: z.string().email().max(254) }),
      responses: {
        201: { description: 'Added', schema: z.object({ practitionerId: z.number().int() }) },
        422: refused,
        404: notFound,
      },
      handle: async ({ actor, params, body, res }) => {
        const person = await attendance.walkIn(actor, params.id, body.email);
        res.status(201);
        return { practitionerId: person.id };
      },
    }),
  ];
}

/** Every training operation of /api/v1. */
export function trainingApiOperations(services: Services): ApiOperation[] {
  return [
    ...catalogueOperations(services),
    ...bookingOperations(services),
    ...oneBookingOperations(services),
    ...attendanceOperations(services),
  ];
}
