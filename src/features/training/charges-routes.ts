import { z } from 'zod';
import type { Services } from '../../services.ts';
import { formatDate } from '../../lib/dates.ts';
import { ValidationError } from '../../lib/errors.ts';
import { sendTable } from '../../lib/spreadsheet.ts';
import { formatDateTime } from '../../lib/time.ts';
import { definePage, formText, idParam, type Page } from '../../web/kit/page.ts';
import { CHARGE_KINDS } from './charges-events.ts';
import { isQuarterCode, quarterBefore, quarterOf } from './charges-quarters.ts';
import { pounds, statementPdf, statementSheets } from './charges-statement.ts';
import { evaluationPaths as paths } from './evaluation-paths.ts';
import { trainingPaths } from './paths.ts';

const VIEWS = 'training/views';
const byId = z.object({ id: idParam });
const anyForm = z.record(z.string(), z.unknown());
const thisQuarter = () => quarterOf(new Date().toISOString().slice(0, 10)).code;
const quarterQuery = z.object({
  quarter: z
    .string()
    .refine(isQuarterCode)
    .catch(() => thisQuarter()),
});
const STATUS_NAMES = { raised: 'Due', waived: 'Waived', withdrawn: 'Withdrawn' } as const;

type Training = Services['training'];

const settingsValues = (s: Awaited<ReturnType<Training['charges']['settings']>>) => ({
  late_cancel_days: String(s.late_cancel_days),
  late_cancel_amount: pounds(s.late_cancel_pence),
  no_show_amount: pounds(s.no_show_pence),
  late_minutes: String(s.late_minutes),
  late_arrival_amount: pounds(s.late_arrival_pence),
});

/** The quarter's charges by agency, the statement downloads, and the charging rules. */
function chargeListPages(training: Training): Page[] {
  const { charges } = training;
  const index = definePage({
    path: paths.charges,
    access: 'training:manage',
    query: quarterQuery,
    load: async ({ actor, query }) => ({
      statement: await charges.statement(actor, query.quarter),
      settings: await charges.settings(actor),
    }),
    view: ({ statement, settings }) => {
      const code = statement.quarter.code;
      const quarters = [-1, 0, 1, 2, 3, 4, 5, 6, 7].map((n) => quarterBefore(thisQuarter(), n));
      if (!quarters.some((q) => q.code === code)) quarters.push(statement.quarter);
      return {
        template: `${VIEWS}/charges.njk`,
        title: 'Training charges',
        locals: {
          quarter: statement.quarter,
          quarterItems: quarters.map((q) => ({ value: q.code, text: q.label, selected: q.code === code })),
          totals: statement.totals.map((t) => ({ ...t, due: pounds(t.raisedPence), waived: pounds(t.waivedPence) })),
          charges: statement.charges.map((c) => ({
            ...c,
            kindName: CHARGE_KINDS[c.kind],
            amount: pounds(c.amountPence),
            date: formatDate(c.incurredOn),
            statusName: STATUS_NAMES[c.status],
            href: paths.charge({ id: c.id }),
          })),
          settings: settingsValues(settings),
          downloads: (['csv', 'xlsx', 'pdf'] as const).map((format) => ({
            format: format.toUpperCase(),
            href: `${paths.chargeStatement()}?quarter=${code}&format=${format}`,
          })),
          settingsHref: paths.chargeSettings(),
          backLink: trainingPaths.catalogue(),
          columnClass: 'govuk-grid-column-full',
        },
      };
    },
  });

  const statement = definePage({
    path: paths.chargeStatement,
    access: 'training:manage',
    query: quarterQuery.extend({ format: z.enum(['csv', 'xlsx', 'pdf']).catch('csv') }),
    handle: async ({ actor, query, res }) => {
      const s = await charges.statement(actor, query.quarter);
      const stem = `training-charges-${s.quarter.code}`;
      if (query.format !== 'pdf') return sendTable(res, query.format, stem, statementSheets(s));
      res.type('application/pdf').attachment(`${stem}.pdf`);
      res.send(await statementPdf(s, String(res.locals.partnershipName ?? 'One Workforce')));
    },
  });

  const settings = definePage({
    path: paths.chargeSettings,
    access: 'training:manage',
    form: anyForm,
    load: ({ actor }) => charges.settings(actor),
    view: (saved, _ctx, form) => ({
      template: `${VIEWS}/charge-settings.njk`,
      title: 'Charging rules',
      locals: { values: form?.values ?? settingsValues(saved), backLink: paths.charges(), cancel: paths.charges() },
    }),
    submit: async ({ actor, form }) => {
      await charges.saveSettings(actor, form);
      return { redirect: paths.charges(), flash: 'The charging rules are saved. They apply to events from now on.' };
    },
  });

  return [index, statement, settings];
}

/** One charge and its waiver; late arrivals recorded for a session's register. */
function chargePages(training: Training): Page[] {
  const { charges } = training;
  const charge = definePage({
    path: paths.charge,
    access: 'training:manage',
    params: byId,
    form: z.object({ reason: formText }),
    load: ({ actor, params }) => charges.charge(actor, params.id),
    view: (c) => ({
      template: `${VIEWS}/charge.njk`,
      title: `${CHARGE_KINDS[c.kind]}: ${c.person}`,
      locals: {
        charge: {
          ...c,
          kindName: CHARGE_KINDS[c.kind],
          amount: pounds(c.amountPence),
          date: formatDate(c.incurredOn),
          session: formatDateTime(c.sessionStartsAt),
          statusName: STATUS_NAMES[c.status],
        },
        bookingHref: trainingPaths.booking({ id: c.bookingId }),
        backLink: `${paths.charges()}?quarter=${quarterOf(c.incurredOn).code}`,
      },
    }),
    submit: async ({ actor, params, form }) => {
      const c = await charges.charge(actor, params.id);
      await charges.waive(actor, params.id, form.reason);
      return {
        redirect: `${paths.charges()}?quarter=${quarterOf(c.incurredOn).code}`,
        flash: `The charge of £${pounds(c.amountPence)} to ${c.organisation} is waived`,
      };
    },
  });

  const lateArrivals = definePage({
    path: paths.lateArrivals,
    access: 'training:manage',
    params: byId,
    form: anyForm,
    load: ({ actor, params }) => charges.lateArrivals(actor, params.id),
    view: (data, _ctx, form) => ({
      template: `${VIEWS}/late-arrivals.njk`,
      title: 'Late arrivals',
      locals: {
        open: data.session.starts_at <= new Date().toISOString(),
        when: formatDateTime(data.session.starts_at),
        limit: data.settings.late_minutes,
        charged: data.settings.late_arrival_pence > 0 ? pounds(data.settings.late_arrival_pence) : null,
        people: data.people.map((p) => ({
          ...p,
          value: form?.values[`late-${p.id}`] ?? (p.minutes_late === null ? '' : String(p.minutes_late)),
        })),
        action: paths.lateArrivals({ id: data.session.id }),
        backLink: trainingPaths.register({ id: data.session.id }),
      },
    }),
    submit: async ({ actor, params, form }) => {
      const minutes = new Map<number, number>();
      for (const [name, value] of Object.entries(form)) {
        const id = /^late-(\d{1,9})$/.exec(name)?.[1];
        const text = typeof value === 'string' ? value.trim() : '';
        if (!id || text === '') continue;
        if (!/^\d{1,3}$/.test(text)) throw new ValidationError({ [name]: 'Enter the minutes late as a whole number' });
        minutes.set(Number(id), Number(text));
      }
      const saved = await charges.recordLateArrivals(actor, params.id, minutes);
      return { redirect: trainingPaths.register({ id: params.id }), flash: `Late arrivals saved (${saved})` };
    },
  });

  return [charge, lateArrivals];
}

/** Charges (issue 14, point 5). */
export function chargesPages(services: Services): Page[] {
  return [...chargeListPages(services.training), ...chargePages(services.training)];
}
