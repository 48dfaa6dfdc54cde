import { Router, type Request, type Response } from 'express';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { formField, renderPage } from '../../web/kit/render.ts';
import { publicRoute } from '../../web/kit/route.ts';
import type { Services } from '../../services.ts';
import { RESPONDENT_TYPES } from './codes.ts';
import { POSITIONS } from './framework.ts';
import { type Link, LinkProblemError } from './questionnaire-service.ts';
import { formatDate } from './round-status.ts';
import { answerItems, answerText, origin, VIEWS } from './web.ts';

const PROBLEMS = {
  invalid: {
    status: 404,
    title: 'This link is not valid',
    text: 'Check you copied the whole link from your invitation. If it still does not work, ask whoever sent it for a new one.',
  },
  not_open: {
    status: 403,
    title: 'This self-assessment is not open yet',
    text: 'Try the link again once the self-assessment opens.',
  },
  closed: {
    status: 410,
    title: 'This self-assessment is closed',
    text: 'It is no longer possible to answer it. Thank you for your interest.',
  },
  already_answered: {
    status: 200,
    title: 'You have already answered this self-assessment',
    text: 'Each personal link can be used for one set of answers. Thank you for taking part.',
  },
} as const;

function theme(value: unknown): number {
  const n = Number(value);
  if (!/^\d$/.test(String(value)) || !POSITIONS.includes(n as never)) throw new NotFoundError('Theme');
  return n;
}

/**
 * The questionnaire, answered through a link without an account. Every page checks its token;
 * forms carry the CSRF token like every other form.
 */
export function questionnaireRoutes(services: Services): Router {
  const router = Router();
  const questionnaire = services.questionnaire;

  /** Runs a page, turning a link that cannot be used into a page that says why. */
  const page = (handler: (req: Request, res: Response, token: string) => Promise<void>) =>
    publicRoute(async (req, res) => {
      const token = String(req.params.token);
      try {
        await handler(req, res, token);
      } catch (err) {
        if (!(err instanceof LinkProblemError)) throw err;
        const known = PROBLEMS[err.problem];
        const problem = err.opensOn
          ? { ...known, text: `It opens on ${formatDate(err.opensOn)}. Try the link again then.` }
          : known;
        renderPage(res.status(problem.status), `${VIEWS}/respond-problem.njk`, problem.title, {
          problem,
          roundName: err.roundName,
        });
      }
    });

  const common = (req: Request, link: Link) => ({
    round: link.round,
    organisationName: link.organisationName,
    token: link.token,
    base: `/respond/${link.token}`,
    resumeUrl:
      link.kind === 'resume' && link.response?.source !== 'user' ? `${origin(req)}/respond/${link.token}` : null,
    focusGroup: link.response?.source === 'focus_group' ? link.response : null,
    signedInRespondent: link.response?.source === 'user',
    closesText: formatDate(link.round.closes_on),
    /** Where a signed-in respondent or a facilitator came from, to go back to. */
    homeLink:
      link.response?.source === 'user'
        ? '/assessment'
        : link.response?.source === 'focus_group'
          ? `/assessment/rounds/${link.round.id}`
          : null,
  });

  async function showStart(req: Request, res: Response, token: string, errors?: Record<string, string>) {
    const link = await questionnaire.open(token);
    const progress = link.response ? await questionnaire.summary(token) : null;
    const next = progress
      ? progress.incomplete[0]
        ? `/respond/${token}/theme/${progress.incomplete[0]}`
        : `/respond/${token}/check`
      : null;
    renderPage(res, `${VIEWS}/respond-start.njk`, link.round.name, {
      ...common(req, link),
      errors,
      next,
      kind: link.kind,
      themeCount: link.framework.themes.length,
      backLink: common(req, link).homeLink,
      typeItems: link.respondentTypes.map((t) => ({ value: t, text: RESPONDENT_TYPES[t] })),
    });
  }

  router.get(
    '/respond/:token',
    page((req, res, token) => showStart(req, res, token)),
  );

  router.post(
    '/respond/:token/start',
    page(async (req, res, token) => {
      try {
        const continueWith = await questionnaire.start(token, formField(req.body, 'respondentType'));
        res.redirect(303, `/respond/${continueWith}/theme/1`);
      } catch (err) {
        if (err instanceof ValidationError) return showStart(req, res.status(400), token, err.fields);
        throw err;
      }
    }),
  );

  async function showTheme(
    req: Request,
    res: Response,
    token: string,
    n: number,
    values?: Record<string, string>,
    errors?: Record<string, string>,
  ) {
    const { link, values: saved } = await questionnaire.theme(token, n);
    if (!link.response) return res.redirect(303, `/respond/${token}`);
    const shown = values ?? saved;
    const current = link.framework.themes.find((t) => t.position === n);
    renderPage(
      res,
      `${VIEWS}/respond-theme.njk`,
      `${current?.name ?? 'Theme'} – theme ${n} of ${link.framework.themes.length}`,
      {
        ...common(req, link),
        errors,
        values: shown,
        theme: current,
        number: n,
        themeCount: link.framework.themes.length,
        levels: link.framework.levels,
        change: req.query.change === '1',
        backLink: n > 1 ? `/respond/${token}/theme/${n - 1}` : `/respond/${token}`,
        stages: link.framework.stages.map((s) => ({
          ...s,
          items: answerItems(link.framework.levels, shown[`stage_${s.position}`]),
        })),
      },
    );
  }

  router.get(
    '/respond/:token/theme/:theme',
    page((req, res, token) => showTheme(req, res, token, theme(req.params.theme))),
  );

  router.post(
    '/respond/:token/theme/:theme',
    page(async (req, res, token) => {
      const n = theme(req.params.theme);
      const form = Object.fromEntries(
        [...POSITIONS.map((p) => `stage_${p}`), 'evidence'].map((f) => [f, formField(req.body, f)]),
      );
      const later = formField(req.body, 'action') === 'later';
      const change = req.query.change === '1';
      try {
        const link = await questionnaire.saveTheme(token, n, form, !later);
        if (!link.response) return res.redirect(303, `/respond/${token}`);
        if (later) return res.redirect(303, `/respond/${token}/saved`);
        res.redirect(
          303,
          change || n >= link.framework.themes.length ? `/respond/${token}/check` : `/respond/${token}/theme/${n + 1}`,
        );
      } catch (err) {
        if (err instanceof ValidationError) return showTheme(req, res.status(400), token, n, form, err.fields);
        throw err;
      }
    }),
  );

  router.get(
    '/respond/:token/saved',
    page(async (req, res, token) => {
      const link = await questionnaire.open(token);
      renderPage(res, `${VIEWS}/respond-saved.njk`, 'Your answers are saved', {
        ...common(req, link),
        returnUrl: `${origin(req)}/respond/${token}`,
      });
    }),
  );

  async function showCheck(req: Request, res: Response, token: string, errors?: Record<string, string>) {
    const { link, themes, incomplete } = await questionnaire.summary(token);
    if (!link.response) return res.redirect(303, `/respond/${token}`);
    renderPage(res, `${VIEWS}/respond-check.njk`, 'Check your answers before sending them', {
      ...common(req, link),
      errors,
      incomplete,
      backLink: `/respond/${token}/theme/${themes.length}`,
      themes: themes.map((t) => ({
        ...t,
        rows: [
          ...t.answers.map((a) => ({
            key: { text: a.stage.name },
            value: { text: answerText(a.kind, a.score, link.framework.levels) },
            actions: {
              items: [
                {
                  href: `/respond/${token}/theme/${t.position}?change=1#stage_${a.stage.position}`,
                  text: 'Change',
                  visuallyHiddenText: `${a.stage.name} for ${t.name}`,
                },
              ],
            },
          })),
          {
            key: { text: 'Evidence' },
            value: { text: t.evidence || 'None given' },
            actions: {
              items: [
                {
                  href: `/respond/${token}/theme/${t.position}?change=1#evidence`,
                  text: 'Change',
                  visuallyHiddenText: `evidence for ${t.name}`,
                },
              ],
            },
          },
        ],
      })),
    });
  }

  router.get(
    '/respond/:token/check',
    page((req, res, token) => showCheck(req, res, token)),
  );

  router.post(
    '/respond/:token/submit',
    page(async (req, res, token) => {
      try {
        await questionnaire.submit(token);
        res.redirect(303, `/respond/${token}/confirmation`);
      } catch (err) {
        if (err instanceof ValidationError) return showCheck(req, res.status(400), token, err.fields);
        throw err;
      }
    }),
  );

  router.get(
    '/respond/:token/confirmation',
    page(async (req, res, token) => {
      const { link } = await questionnaire.summary(token, { allowSubmitted: true });
      if (link.response?.status !== 'submitted') return res.redirect(303, `/respond/${token}/check`);
      renderPage(res, `${VIEWS}/respond-confirmation.njk`, 'Your answers have been sent', {
        ...common(req, link),
        resumeUrl: null,
      });
    }),
  );

  return router;
}
