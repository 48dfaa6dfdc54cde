import { z } from 'zod';
import type { Services } from '../../services.ts';
import { formatDate } from '../../lib/dates.ts';
import { lineChart } from '../../lib/charts.ts';
import { definePage, formText, idParam, type Page } from '../../web/kit/page.ts';
import { formField } from '../../web/kit/render.ts';
import {
  DIRECTION_WORDS,
  financialYear,
  financialYearLabel,
  type IndicatorRag,
  isLiveSource,
  LIVE_SOURCES,
  RAG_WORDS,
} from './indicator-rules.ts';
import { planPaths as paths } from './paths.ts';
import { VIEWS } from './view-helpers.ts';

const byId = z.object({ id: idParam });
const indicatorForm = z.object({
  name: formText,
  definition: formText,
  unit: formText,
  polarity: formText,
  baseline: formText,
  source: formText,
  tolerance: formText,
});
const targetForm = z.object({ year: formText, target: formText });
const valueForm = z.object({ quarterEnd: formText, value: formText });
const signOffForm = z.object({ quarterEnd: formText });

const RAG_TAG: Record<IndicatorRag, string> = {
  green: 'govuk-tag--green',
  amber: 'govuk-tag--orange',
  red: 'govuk-tag--red',
  none: 'govuk-tag--grey',
};

type Found = Awaited<ReturnType<Services['planIndicators']['get']>>;
type Point = Found['indicator']['points'][number];

const shown = (p: Point) => ({
  ...p,
  label: formatDate(p.quarterEnd),
  valueText: p.suppressed ? 'c' : p.value === null ? 'No value' : String(p.value),
  targetText: p.target === null ? 'None set' : String(p.target),
  ragText: RAG_WORDS[p.rag],
  ragClass: RAG_TAG[p.rag],
  vsLastQuarterText: DIRECTION_WORDS[p.vsLastQuarter],
  vsLastYearText: DIRECTION_WORDS[p.vsLastYear],
});

const sourceItems = (chosen: string) => [
  { value: 'manual', text: 'Entered by hand each quarter', checked: chosen === 'manual' },
  ...Object.entries(LIVE_SOURCES).map(([value, s]) => ({
    value,
    text: s.label,
    hint: 'hint' in s ? { text: s.hint } : undefined,
    checked: chosen === value,
  })),
];

function indicatorPage(found: Found, chosen: Record<string, unknown> | undefined) {
  const { indicator, quarters } = found;
  const charted = indicator.points.flatMap((p) =>
    p.value === null ? [] : [{ quarterEnd: p.quarterEnd, value: p.value }],
  );
  const chart = charted.length
    ? lineChart({
        id: `indicator-${indicator.id}`,
        title: `${indicator.name} by quarter`,
        labels: charted.map((p) => formatDate(p.quarterEnd)),
        series: [{ name: indicator.name, values: charted.map((p) => p.value) }],
        unit: indicator.unit === '%' ? '%' : '',
      })
    : null;
  const years = [...new Set(quarters.map(financialYear))];
  years.push((years.at(-1) ?? 2026) + 1);
  return {
    template: `${VIEWS}/indicator.njk`,
    title: indicator.name,
    locals: {
      ...found,
      points: indicator.points.map(shown),
      sourceLabel: isLiveSource(indicator.source) ? LIVE_SOURCES[indicator.source].label : 'Entered by hand',
      chart,
      yearItems: years.map((y) => ({
        value: String(y),
        text: financialYearLabel(y),
        selected: formField(chosen, 'year') === String(y),
      })),
      quarterItems: quarters
        .filter((q) => !indicator.points.find((p) => p.quarterEnd === q)?.frozen)
        .map((q) => ({
          value: q,
          text: `Quarter ending ${formatDate(q)}`,
          selected: formField(chosen, 'quarterEnd') === q,
        })),
      backLink: paths.indicators(),
    },
  };
}

type Listed = Awaited<ReturnType<Services['planIndicators']['list']>>;

function listView(found: Listed, chosen: Record<string, unknown> | undefined) {
  return {
    template: `${VIEWS}/indicators.njk`,
    title: 'Success indicators',
    locals: {
      ...found,
      rows: found.indicators.map((i) => ({
        ...i,
        latest: i.latest ? shown(i.latest) : null,
        href: paths.indicator({ id: i.id }),
      })),
      latestQuarter: formatDate(found.quarters.at(-1) ?? ''),
      quarterItems: found.quarters
        .filter((q) => !found.signedOff.includes(q))
        .map((q) => ({
          value: q,
          text: `Quarter ending ${formatDate(q)}`,
          selected: formField(chosen, 'quarterEnd') === q,
        })),
      signedOffText: found.signedOff.map((q) => formatDate(q)).join(', '),
      backLink: paths.index(),
      columnClass: 'govuk-grid-column-full',
    },
  };
}

/** The form for a new indicator, with what was sent kept (a tolerance of 10% to start with). */
const addIndicatorView = (values: unknown) => ({
  template: `${VIEWS}/indicator-form.njk`,
  title: 'Add a success indicator',
  locals: {
    values: values ?? { tolerance: '10' },
    sourceItems: sourceItems(formField(values, 'source')),
    polarityItems: [
      { value: 'higher', text: 'Higher is better', checked: formField(values, 'polarity') === 'higher' },
      { value: 'lower', text: 'Lower is better', checked: formField(values, 'polarity') === 'lower' },
    ],
    backLink: paths.indicators(),
    cancel: paths.indicators(),
  },
});

/** Success indicators: the list with the latest quarter, an indicator's quarters and trend, sign-off. */
export function indicatorPages(services: Services): Page[] {
  const indicators = services.planIndicators;

  const index = definePage({
    path: paths.indicators,
    access: 'plan:view',
    load: ({ actor }) => indicators.list(actor),
    view: (found, _c, form) => listView(found, form?.values),
  });

  const add = definePage({
    path: paths.newIndicator,
    access: 'plan:edit',
    form: indicatorForm,
    view: (_d, _c, form) => addIndicatorView(form?.values),
    submit: async ({ actor, form }) => {
      const created = await indicators.create(actor, form);
      return { redirect: paths.indicator({ id: created.id }), flash: `The indicator ${created.name} is added` };
    },
  });

  const show = definePage({
    path: paths.indicator,
    access: 'plan:view',
    params: byId,
    load: ({ actor, params }) => indicators.get(actor, params.id),
    view: (found) => indicatorPage(found, undefined),
  });

  const post = <F extends Record<string, string>>(
    path: typeof paths.indicatorTarget | typeof paths.indicatorValue,
    form: z.ZodType<F>,
    run: (actor: Parameters<typeof indicators.get>[0], id: number, form: F) => Promise<string>,
  ) =>
    definePage({
      path,
      access: 'plan:edit',
      only: 'post',
      params: byId,
      form,
      load: ({ actor, params }) => indicators.get(actor, params.id),
      view: (found, _c, submitted) => indicatorPage(found, submitted?.values),
      submit: async ({ actor, params, form: values }) => ({
        redirect: paths.indicator({ id: params.id }),
        flash: await run(actor, params.id, values),
      }),
    });

  const signOff = definePage({
    path: paths.signOff,
    access: 'plan:edit',
    only: 'post',
    form: signOffForm,
    load: ({ actor }) => indicators.list(actor),
    view: (found, _c, form) => listView(found, form?.values),
    submit: async ({ actor, form }) => {
      const count = await indicators.signOff(actor, form.quarterEnd);
      return {
        redirect: paths.indicators(),
        flash: `The quarter ending ${formatDate(form.quarterEnd)} is signed off: ${count} values are frozen`,
      };
    },
  });

  return [
    index,
    add,
    signOff,
    show,
    post(paths.indicatorTarget, targetForm, async (actor, id, form) => {
      await indicators.setTarget(actor, id, form);
      return `The target for ${financialYearLabel(Number(form.year))} is set to ${form.target}`;
    }),
    post(paths.indicatorValue, valueForm, async (actor, id, form) => {
      await indicators.recordValue(actor, id, form);
      return `The value for the quarter ending ${formatDate(form.quarterEnd)} is recorded`;
    }),
  ];
}
