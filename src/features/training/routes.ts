import { z } from 'zod';
import { hasCapability } from '../../auth/actor.ts';
import type { Services } from '../../services.ts';
import {
  defineFeature,
  definePage,
  formText,
  idParam,
  type Feature,
  type Page,
  type SubmittedForm,
} from '../../web/kit/page.ts';
import { formatDateTime } from '../../lib/time.ts';
import { londonWallClock } from '../../lib/dates.ts';
import { attendancePages } from './attendance-routes.ts';
import { bookingPages } from './booking-routes.ts';
import { reportPages } from './report-routes.ts';
import { APPROVAL, COMMON_CORE, DELIVERY, LEVELS, THEMES } from './codes.ts';
import { compliancePaths } from './compliance-paths.ts';
import { compliancePages } from './compliance-routes.ts';
import { recordsPages } from './records-routes.ts';
import { chargesPages } from './charges-routes.ts';
import { evaluationPaths } from './evaluation-paths.ts';
import { substitutionPages } from './substitution-routes.ts';
import { evaluationPages } from './evaluation-routes.ts';
import { publicCataloguePages } from './public-catalogue-routes.ts';
import { registrationPages } from './registration-routes.ts';
import { registrationPaths } from './registration-paths.ts';
import { attendanceImportPages, practitionerImportPages } from './registration-import-routes.ts';
import { SESSION_DATE_ROWS } from './forms.ts';
import { trainingPaths as paths, PREFIX } from './paths.ts';
import { planPaths } from '../plan/paths.ts';
import { joinPaths } from '../../web/kit/paths.ts';
import { describeCourse, describeSession, jobRoleOptions, options } from './view-model.ts';
import type { CourseRow } from './repository.ts';

const VIEWS = 'training/views';
const byId = z.object({ id: idParam });
const anyForm = z.record(z.string(), z.unknown());
const filterQuery = z.object({
  q: z.string().max(200).catch(''),
  level: z.string().max(40).catch(''),
  delivery: z.string().max(40).catch(''),
  role: z.string().max(60).catch(''),
});

const courseFormLocals = (values: Record<string, unknown>) => {
  const pick = (name: string) => [values[name]].flat().filter((x): x is string => typeof x === 'string');
  return {
    values,
    levelItems: options(LEVELS, pick('level')),
    deliveryItems: options(DELIVERY, pick('delivery')),
    approvalItems: options(APPROVAL, pick('approval').length ? pick('approval') : ['none']),
    commonCoreItems: options(COMMON_CORE, pick('common_core')),
    themeItems: options(THEMES, pick('themes')),
    audienceItems: jobRoleOptions(pick('audience')),
  };
};

const courseValues = (c: CourseRow) => {
  const d = describeCourse(c);
  return {
    ...c,
    hours: d.hoursValue,
    cost: d.costValue,
    audience: d.audienceCodes,
    common_core: d.commonCoreCodes,
    themes: d.themeCodes,
    validity_years: c.validity_years ?? '',
  };
};

/** The date rows of the session form, filled from a saved session's dates in England's time. */
function sessionValues(session: Record<string, unknown>, dates: { starts_at: string; ends_at: string }[]) {
  const values: Record<string, unknown> = {
    ...session,
    cutoff: session.cancellation_cutoff_days,
    auto_promote: session.auto_promote ? 'yes' : 'no',
  };
  const wall = (iso: string) => londonWallClock(new Date(iso));
  dates.slice(0, SESSION_DATE_ROWS).forEach((d, i) => {
    const [day, start] = wall(d.starts_at).split(' ');
    const [y, m, dd] = (day ?? '').split('-');
    Object.assign(values, { [`date${i + 1}-day`]: dd, [`date${i + 1}-month`]: m, [`date${i + 1}-year`]: y });
    values[`start${i + 1}`] = start?.slice(0, 5);
    values[`end${i + 1}`] = wall(d.ends_at).split(' ')[1]?.slice(0, 5);
  });
  for (const name of ['opens', 'closes']) {
    const [y, m, d] = String(session[`booking_${name}_on`] ?? '').split('-');
    Object.assign(values, { [`${name}-day`]: d, [`${name}-month`]: m, [`${name}-year`]: y });
  }
  return values;
}

function sessionFormView(
  title: string,
  action: string,
  back: string,
  form: SubmittedForm | undefined,
  saved: Record<string, unknown>,
) {
  return {
    template: `${VIEWS}/session-form.njk`,
    title,
    locals: {
      values: form?.values ?? saved,
      action,
      heading: title,
      backLink: back,
      cancel: back,
      dateRows: [1, 2, 3],
    },
  };
}

type Catalogue = Services['training']['catalogue'];

/** The catalogue, searchable and filterable without JavaScript (issue 14, point 1). */
const cataloguePage = (catalogue: Catalogue): Page =>
  definePage({
    path: paths.catalogue,
    access: 'training:catalogue',
    query: filterQuery,
    load: async ({ actor, query }) => (await catalogue.catalogue(actor, query)).map(describeCourse),
    view: (courses, { actor, query }) => ({
      template: `${VIEWS}/catalogue.njk`,
      title: 'Training',
      locals: {
        courses,
        query,
        levelItems: [{ value: '', text: 'Any level' }, ...options(LEVELS, [query.level])],
        deliveryItems: [{ value: '', text: 'Any delivery' }, ...options(DELIVERY, [query.delivery])],
        roleItems: [{ value: '', text: 'Any job role' }, ...jobRoleOptions([query.role])],
        canManage: hasCapability(actor, 'training:manage'),
        canBookOthers: hasCapability(actor, 'training:book'),
        canReport: hasCapability(actor, 'training:view'),
        complianceHref: compliancePaths.compliance(),
        columnClass: 'govuk-grid-column-full',
      },
    }),
  });

/** Courses: add, read, change. */
function coursePages(catalogue: Catalogue, planActions: Services['planActions']): Page[] {
  const addCourse = definePage({
    path: paths.newCourse,
    access: 'training:manage',
    form: anyForm,
    view: (_d, _c, form) => ({
      template: `${VIEWS}/course-form.njk`,
      title: 'Add a course',
      locals: {
        ...courseFormLocals(form?.values ?? {}),
        action: paths.newCourse(),
        heading: 'Add a course',
        backLink: paths.catalogue(),
        cancel: paths.catalogue(),
      },
    }),
    submit: async ({ actor, form }) => {
      const saved = await catalogue.saveCourse(actor, form);
      return { redirect: paths.course({ id: saved.id }), flash: `${saved.title} is added to the catalogue` };
    },
  });

  const course = definePage({
    path: paths.course,
    access: 'training:catalogue',
    params: byId,
    load: async ({ actor, params }) => ({
      ...(await catalogue.course(actor, params.id)),
      // The plan's actions this course delivers, for those who may read the plan (docs/adr/0035).
      planActions: hasCapability(actor, 'plan:view') ? await planActions.forCourse(actor, params.id) : null,
    }),
    view: (data, { actor }) => ({
      template: `${VIEWS}/course.njk`,
      title: data.course.title,
      locals: {
        course: describeCourse(data.course),
        sessions: data.sessions.map(describeSession),
        planActions: data.planActions?.map((a) => ({ ...a, href: planPaths.action({ id: a.id }) })) ?? null,
        canManage: hasCapability(actor, 'training:manage'),
        backLink: paths.catalogue(),
      },
    }),
  });

  const editCourse = definePage({
    path: paths.editCourse,
    access: 'training:manage',
    params: byId,
    form: anyForm,
    load: ({ actor, params }) => catalogue.course(actor, params.id),
    view: (data, _c, form) => ({
      template: `${VIEWS}/course-form.njk`,
      title: `Change ${data.course.title}`,
      locals: {
        ...courseFormLocals(form?.values ?? courseValues(data.course)),
        action: paths.editCourse({ id: data.course.id }),
        heading: 'Change course details',
        caption: data.course.title,
        backLink: paths.course({ id: data.course.id }),
        cancel: paths.course({ id: data.course.id }),
      },
    }),
    submit: async ({ actor, params, form }) => {
      const saved = await catalogue.saveCourse(actor, form, params.id);
      return { redirect: paths.course({ id: saved.id }), flash: `Changes to ${saved.title} are saved` };
    },
  });

  return [cataloguePage(catalogue), addCourse, course, editCourse];
}

/** A course's sessions: add, change, cancel (issue 14, point 2). */
function sessionPages(catalogue: Catalogue): Page[] {
  const addSession = definePage({
    path: paths.newSession,
    access: 'training:manage',
    params: byId,
    form: anyForm,
    load: ({ actor, params }) => catalogue.course(actor, params.id),
    view: (data, _c, form) => {
      const back = paths.course({ id: data.course.id });
      const defaults = { capacity: '20', minimum: '0', cutoff: '10', offer_hours: '48', auto_promote: 'yes' };
      return sessionFormView(
        `Add a session of ${data.course.title}`,
        paths.newSession({ id: data.course.id }),
        back,
        form,
        defaults,
      );
    },
    submit: async ({ actor, params, form }) => {
      const saved = await catalogue.saveSession(actor, form, { courseId: params.id });
      return { redirect: paths.session({ id: saved.id }), flash: 'The session is added' };
    },
  });

  const editSession = definePage({
    path: paths.editSession,
    access: 'training:manage',
    params: byId,
    form: anyForm,
    load: ({ actor, params }) => catalogue.session(actor, params.id),
    view: (data, _c, form) =>
      sessionFormView(
        `Change the session of ${data.course.title}`,
        paths.editSession({ id: data.session.id }),
        paths.session({ id: data.session.id }),
        form,
        sessionValues(data.session, data.dates),
      ),
    submit: async ({ actor, params, form }) => {
      await catalogue.saveSession(actor, form, { id: params.id });
      return {
        redirect: paths.session({ id: params.id }),
        flash: 'Changes to the session are saved; everyone booked is sent the new details',
      };
    },
  });

  const cancelSession = definePage({
    path: paths.cancelSession,
    access: 'training:manage',
    params: byId,
    form: z.object({ reason: formText }),
    load: ({ actor, params }) => catalogue.session(actor, params.id),
    view: (data) => ({
      template: `${VIEWS}/session-cancel.njk`,
      title: `Cancel the session of ${data.course.title}`,
      locals: {
        course: data.course,
        when: formatDateTime(data.session.starts_at),
        people: data.bookings.filter((b) =>
          ['booked', 'offered', 'waitlisted', 'requested', 'requested_coordinator'].includes(b.status),
        ).length,
        backLink: paths.session({ id: data.session.id }),
        cancel: paths.session({ id: data.session.id }),
      },
    }),
    submit: async ({ actor, params, form }) => {
      await catalogue.cancelSession(actor, params.id, form.reason);
      return {
        redirect: paths.session({ id: params.id }),
        flash: 'The session is cancelled and everyone booked is told',
      };
    },
  });

  return [addSession, editSession, cancelSession];
}

export function trainingFeature(services: Services): Feature {
  const { catalogue } = services.training;
  return defineFeature(
    PREFIX,
    [
      ...coursePages(catalogue, services.planActions),
      ...sessionPages(catalogue),
      ...bookingPages(services),
      ...attendancePages(services),
      ...reportPages(services),
      ...compliancePages(services),
      ...recordsPages(services),
      ...chargesPages(services),
      ...substitutionPages(services),
      ...evaluationPages(services),
      ...registrationPages(services),
      ...practitionerImportPages(services),
      ...attendanceImportPages(services),
      ...publicCataloguePages(services),
    ],
    joinPaths(paths, evaluationPaths, registrationPaths),
  );
}
