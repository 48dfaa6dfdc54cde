import { z } from 'zod';
import type { Actor } from '../../auth/actor.ts';
import type { Services } from '../../services.ts';
import { hasCapability } from '../../auth/actor.ts';
import { definePage, formText, idParam, type Page } from '../../web/kit/page.ts';
import { formField } from '../../web/kit/render.ts';
import { planPaths as paths } from './paths.ts';
import { heatMapCounts, IMPACT_NAMES, LIKELIHOOD_NAMES, riskHeatMap, riskLevel } from './risk-rules.ts';
import type { RiskView } from './risks-service.ts';
import { actionRows, datePartsOf, formPage, priorityOptions, VIEWS } from './view-helpers.ts';

const byId = z.object({ id: idParam });

const riskForm = z
  .object({
    title: formText,
    priorityId: formText,
    cause: formText,
    effect: formText,
    owner: formText,
    likelihood: formText,
    impact: formText,
    targetLikelihood: formText,
    targetImpact: formText,
    controls: formText,
    contingency: formText,
    'review-day': formText,
    'review-month': formText,
    'review-year': formText,
  })
  .transform((f) => ({ ...f, review: { day: f['review-day'], month: f['review-month'], year: f['review-year'] } }));

const linkForm = z.object({ actionId: formText });

const scaleItems = (names: string[], chosen: string) =>
  names.map((text, i) => ({ value: String(i + 1), text: `${i + 1} ${text}`, checked: chosen === String(i + 1) }));

const riskValues = (r: RiskView) => ({
  ...r,
  priorityId: String(r.priorityId ?? ''),
  likelihood: String(r.likelihood),
  impact: String(r.impact),
  targetLikelihood: String(r.targetLikelihood),
  targetImpact: String(r.targetImpact),
  ...datePartsOf('review', r.reviewOn),
});

/** The 5×5 table: likelihood 5 at the top, with the level of each cell named. */
const gridRows = (counts: number[][]) =>
  [5, 4, 3, 2, 1].map((l) => ({
    label: `${l} ${LIKELIHOOD_NAMES[l - 1]}`,
    cells: [1, 2, 3, 4, 5].map((i) => ({ count: counts[l - 1]?.[i - 1] ?? 0, level: riskLevel(l * i), score: l * i })),
  }));

type FoundRisk = Awaited<ReturnType<Services['planRisks']['get']>>;

const riskPage = (found: FoundRisk) => ({
  template: `${VIEWS}/risk.njk`,
  title: found.risk.title,
  locals: {
    ...found,
    linked: actionRows(found.linked),
    actionItems: [
      { value: '', text: 'Select an action' },
      ...found.unlinked.map((a) => ({ value: String(a.id), text: `${a.title} (${a.progress}% done)` })),
    ],
    likelihoodNames: LIKELIHOOD_NAMES,
    impactNames: IMPACT_NAMES,
    backLink: paths.risks(),
  },
});

async function riskFormView(
  services: Services,
  actor: Actor,
  values: unknown,
  heading: string,
  action: string,
  back: string,
) {
  const priorities = await services.planPriorities.list(actor);
  return formPage('risk-form.njk', heading, action, back, {
    values,
    priorityItems: priorityOptions(priorities, formField(values, 'priorityId'), 'None'),
    likelihoodItems: scaleItems(LIKELIHOOD_NAMES, formField(values, 'likelihood')),
    impactItems: scaleItems(IMPACT_NAMES, formField(values, 'impact')),
    targetLikelihoodItems: scaleItems(LIKELIHOOD_NAMES, formField(values, 'targetLikelihood')),
    targetImpactItems: scaleItems(IMPACT_NAMES, formField(values, 'targetImpact')),
  });
}

/** Links an action to a risk as a mitigation, or unlinks it; the residual score follows. */
const linkActionPage = (
  services: Services,
  path: typeof paths.linkRiskAction | typeof paths.unlinkRiskAction,
  linked: boolean,
) =>
  definePage({
    path,
    access: 'plan:edit',
    only: 'post',
    params: byId,
    form: linkForm,
    load: ({ actor, params }) => services.planRisks.get(actor, params.id),
    view: (found) => riskPage(found),
    submit: async ({ actor, params, form }) => {
      const saved = await services.planRisks.setLink(actor, params.id, form.actionId, linked);
      return {
        redirect: paths.risk({ id: params.id }),
        flash: `${linked ? 'The action is linked' : 'The action is no longer linked'}: the residual score is ${saved.residual.score}`,
      };
    },
  });

/** The risk register: the list with its heat maps, a risk with its mitigating actions, the form. */
const indexPage = (services: Services) =>
  definePage({
    path: paths.risks,
    access: 'plan:view',
    load: ({ actor }) => services.planRisks.list(actor),
    view: (list, { actor }) => {
      const inherent = heatMapCounts(list);
      const left = heatMapCounts(list.map((r) => r.residual));
      return {
        template: `${VIEWS}/risks.njk`,
        title: 'Risk register',
        locals: {
          risks: [...list].sort((a, b) => b.residual.score - a.residual.score || a.id - b.id),
          inherentMap: riskHeatMap('inherent-map', 'Risks by inherent likelihood and impact', inherent),
          residualMap: riskHeatMap('residual-map', 'Risks by residual likelihood and impact', left),
          inherentRows: gridRows(inherent),
          residualRows: gridRows(left),
          impactNames: IMPACT_NAMES,
          canEdit: hasCapability(actor, 'plan:edit'),
          backLink: paths.index(),
          columnClass: 'govuk-grid-column-full',
        },
      };
    },
  });

const addPage = (services: Services) =>
  definePage({
    path: paths.newRisk,
    access: 'plan:edit',
    form: riskForm,
    load: ({ actor }) => riskFormView(services, actor, {}, 'Add a risk', paths.newRisk(), paths.risks()),
    view: (view, _c, form) => (form ? { ...view, locals: { ...view.locals, values: form.values } } : view),
    submit: async ({ actor, form }) => {
      const created = await services.planRisks.create(actor, form);
      return { redirect: paths.risk({ id: created.id }), flash: `The risk ${created.title} is added` };
    },
  });

const showPage = (services: Services) =>
  definePage({
    path: paths.risk,
    access: 'plan:view',
    params: byId,
    load: ({ actor, params }) => services.planRisks.get(actor, params.id),
    view: (found) => riskPage(found),
  });

const editPage = (services: Services) =>
  definePage({
    path: paths.editRisk,
    access: 'plan:edit',
    params: byId,
    form: riskForm,
    load: async ({ actor, params }) => {
      const { risk } = await services.planRisks.get(actor, params.id);
      return {
        risk,
        form: await riskFormView(
          services,
          actor,
          riskValues(risk),
          'Change the risk',
          paths.editRisk({ id: risk.id }),
          paths.risk({ id: risk.id }),
        ),
      };
    },
    view: ({ form: view }, _c, form) => (form ? { ...view, locals: { ...view.locals, values: form.values } } : view),
    submit: async ({ actor, params, form }) => {
      const saved = await services.planRisks.update(actor, params.id, form);
      return { redirect: paths.risk({ id: params.id }), flash: `Changes to ${saved.title} are saved` };
    },
  });

export const riskPages = (services: Services): Page[] => [
  indexPage(services),
  addPage(services),
  showPage(services),
  editPage(services),
  linkActionPage(services, paths.linkRiskAction, true),
  linkActionPage(services, paths.unlinkRiskAction, false),
];
