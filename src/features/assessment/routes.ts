import { Router, type Response } from 'express';
import { ValidationError } from '../../lib/errors.ts';
import { flash, formField, renderPage } from '../../web/kit/render.ts';
import { route, type SignedInRequest } from '../../web/kit/route.ts';
import type { Services } from '../../services.ts';
import { hasCapability } from '../../auth/actor.ts';
import { RESPONDENT_TYPES } from './codes.ts';
import { FRAMEWORK_FIELDS, frameworkFormValues, type FrameworkInput } from './framework-service.ts';
import { LinkProblemError } from './questionnaire-service.ts';
import { formatDate, roundStatus } from './round-status.ts';
import { idParam, numericParams, VIEWS } from './web.ts';

/** The self-assessment landing page, answering as a signed-in user, and the framework's wording. */
export function assessmentRoutes(services: Services): Router {
  const router = Router();

  async function showLanding(req: SignedInRequest, res: Response, errors?: Record<string, string>) {
    const canManage = hasCapability(req.actor, 'assessment:manage');
    const canSeeResults = hasCapability(req.actor, 'assessment:results');
    const [open, rounds] = await Promise.all([
      services.assessmentRounds.openForActor(req.actor),
      canManage || canSeeResults ? services.assessmentRounds.list(req.actor) : Promise.resolve([]),
    ]);
    renderPage(res, `${VIEWS}/landing.njk`, 'Self-assessment', {
      errors,
      canManage,
      canSeeResults,
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
    });
  }

  router.get(
    '/assessment',
    route('assessment:respond', (req, res) => showLanding(req, res)),
  );

  router.post(
    '/assessment/rounds/:id/respond',
    numericParams('id'),
    route('assessment:respond', async (req, res) => {
      const id = idParam(req.params.id);
      try {
        const token = await services.questionnaire.startAsUser(req.actor, id, formField(req.body, 'respondentType'));
        res.redirect(303, `/respond/${token}`);
      } catch (err) {
        if (err instanceof ValidationError) return showLanding(req, res.status(400), err.fields);
        if (err instanceof LinkProblemError && err.problem === 'already_answered') {
          flash(req, `You have already answered ${err.roundName ?? 'this round'}. Thank you.`);
          return res.redirect(303, '/assessment');
        }
        if (err instanceof LinkProblemError && (err.problem === 'closed' || err.problem === 'not_open')) {
          flash(
            req,
            `${err.roundName ?? 'That round'} cannot be answered now: it is ${err.problem === 'closed' ? 'closed' : 'not open yet'}`,
          );
          return res.redirect(303, '/assessment');
        }
        throw err;
      }
    }),
  );

  router.get(
    '/assessment/framework',
    route('assessment:manage', async (req, res) => {
      const framework = await services.assessmentFramework.current(req.actor);
      renderPage(res, `${VIEWS}/framework.njk`, 'The self-assessment framework', {
        framework,
        backLink: '/assessment',
        columnClass: 'govuk-grid-column-full',
      });
    }),
  );

  async function showEdit(
    req: SignedInRequest,
    res: Response,
    values?: FrameworkInput,
    errors?: Record<string, string>,
  ) {
    const framework = await services.assessmentFramework.current(req.actor);
    renderPage(res, `${VIEWS}/framework-form.njk`, 'Change the framework’s wording', {
      framework,
      values: values ?? frameworkFormValues(framework),
      errors,
      backLink: '/assessment/framework',
    });
  }

  router.get(
    '/assessment/framework/edit',
    route('assessment:manage', (req, res) => showEdit(req, res)),
  );

  router.post(
    '/assessment/framework/edit',
    route('assessment:manage', async (req, res) => {
      const values = Object.fromEntries(FRAMEWORK_FIELDS.map((f) => [f, formField(req.body, f)]));
      try {
        const saved = await services.assessmentFramework.update(req.actor, values);
        flash(
          req,
          !saved.changed
            ? 'Nothing was changed'
            : saved.newVersion
              ? `Saved as version ${saved.version}. Rounds already answered keep the wording they were answered with.`
              : `Changes to version ${saved.version} are saved`,
        );
        res.redirect(303, '/assessment/framework');
      } catch (err) {
        if (err instanceof ValidationError) return showEdit(req, res.status(400), values, err.fields);
        throw err;
      }
    }),
  );

  return router;
}
