import { z } from 'zod';
import type { Services } from '../../services.ts';
import { hasCapability, type Actor } from '../../auth/actor.ts';
import { formatDate } from '../../lib/dates.ts';
import { flash } from '../../web/kit/render.ts';
import { defineFeature, definePage, formText, idParam, type Feature, type Page } from '../../web/kit/page.ts';
import { RESPONDENT_TYPES } from './codes.ts';
import { FRAMEWORK_FIELDS, frameworkFormValues } from './framework-service.ts';
import { assessmentPaths as paths, PREFIX, respondPaths } from './paths.ts';
import { LinkProblemError } from './questionnaire-link.ts';
import { resultsPages } from './results-routes.ts';
import { roundEmailPages } from './round-email-routes.ts';
import { roundStatus } from './round-status.ts';
import { roundPages } from './rounds-routes.ts';
import { VIEWS } from './web.ts';

const byId = z.object({ id: idParam });

const frameworkForm = z.object(Object.fromEntries(FRAMEWORK_FIELDS.map((f) => [f, formText])));

/** The self-assessment landing page, answering as a signed-in user, and the framework's wording. */
function landingPages(services: Services): Page[] {
  const { assessmentRounds, questionnaire } = services;

  const loadLanding = async ({ actor }: { actor: Actor }) => {
    const canManage = hasCapability(actor, 'assessment:manage');
    const canSeeResults = hasCapability(actor, 'assessment:results');
    const [open, rounds] = await Promise.all([
      assessmentRounds.openForActor(actor),
      canManage || canSeeResults ? assessmentRounds.list(actor) : Promise.resolve([]),
    ]);
    return { canManage, canSeeResults, open, rounds };
  };
  const landingView = ({ open, rounds, ...can }: Awaited<ReturnType<typeof loadLanding>>) => ({
    template: `${VIEWS}/landing.njk`,
    title: 'Self-assessment',
    locals: {
      ...can,
      columnClass: 'govuk-grid-column-full',
      open: open.map((r) => ({
        ...r,
        closesText: formatDate(r.closes_on),
        typeItems: r.respondentTypes.map((t) => ({ value: t, text: RESPONDENT_TYPES[t] })),
      })),
      rounds: rounds.map((r) => ({
        ...r,
        tag: roundStatus(r).tag,
        overdue: roundStatus(r).phase === 'overdue',
        opensText: formatDate(r.opens_on),
        closesText: formatDate(r.closes_on),
        submitted: Number(r.submitted ?? 0),
        inProgress: Number(r.in_progress ?? 0),
      })),
    },
  });

  const landing = definePage({
    path: paths.landing,
    access: 'assessment:respond',
    load: loadLanding,
    view: landingView,
  });

  const respond = definePage({
    path: paths.respond,
    access: 'assessment:respond',
    params: byId,
    form: z.object({ respondentType: formText }),
    only: 'post',
    load: loadLanding,
    view: landingView,
    submit: async ({ req, actor, params, form }) => {
      try {
        const token = await questionnaire.startAsUser(actor, params.id, form.respondentType);
        return respondPaths.start({ token });
      } catch (err) {
        if (!(err instanceof LinkProblemError)) throw err;
        const round = err.roundName ?? 'That round';
        if (err.problem === 'already_answered')
          flash(req, `You have already answered ${err.roundName ?? 'this round'}. Thank you.`);
        else if (err.problem === 'closed' || err.problem === 'not_open')
          flash(req, `${round} cannot be answered now: it is ${err.problem === 'closed' ? 'closed' : 'not open yet'}`);
        else throw err;
        return paths.landing();
      }
    },
  });

  return [landing, respond];
}

/** The framework's wording, and changing it (a new version once a round has used it). */
function frameworkPages(services: Services): Page[] {
  const { assessmentFramework } = services;
  const framework = definePage({
    path: paths.framework,
    access: 'assessment:manage',
    load: ({ actor }) => assessmentFramework.current(actor),
    view: (current) => ({
      template: `${VIEWS}/framework.njk`,
      title: 'The self-assessment framework',
      locals: { framework: current, backLink: paths.landing(), columnClass: 'govuk-grid-column-full' },
    }),
  });

  const editFramework = definePage({
    path: paths.editFramework,
    access: 'assessment:manage',
    form: frameworkForm,
    load: ({ actor }) => assessmentFramework.current(actor),
    view: (current, _ctx, form) => ({
      template: `${VIEWS}/framework-form.njk`,
      title: 'Change the framework’s wording',
      locals: { framework: current, values: form?.values ?? frameworkFormValues(current), backLink: paths.framework() },
    }),
    submit: async ({ actor, form }) => {
      const saved = await assessmentFramework.update(actor, form);
      const message = !saved.changed
        ? 'Nothing was changed'
        : saved.newVersion
          ? `Saved as version ${saved.version}. Rounds already answered keep the wording they were answered with.`
          : `Changes to version ${saved.version} are saved`;
      return { redirect: paths.framework(), flash: message };
    },
  });

  return [framework, editFramework];
}

/** Every signed-in self-assessment page, under /assessment (the questionnaire is its own feature under /respond). */
export function assessmentFeature(services: Services): Feature {
  return defineFeature(
    PREFIX,
    [
      ...landingPages(services),
      ...frameworkPages(services),
      ...resultsPages(services),
      ...roundPages(services),
      ...roundEmailPages(services),
    ],
    paths,
  );
}
