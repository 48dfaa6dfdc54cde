import { z } from 'zod';
import type { Services } from '../../services.ts';
import { definePage, idParam, type Page, type SubmittedForm, type View } from '../../web/kit/page.ts';
import { ValidationError } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/time.ts';
import { trainingPaths } from './paths.ts';
import { registrationPaths as paths } from './registration-paths.ts';
import { jobRoleName, statusName } from './view-model.ts';

const VIEWS = 'training/views/registration';
const MAX_BYTES = 2 * 1024 * 1024;
const byId = z.object({ id: idParam });
const sessionImport = z.object({ id: idParam, import: idParam });

/** A failed check's problems (the error summary links to each) and the people it found not booked, offered as walk-ins. */
function problemLocals(form?: SubmittedForm) {
  const problems = Object.entries(form?.errors ?? {})
    .filter(([key]) => key.startsWith('problem-'))
    .map(([id, text]) => ({ id, text }));
  const walkIns = problems.flatMap(
    (p) => /^Row \d+, email: (\S+) is not booked on this session/.exec(p.text)?.[1] ?? [],
  );
  return { problems, walkIns };
}

/** Practitioners added from a CSV file: check, review, then add all (each invited) or none. */
export function practitionerImportPages(services: Services): Page[] {
  const registration = services.trainingRegistration;
  const upload = definePage({
    path: paths.importPractitioners,
    access: 'training:book',
    upload: { field: 'file', maxBytes: MAX_BYTES },
    form: z.object({}),
    view: (_data, _ctx, form) => ({
      template: `${VIEWS}/import-practitioners.njk`,
      title: 'Add practitioners from a CSV file',
      locals: { ...problemLocals(form), action: paths.importPractitioners(), backLink: trainingPaths.practitioners() },
    }),
    submit: async ({ actor, upload: file }) => {
      if (!file) throw new ValidationError({ file: 'Choose a CSV file to upload' });
      const id = await registration.checkPractitioners(actor, file);
      return paths.reviewPractitioners({ id });
    },
  });

  const review = definePage({
    path: paths.reviewPractitioners,
    access: 'training:book',
    params: byId,
    form: z.object({}),
    load: ({ actor, params }) => registration.reviewPractitioners(actor, params.id),
    view: (staged) => ({
      template: `${VIEWS}/review-practitioners.njk`,
      title: 'Check the practitioners before adding them',
      locals: {
        staged,
        rows: staged.rows.map((r) => ({ ...r, role: jobRoleName(r.job_role) })),
        action: paths.reviewPractitioners({ id: staged.id }),
        backLink: paths.importPractitioners(),
        columnClass: 'govuk-grid-column-full',
      },
    }),
    submit: async ({ actor, params }) => {
      const count = await registration.commitPractitioners(actor, params.id);
      return {
        redirect: trainingPaths.practitioners(),
        flash: `${count} ${count === 1 ? 'practitioner is' : 'practitioners are'} added and emailed an invitation`,
      };
    },
  });
  return [upload, review];
}

/** A session's attendance from a CSV file: check against the register, review, then mark all or none. */
export function attendanceImportPages(services: Services): Page[] {
  const registration = services.trainingRegistration;
  const { catalogue } = services.training;
  const uploadView = (data: Awaited<ReturnType<typeof catalogue.session>>, form?: SubmittedForm): View => ({
    template: `${VIEWS}/import-attendance.njk`,
    title: `Import attendance: ${data.course.title}`,
    locals: {
      ...problemLocals(form),
      course: data.course,
      when: formatDateTime(data.session.starts_at),
      action: paths.importAttendance({ id: data.session.id }),
      walkInAction: trainingPaths.walkIn({ id: data.session.id }),
      backLink: trainingPaths.register({ id: data.session.id }),
    },
  });
  const upload = definePage({
    path: paths.importAttendance,
    access: 'training:manage',
    params: byId,
    upload: { field: 'file', maxBytes: MAX_BYTES },
    form: z.object({}),
    load: ({ actor, params }) => catalogue.session(actor, params.id),
    view: (data, _ctx, form) => uploadView(data, form),
    submit: async ({ actor, params, upload: file }) => {
      if (!file) throw new ValidationError({ file: 'Choose a CSV file to upload' });
      const id = await registration.checkAttendance(actor, params.id, file);
      return paths.reviewAttendance({ id: params.id, import: id });
    },
  });
  const review = definePage({
    path: paths.reviewAttendance,
    access: 'training:manage',
    params: sessionImport,
    form: z.object({}),
    load: async ({ actor, params }) => ({
      staged: await registration.reviewAttendance(actor, params.id, params.import),
      session: await catalogue.session(actor, params.id),
    }),
    view: ({ staged, session }) => ({
      template: `${VIEWS}/review-attendance.njk`,
      title: `Check the attendance before marking it: ${session.course.title}`,
      locals: {
        course: session.course,
        when: formatDateTime(session.session.starts_at),
        rows: staged.rows.map((r) => ({ ...r, markName: statusName(r.mark) })),
        action: paths.reviewAttendance({ id: session.session.id, import: staged.id }),
        backLink: paths.importAttendance({ id: session.session.id }),
      },
    }),
    submit: async ({ actor, params }) => {
      const changed = await registration.commitAttendance(actor, params.id, params.import);
      return {
        redirect: trainingPaths.register({ id: params.id }),
        flash: `The attendance is imported (${changed} changed)`,
      };
    },
  });
  const pdf = definePage({
    path: paths.registerPdf,
    access: 'training:manage',
    params: byId,
    handle: async ({ actor, params, res }) => {
      const { pdf: bytes, fileName } = await registration.registerPdf(actor, params.id);
      res.set('Content-Type', 'application/pdf').set('Content-Disposition', `attachment; filename="${fileName}"`);
      res.send(bytes);
    },
  });
  return [upload, review, pdf];
}
