import { z } from 'zod';
import type { Services } from '../../services.ts';
import { definePage, formText, idParam, type Page } from '../../web/kit/page.ts';
import { formatDate } from '../../lib/dates.ts';
import { formatDateTime } from '../../lib/time.ts';
import { isMark, MARKS, type Mark } from './attendance-service.ts';
import { evaluationPaths } from './evaluation-paths.ts';
import { trainingPaths as paths } from './paths.ts';
import { jobRoleName, statusName } from './view-model.ts';

const VIEWS = 'training/views';
const byId = z.object({ id: idParam });
const anyForm = z.record(z.string(), z.unknown());

/** The register's radios as sent: `mark-<booking id>` = attended | partially_attended | no_show. */
function marksFrom(form: Record<string, unknown>): Map<number, Mark> {
  const marks = new Map<number, Mark>();
  for (const [name, value] of Object.entries(form)) {
    const id = /^mark-(\d{1,9})$/.exec(name)?.[1];
    if (id && isMark(value)) marks.set(Number(id), value);
  }
  return marks;
}

type Training = Services['training'];

const registerView = (data: Awaited<ReturnType<Training['catalogue']['session']>>) => ({
  template: `${VIEWS}/register.njk`,
  title: `Register: ${data.course.title}`,
  locals: {
    course: data.course,
    sessionId: data.session.id,
    when: formatDateTime(data.session.starts_at),
    open: data.session.status === 'scheduled' && data.session.starts_at <= new Date().toISOString(),
    rows: data.bookings
      .filter((b) => ['booked', ...MARKS].includes(b.status))
      .map((b) => ({ ...b, role: jobRoleName(b.job_role), statusName: statusName(b.status) })),
    action: paths.register({ id: data.session.id }),
    walkInAction: paths.walkIn({ id: data.session.id }),
    lateArrivalsHref: evaluationPaths.lateArrivals({ id: data.session.id }),
    backLink: paths.session({ id: data.session.id }),
  },
});

/** The on-the-day register and walk-ins (issue 14, point 4). */
function registerPages(training: Training): Page[] {
  const { catalogue, attendance } = training;
  const register = definePage({
    path: paths.register,
    access: 'training:manage',
    params: byId,
    form: anyForm,
    load: ({ actor, params }) => catalogue.session(actor, params.id),
    view: registerView,
    submit: async ({ actor, params, form }) => {
      const changed = await attendance.mark(actor, params.id, marksFrom(form));
      return { redirect: paths.register({ id: params.id }), flash: `The register is saved (${changed} changed)` };
    },
  });

  const walkIn = definePage({
    path: paths.walkIn,
    access: 'training:manage',
    only: 'post',
    params: byId,
    form: z.object({ email: formText }),
    load: ({ actor, params }) => catalogue.session(actor, params.id),
    view: registerView,
    submit: async ({ actor, params, form }) => {
      const person = await attendance.walkIn(actor, params.id, form.email);
      return {
        redirect: paths.register({ id: params.id }),
        flash: `${person.name} is added as a walk-in and marked attended`,
      };
    },
  });

  return [register, walkIn];
}

/** Certificates: the PDF, and the public checker (issue 14, point 6). */
function certificatePages(training: Training): Page[] {
  const { certificates } = training;
  const certificate = definePage({
    path: paths.certificate,
    access: 'training:catalogue',
    params: byId,
    handle: async ({ actor, params, res }) => {
      const { code, pdf } = await certificates.pdf(actor, params.id);
      res.set('Content-Type', 'application/pdf');
      res.set('Content-Disposition', `attachment; filename="certificate-${code}.pdf"`);
      res.send(pdf);
    },
  });

  const verifyStart = definePage({
    path: paths.verifyStart,
    access: 'public',
    query: z.object({ code: z.string().max(40).catch('') }),
    view: (_d, { query }) => ({
      template: `${VIEWS}/verify-start.njk`,
      title: 'Check a training certificate',
      locals: { values: { code: query.code } },
    }),
    handle: ({ query, res, render }) => {
      if (query.code.trim()) return res.redirect(303, paths.verify({ code: query.code.trim() }));
      render(`${VIEWS}/verify-start.njk`, 'Check a training certificate', { values: {} });
    },
  });

  const verify = definePage({
    path: paths.verify,
    access: 'public',
    params: z.object({ code: z.string().max(40) }),
    load: ({ params }) => certificates.verify(params.code),
    view: (c) => ({
      template: `${VIEWS}/verify.njk`,
      title: `Certificate ${c.code}`,
      locals: {
        c: { ...c, dateText: formatDate(c.date), validText: c.validUntil ? formatDate(c.validUntil) : null },
        revokedText: c.revokedAt ? formatDateTime(c.revokedAt) : null,
      },
    }),
    notFound: ({ params }) => ({
      template: `${VIEWS}/verify-start.njk`,
      title: 'No certificate has this code',
      locals: { values: { code: params.code }, notFound: true },
    }),
  });

  return [certificate, verifyStart, verify];
}

/** The register, walk-ins, certificates and their public verification (issue 14, points 4 and 6). */
export function attendancePages(services: Services): Page[] {
  return [...registerPages(services.training), ...certificatePages(services.training)];
}
