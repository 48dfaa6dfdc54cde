import { z } from 'zod';
import type { Services } from '../../services.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { sendTable } from '../../lib/spreadsheet.ts';
import { definePage, formText, idParam, type Page } from '../../web/kit/page.ts';
import { formField } from '../../web/kit/render.ts';
import { LEDGER_KINDS, pounds, type StreamTotals } from './ledger-rules.ts';
import { planPaths as paths } from './paths.ts';
import { formPage, VIEWS } from './view-helpers.ts';

const byId = z.object({ id: idParam });
const streamForm = z.object({
  name: formText,
  source: formText,
  organisationId: formText,
  amountPerYear: formText,
  conditions: formText,
  ringFenced: formText,
});
const entryForm = z
  .object({
    kind: formText,
    amount: formText,
    organisationId: formText,
    actionId: formText,
    note: formText,
    'on-day': formText,
    'on-month': formText,
    'on-year': formText,
  })
  .transform((f) => ({ ...f, on: { day: f['on-day'], month: f['on-month'], year: f['on-year'] } }));
const downloadQuery = z.object({ format: z.enum(['csv', 'xlsx']).catch('csv') });

const money = (t: StreamTotals) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, pounds(v)]));
const TOTAL_HEADER = ['Contributed (£)', 'Allocated (£)', 'Committed (£)', 'Spent (£)', 'Balance (£)'];
const totalCells = (t: StreamTotals) =>
  [t.contributed, t.allocated, t.committed, t.spent, t.balance].map((p) => p / 100);

type Stream = Awaited<ReturnType<Services['planFunding']['stream']>>;

function streamPage(found: Stream, chosen: Record<string, unknown> | undefined) {
  return {
    template: `${VIEWS}/stream.njk`,
    title: found.stream.name,
    locals: {
      ...found,
      money: money(found.totals),
      rows: found.entries.map((e) => ({
        ...e,
        kindText: LEDGER_KINDS[e.kind],
        amount: pounds(Number(e.amount_pence)),
      })),
      kindItems: Object.entries(LEDGER_KINDS).map(([value, text]) => ({
        value,
        text,
        checked: formField(chosen, 'kind') === value,
      })),
      organisationItems: [
        { value: '', text: 'The stream’s partner' },
        ...found.organisations.map((o) => ({
          value: String(o.id),
          text: o.name,
          selected: formField(chosen, 'organisationId') === String(o.id),
        })),
      ],
      actionItems: [
        { value: '', text: 'None (contributions only)' },
        ...found.actions.map((a) => ({
          value: String(a.id),
          text: a.title,
          selected: formField(chosen, 'actionId') === String(a.id),
        })),
      ],
      backLink: paths.funding(),
    },
  };
}

/** Funding streams and the pooled budget's ledger, with balances per stream and per partner. */
const overviewPage = (services: Services) =>
  definePage({
    path: paths.funding,
    access: 'plan:view',
    load: ({ actor }) => services.planFunding.overview(actor),
    view: (found) => ({
      template: `${VIEWS}/funding.njk`,
      title: 'Funding and the pooled budget',
      locals: {
        ...found,
        streams: found.streams.map((s) => ({
          ...s,
          money: money(s.totals),
          perYear: pounds(Number(s.amount_per_year_pence)),
          href: paths.stream({ id: s.id }),
        })),
        partners: found.partners.map((p) => ({
          ...p,
          contributedText: pounds(p.contributed),
          balanceText: pounds(p.balance),
        })),
        money: money(found.totals),
        backLink: paths.index(),
        columnClass: 'govuk-grid-column-full',
      },
    }),
  });

const downloadPage = (services: Services) =>
  definePage({
    path: paths.fundingDownload,
    access: 'plan:view',
    query: downloadQuery,
    handle: async ({ actor, res, query }) => {
      const found = await services.planFunding.overview(actor);
      await sendTable(res, query.format, `funding-${todayInLondon()}`, [
        {
          name: 'Streams',
          header: ['Stream', 'Source', 'Partner', 'Amount a year (£)', 'Ring-fenced', 'Conditions', ...TOTAL_HEADER],
          rows: found.streams.map((s) => [
            s.name,
            s.source,
            s.partner,
            Number(s.amount_per_year_pence) / 100,
            s.ring_fenced ? 'Yes' : 'No',
            s.conditions,
            ...totalCells(s.totals),
          ]),
        },
        {
          name: 'Partners',
          header: ['Partner', 'Contributed (£)', 'Share of the balance (£)'],
          rows: found.partners.map((p) => [p.name, p.contributed / 100, p.balance / 100]),
        },
      ]);
    },
  });

const addPage = (services: Services) =>
  definePage({
    path: paths.newStream,
    access: 'plan:edit',
    form: streamForm,
    load: ({ actor }) => services.organisations.list(actor),
    view: (orgs, _c, form) =>
      formPage('stream-form.njk', 'Add a funding stream', paths.newStream(), paths.funding(), {
        values: form?.values ?? {},
        organisationItems: [
          { value: '', text: 'None: from outside the partnership' },
          ...orgs.map((o) => ({
            value: String(o.id),
            text: o.name,
            selected: formField(form?.values, 'organisationId') === String(o.id),
          })),
        ],
        ringFencedItems: [
          {
            value: 'yes',
            text: 'Yes: it may only be spent as its conditions say, and never overspent',
            checked: formField(form?.values, 'ringFenced') === 'yes',
          },
          { value: 'no', text: 'No', checked: formField(form?.values, 'ringFenced') === 'no' },
        ],
      }),
    submit: async ({ actor, form }) => {
      const created = await services.planFunding.createStream(actor, form);
      return {
        redirect: paths.stream({ id: created.id }),
        flash: `The funding stream ${created.name} is added`,
      };
    },
  });

const showPage = (services: Services) =>
  definePage({
    path: paths.stream,
    access: 'plan:view',
    params: byId,
    load: ({ actor, params }) => services.planFunding.stream(actor, params.id),
    view: (found) => streamPage(found, undefined),
  });

const addEntryPage = (services: Services) =>
  definePage({
    path: paths.addEntry,
    access: 'plan:edit',
    only: 'post',
    params: byId,
    form: entryForm,
    load: ({ actor, params }) => services.planFunding.stream(actor, params.id),
    view: (found, _c, form) => streamPage(found, form?.values),
    submit: async ({ actor, params, form }) => {
      const saved = await services.planFunding.addEntry(actor, params.id, form);
      const text = `${LEDGER_KINDS[saved.kind]} of ${pounds(saved.amount_pence)} is recorded`;
      return {
        redirect: paths.stream({ id: params.id }),
        flash: saved.overspent ? `${text}. Warning: the stream is now overspent` : text,
      };
    },
  });

export const fundingPages = (services: Services): Page[] => [
  overviewPage(services),
  downloadPage(services),
  addPage(services),
  showPage(services),
  addEntryPage(services),
];
