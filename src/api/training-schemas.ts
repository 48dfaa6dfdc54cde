/* The training API's shapes (issue 14, point 11): courses, sessions, bookings; personal data only where the caller may see it. */
import { z } from 'zod';
import type { BookingRow, CourseRow, SessionSummary } from '../features/training/repository.ts';

const list = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

export const IdParam = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .transform(Number),
});

export const Course = z
  .object({
    id: z.number().int(),
    title: z.string(),
    description: z.string(),
    level: z.string(),
    delivery: z.enum(['face_to_face', 'live_online', 'elearning']),
    hours: z.number(),
    audience: z.array(z.string()).describe('Job role codes of the data standard; empty: everyone'),
    commonCore: z.array(z.string()),
    prerequisites: z.string(),
    validityYears: z.number().int().nullable(),
    costPence: z.number().int(),
    chargingPolicy: z.string(),
    approval: z.enum(['none', 'manager', 'manager_then_coordinator']),
  })
  .meta({ id: 'TrainingCourse' });

export const Session = z
  .object({
    id: z.number().int(),
    courseId: z.number().int(),
    startsAt: z.string(),
    status: z.enum(['scheduled', 'cancelled']),
    venue: z.string(),
    onlineLink: z.string(),
    capacity: z.number().int(),
    placesTaken: z.number().int(),
    bookingOpensOn: z.string(),
    bookingClosesOn: z.string(),
  })
  .meta({ id: 'TrainingSession' });

export const Booking = z
  .object({
    id: z.number().int(),
    sessionId: z.number().int(),
    practitionerId: z.number().int(),
    organisationId: z.number().int(),
    status: z
      .string()
      .describe(
        'requested, requested_coordinator, waitlisted, offered, booked, declined, lapsed, cancelled, cancelled_late, substituted, attended, partially_attended, no_show, session_cancelled',
      ),
    offerExpiresAt: z.string().nullable(),
    createdAt: z.string(),
    name: z.string().optional().describe('The practitioner, where the caller may see them'),
  })
  .meta({ id: 'TrainingBooking' });

export const courseOut = (c: CourseRow): z.infer<typeof Course> => ({
  id: c.id,
  title: c.title,
  description: c.description,
  level: c.level,
  delivery: c.delivery,
  hours: c.duration_minutes / 60,
  audience: list(c.audience),
  commonCore: list(c.common_core),
  prerequisites: c.prerequisites,
  validityYears: c.validity_years,
  costPence: c.cost_pence,
  chargingPolicy: c.charging_policy,
  approval: c.approval,
});

export const sessionOut = (s: Omit<SessionSummary, 'waiting'>): z.infer<typeof Session> => ({
  id: s.id,
  courseId: s.course_id,
  startsAt: s.starts_at,
  status: s.status,
  venue: s.venue,
  onlineLink: s.online_link,
  capacity: s.capacity,
  placesTaken: s.taken,
  bookingOpensOn: s.booking_opens_on,
  bookingClosesOn: s.booking_closes_on,
});

export const bookingOut = (b: BookingRow & { name?: string }): z.infer<typeof Booking> => ({
  id: b.id,
  sessionId: b.session_id,
  practitionerId: b.practitioner_id,
  organisationId: b.organisation_id,
  status: b.status,
  offerExpiresAt: b.offer_expires_at,
  createdAt: b.created_at,
  ...(b.name === undefined ? {} : { name: b.name }),
});
