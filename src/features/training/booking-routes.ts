import { z } from 'zod';
import { hasCapability, type Actor } from '../../auth/actor.ts';
import type { Services } from '../../services.ts';
import { definePage, formText, idParam, type Page } from '../../web/kit/page.ts';
import { pagination } from '../../web/kit/pagination.ts';
import { ValidationError } from '../../lib/errors.ts';
import { sendTable } from '../../lib/spreadsheet.ts';
import { formatDateTime } from '../../lib/time.ts';
import { isCancellable, PENDING } from './booking-states.ts';
import { trainingPaths as paths } from './paths.ts';
import { describeCourse, describeSession, jobRoleName, jobRoleOptions, statusName } from './view-model.ts';

const VIEWS = 'training/views';
const byId = z.object({ id: idParam });
const byToken = z.object({ token: z.string().max(100) });
const anyForm = z.record(z.string(), z.unknown());

type Training = Services['training'];
type SessionData = Awaited<ReturnType<Training['catalogue']['session']>>;
type BookingData = Awaited<ReturnType<Training['bookings']['get']>> & { certificateCode: string | null };

const bookingLoader =
  (training: Training) =>
  async ({ actor, params }: { actor: Actor; params: { id: number } }): Promise<BookingData> => {
    const data = await training.bookings.get(actor, params.id);
    return { ...data, certificateCode: await training.certificates.codeOf(data.booking.id) };
  };

const sessionView = (data: SessionData, actor: Actor) => ({
  template: `${VIEWS}/session.njk`,
  title: `${data.course.title}, ${formatDateTime(data.session.starts_at)}`,
  locals: {
    course: describeCourse(data.course),
    session: describeSession({ ...data.session, taken: data.taken }),
    dates: data.dates.map((d) => ({ start: formatDateTime(d.starts_at), end: formatDateTime(d.ends_at) })),
    bookings: data.bookings.map((b) => ({
      ...b,
      statusName: statusName(b.status),
      href: paths.booking({ id: b.id }),
      role: jobRoleName(b.job_role),
    })),
    canManage: hasCapability(actor, 'training:manage'),
    canBookOwn: hasCapability(actor, 'training:book-own'),
    canBookOthers: hasCapability(actor, 'training:book'),
    bookHref: paths.book({ id: data.session.id }),
    backLink: paths.course({ id: data.course.id }),
    columnClass: 'govuk-grid-column-full',
  },
});

const detail = (data: BookingData, actor: Actor) => ({
  template: `${VIEWS}/booking.njk`,
  title: `Booking for ${data.course?.title ?? 'a course'}`,
  locals: {
    booking: {
      ...data.booking,
      statusName: statusName(data.booking.status),
      offerUntil: formatDateTime(data.booking.offer_expires_at),
    },
    person: { ...data.person, role: jobRoleName(data.person.job_role) },
    course: data.course,
    sessionHref: paths.session({ id: data.session.id }),
    when: formatDateTime(data.session.starts_at),
    history: data.history.map((e) => ({ ...e, at: formatDateTime(e.at), to: statusName(e.to_status) })),
    cancellable: isCancellable(data.booking.status),
    pending: PENDING.includes(data.booking.status),
    canOffer:
      hasCapability(actor, 'training:manage') && data.booking.status === 'waitlisted' && !data.session.auto_promote,
    canDecide: hasCapability(actor, 'training:manage') && data.booking.status === 'requested_coordinator',
    certificateCode: data.certificateCode,
    backLink: paths.bookings(),
  },
});

/** A session's page, booking a place on it, and the list of bookings (issue 14, point 3). */
function sessionBookingPages(training: Training): Page[] {
  const { catalogue, bookings } = training;
  const sessionData = (actor: Actor, id: number) => catalogue.session(actor, id);
  const session = definePage({
    path: paths.session,
    access: 'training:catalogue',
    params: byId,
    load: ({ actor, params }) => sessionData(actor, params.id),
    view: (data, { actor }) => sessionView(data, actor),
  });

  const book = definePage({
    path: paths.book,
    access: 'training:catalogue',
    only: 'post',
    params: byId,
    form: z.object({ practitioner: formText }),
    load: ({ actor, params }) => sessionData(actor, params.id),
    view: (data, { actor }) => sessionView(data, actor),
    submit: async ({ actor, params, form }) => {
      // Someone who books others names the practitioner (an email address, or an id from the API or a test).
      const named = form.practitioner.trim();
      const who = !hasCapability(actor, 'training:book') ? null : /^\d{1,9}$/.test(named) ? Number(named) : named;
      const { booking, person } = await bookings.book(actor, params.id, who);
      const said: Record<string, string> = {
        booked: `${person.name} is booked. A confirmation with a calendar invite is on its way.`,
        waitlisted: `The session is full, so ${person.name} is on the waiting list. Places are offered in the order people joined.`,
        requested: `The request is sent to ${person.name}’s line manager to approve.`,
      };
      return { redirect: paths.booking({ id: booking.id }), flash: said[booking.status] ?? 'Booking saved' };
    },
  });

  const list = definePage({
    path: paths.bookings,
    access: 'training:catalogue',
    query: z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) }),
    load: ({ actor, query }) => bookings.listPage(actor, query.page),
    view: (found, { actor }) => ({
      template: `${VIEWS}/bookings.njk`,
      title: hasCapability(actor, 'training:book') ? 'Bookings' : 'Your bookings',
      locals: {
        rows: found.rows.map((r) => ({
          ...r,
          href: paths.booking({ id: r.id }),
          statusName: statusName(r.status),
          when: formatDateTime(r.starts_at),
        })),
        total: found.total,
        first: (found.page - 1) * found.pageSize + 1,
        last: (found.page - 1) * found.pageSize + found.rows.length,
        pagination: pagination(found.page, found.pages, (n) => `${paths.bookings()}?page=${n}`),
        showPerson: hasCapability(actor, 'training:book'),
        upcomingOnly: hasCapability(actor, 'training:manage'),
        canDownloadOwn: hasCapability(actor, 'training:book-own'),
        backLink: paths.catalogue(),
        columnClass: 'govuk-grid-column-full',
      },
    }),
  });

  return [session, book, list];
}

/** One booking: its page, cancelling, accepting an offer. */
function oneBookingPages(training: Training): Page[] {
  const { bookings } = training;
  const bookingLoad = bookingLoader(training);
  const booking = definePage({
    path: paths.booking,
    access: 'training:catalogue',
    params: byId,
    load: bookingLoad,
    view: (d, { actor }) => detail(d, actor),
  });

  const cancel = definePage({
    path: paths.cancelBooking,
    access: 'training:catalogue',
    only: 'post',
    params: byId,
    form: z.object({ reason: formText }),
    load: bookingLoad,
    view: (d, { actor }) => detail(d, actor),
    submit: async ({ actor, params, form }) => {
      const moved = await bookings.cancel(actor, params.id, form.reason.trim());
      const late =
        moved.status === 'cancelled_late' ? ' This was within the cancellation period, so a charge may apply.' : '';
      return { redirect: paths.booking({ id: params.id }), flash: `The booking is cancelled.${late}` };
    },
  });

  const accept = definePage({
    path: paths.acceptOffer,
    access: 'training:catalogue',
    only: 'post',
    params: byId,
    load: bookingLoad,
    view: (d, { actor }) => detail(d, actor),
    submit: async ({ actor, params }) => {
      const { expired } = await bookings.acceptOffer(actor, params.id);
      return {
        redirect: paths.booking({ id: params.id }),
        flash: expired
          ? 'The offer had expired, so the place went to the next person waiting.'
          : 'You accepted the place: it is booked.',
      };
    },
  });

  return [booking, cancel, accept];
}

/** A coordinator's actions on a booking: offer a place, approve or decline. */
function coordinatorPages(training: Training): Page[] {
  const { bookings, approvals } = training;
  const bookingLoad = bookingLoader(training);
  const offer = definePage({
    path: paths.offerPlace,
    access: 'training:manage',
    only: 'post',
    params: byId,
    load: bookingLoad,
    view: (d, { actor }) => detail(d, actor),
    submit: async ({ actor, params }) => {
      await bookings.offer(actor, params.id);
      return {
        redirect: paths.booking({ id: params.id }),
        flash: 'The place is offered and the practitioner is emailed',
      };
    },
  });

  const decision = definePage({
    path: paths.coordinatorDecision,
    access: 'training:manage',
    only: 'post',
    params: byId,
    form: z.object({ decision: z.enum(['approve', 'decline']).catch('decline'), reason: formText }),
    load: bookingLoad,
    view: (d, { actor }) => detail(d, actor),
    submit: async ({ actor, params, form }) => {
      await approvals.decideByCoordinator(actor, params.id, form.decision, form.reason.trim());
      return {
        redirect: paths.booking({ id: params.id }),
        flash: form.decision === 'approve' ? 'The booking is approved' : 'The booking is declined',
      };
    },
  });

  return [offer, decision];
}

/** The line manager's approval link: no account needed. */
function approvalPage(training: Training): Page {
  const { approvals } = training;
  return definePage({
    path: paths.approval,
    access: 'public',
    params: byToken,
    form: z.object({ decision: z.enum(['approve', 'decline', '']).catch(''), reason: formText }),
    load: ({ params }) => approvals.request(params.token),
    view: (data, { params }) => ({
      template: `${VIEWS}/approval.njk`,
      title: `Approve training for ${data.context.person.name}`,
      locals: {
        context: data.context,
        problem: data.problem,
        dates: data.context.dates.map((d) => `${formatDateTime(d.starts_at)} to ${formatDateTime(d.ends_at)}`),
        action: paths.approval({ token: params.token }),
      },
    }),
    notFound: () => ({ template: `${VIEWS}/approval-invalid.njk`, title: 'This approval link does not work' }),
    submit: async ({ req, params, form, render }) => {
      if (!form.decision) throw new ValidationError({ decision: 'Select approve or decline' });
      const moved = await approvals.decideByManager(params.token, form.decision, form.reason.trim(), req.ip ?? null);
      render(`${VIEWS}/approval-done.njk`, 'Thank you', { approved: moved.status !== 'declined' });
    },
  });
}

/** Practitioners: listed and added by coordinators and organisation training contacts. */
function practitionerPages(services: Services): Page[] {
  const { catalogue } = services.training;
  const practitioners = definePage({
    path: paths.practitioners,
    access: 'training:book',
    query: z.object({ q: z.string().max(100).catch('') }),
    load: ({ actor, query }) => catalogue.practitioners(actor, query.q),
    view: ({ rows, total }, { query }) => ({
      template: `${VIEWS}/practitioners.njk`,
      title: 'Practitioners',
      locals: {
        rows: rows.map((p) => ({ ...p, role: jobRoleName(p.job_role) })),
        total,
        q: query.q,
        newHref: paths.newPractitioner(),
        backLink: paths.catalogue(),
        columnClass: 'govuk-grid-column-full',
      },
    }),
  });

  const addPractitioner = definePage({
    path: paths.newPractitioner,
    access: 'training:book',
    form: anyForm,
    load: ({ actor }) => (hasCapability(actor, 'training:manage') ? services.organisations.list(actor) : []),
    view: (organisations, { actor }, form) => {
      const values = form?.values ?? {};
      const chosen = typeof values.organisation === 'string' ? values.organisation : '';
      return {
        template: `${VIEWS}/practitioner-form.njk`,
        title: 'Add a practitioner',
        locals: {
          values,
          chooseOrganisation: hasCapability(actor, 'training:manage'),
          organisationItems: [
            { value: '', text: 'Choose an organisation' },
            ...organisations.map((o) => ({ value: String(o.id), text: o.name, selected: String(o.id) === chosen })),
          ],
          roleItems: [
            { value: '', text: 'Choose a job role' },
            ...jobRoleOptions([typeof values.job_role === 'string' ? values.job_role : '']),
          ],
          backLink: paths.practitioners(),
          cancel: paths.practitioners(),
        },
      };
    },
    submit: async ({ actor, form }) => {
      const { practitioner, invited } = await services.trainingRegistration.add(actor, form);
      return {
        redirect: paths.practitioners(),
        flash: `${practitioner.name} is added${invited ? ' and emailed an invitation to set a password' : ''}`,
      };
    },
  });

  return [practitioners, addPractitioner];
}

/** A practitioner's own training record as CSV: who they are as held, every booking and certificate. */
const ownRecordPage = (training: Training): Page =>
  definePage({
    path: paths.ownRecord,
    access: 'training:book-own',
    handle: async ({ actor, res }) => {
      const { person, bookings } = await training.bookings.ownRecord(actor);
      const header = [
        'name',
        'email',
        'job_role',
        'line_manager_email',
        'worker_id',
        'course',
        'starts',
        'hours',
        'status',
        'booked_at',
        'certificate',
        'valid_until',
        'certificate_revoked_at',
      ];
      const rows = bookings.map((b) => [
        person.name,
        person.email,
        person.job_role,
        person.line_manager_email,
        person.worker_id,
        b.title,
        b.starts_at,
        b.duration_minutes / 60,
        statusName(b.status),
        b.created_at,
        b.code,
        b.valid_until,
        b.revoked_at,
      ]);
      await sendTable(res, 'csv', 'my-training-record', [
        {
          name: 'Training record',
          header,
          rows: rows.length
            ? rows
            : [[person.name, person.email, person.job_role, person.line_manager_email, person.worker_id]],
        },
      ]);
    },
  });

/** Bookings, approvals and practitioners (issue 14, point 3). */
export function bookingPages(services: Services): Page[] {
  const training = services.training;
  return [
    ...sessionBookingPages(training),
    ...oneBookingPages(training),
    ...coordinatorPages(training),
    approvalPage(training),
    ownRecordPage(training),
    ...practitionerPages(services),
  ];
}
