import type { Request } from 'express';
import { z } from 'zod';
import { defineFeature, definePage, formText, redirectTo, type Feature, type Page } from '../../web/kit/page.ts';
import { formField } from '../../web/kit/render.ts';
import type { Services } from '../../services.ts';
import { RESPONDENT_TYPES } from './codes.ts';
import { POSITIONS } from './framework.ts';
import { type Link, LinkProblemError } from './questionnaire-link.ts';
import { formatDate, todayInLondon } from '../../lib/dates.ts';
import { assessmentPaths, respondPaths as paths, RESPOND_PREFIX } from './paths.ts';
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

const byToken = z.object({ token: z.string() });
/** A theme's number in an address: one of the framework's positions, else the address is no page. */
const themeNumber = z
  .string()
  .regex(/^\d$/)
  .transform(Number)
  .refine((n) => POSITIONS.some((p) => p === n));
const byTheme = z.object({ token: z.string(), theme: themeNumber });
const themeForm = z.object({
  ...Object.fromEntries(POSITIONS.map((p) => [`stage_${p}`, formText])),
  evidence: formText,
  action: formText,
});

/** A link that cannot be used, as a page that says why. */
function linkProblem(err: unknown) {
  if (!(err instanceof LinkProblemError)) return undefined;
  const known = PROBLEMS[err.problem];
  const problem = !err.opensOn
    ? known
    : err.opensOn > todayInLondon()
      ? { ...known, text: `It opens on ${formatDate(err.opensOn)}. Try the link again then.` }
      : {
          ...known,
          text: `It was due to open on ${formatDate(err.opensOn)}, but it has not been opened yet. Ask whoever sent you the link when it will open.`,
        };
  return {
    status: problem.status,
    template: `${VIEWS}/respond-problem.njk`,
    title: problem.title,
    locals: { problem, roundName: err.roundName },
  };
}

/** What every questionnaire page shows of its link. */
function common(req: Request, link: Link) {
  const source = link.response?.source;
  const token = link.token;
  return {
    round: link.round,
    organisationName: link.organisationName,
    token,
    base: paths.start({ token }),
    resumeUrl: link.kind === 'resume' && source !== 'user' ? `${origin(req)}${paths.start({ token })}` : null,
    focusGroup: source === 'focus_group' ? link.response : null,
    signedInRespondent: source === 'user',
    closesText: formatDate(link.round.closes_on),
    /** Where a signed-in respondent or a facilitator came from, to go back to. */
    homeLink:
      source === 'user'
        ? assessmentPaths.landing()
        : source === 'focus_group'
          ? assessmentPaths.round({ id: link.round.id })
          : null,
  };
}

/**
 * The questionnaire, answered through a link without an account, under /respond. Every page
 * checks its token; forms carry the CSRF token like every other form.
 */
export function questionnaireFeature(services: Services): Feature {
  const questionnaire = services.questionnaire;
  const link = { access: 'public', failure: linkProblem } as const;

  const loadStart = async ({ params: { token } }: { params: { token: string } }) => {
    const opened = await questionnaire.open(token);
    const progress = opened.response ? await questionnaire.summary(token) : null;
    const first = progress?.incomplete[0];
    const next = progress ? (first ? paths.theme({ token, theme: first }) : paths.check({ token })) : null;
    return { link: opened, next };
  };
  const startView = ({ link: opened, next }: Awaited<ReturnType<typeof loadStart>>, { req }: { req: Request }) => ({
    template: `${VIEWS}/respond-start.njk`,
    title: opened.round.name,
    locals: {
      ...common(req, opened),
      next,
      kind: opened.kind,
      themeCount: opened.framework.themes.length,
      backLink: common(req, opened).homeLink,
      typeItems: opened.respondentTypes.map((t) => ({ value: t, text: RESPONDENT_TYPES[t] })),
    },
  });

  const start = definePage({ ...link, path: paths.start, params: byToken, load: loadStart, view: startView });

  const begin = definePage({
    ...link,
    path: paths.begin,
    params: byToken,
    form: z.object({ respondentType: formText }),
    only: 'post',
    load: loadStart,
    view: startView,
    submit: async ({ params, form }) => {
      const continueWith = await questionnaire.start(params.token, form.respondentType);
      return paths.theme({ token: continueWith, theme: 1 });
    },
  });

  const saved = definePage({
    ...link,
    path: paths.saved,
    params: byToken,
    load: ({ params }) => questionnaire.open(params.token),
    view: (opened, { req }) => ({
      template: `${VIEWS}/respond-saved.njk`,
      title: 'Your answers are saved',
      locals: { ...common(req, opened), returnUrl: `${origin(req)}${paths.start({ token: opened.token })}` },
    }),
  });

  const confirmation = definePage({
    ...link,
    path: paths.confirmation,
    params: byToken,
    load: async ({ params }) => {
      const { link: found } = await questionnaire.summary(params.token, { allowSubmitted: true });
      return found.response?.status === 'submitted' ? found : redirectTo(paths.check(params));
    },
    view: (found, { req }) => ({
      template: `${VIEWS}/respond-confirmation.njk`,
      title: 'Your answers have been sent',
      locals: { ...common(req, found), resumeUrl: null },
    }),
  });

  return defineFeature(
    RESPOND_PREFIX,
    [start, begin, ...themePages(services, link), saved, ...checkPages(services, link), confirmation],
    paths,
  );
}

type LinkPage = { access: 'public'; failure: typeof linkProblem };

/** A theme's questions: its stages' answers and evidence, saved and on to the next, or saved for later. */
function themePages(services: Services, link: LinkPage): Page[] {
  const questionnaire = services.questionnaire;
  const load = async ({ params: { token, theme } }: { params: z.infer<typeof byTheme> }) => {
    const found = await questionnaire.theme(token, theme);
    return found.link.response ? found : redirectTo(paths.start({ token }));
  };
  const theme = definePage({
    ...link,
    path: paths.theme,
    params: byTheme,
    query: z.object({ change: z.string().optional().catch(undefined) }),
    form: themeForm,
    load,
    view: ({ link: opened, values: saved }, { req, params, query }, form) => {
      const shown: Record<string, unknown> = form?.values ?? saved;
      const n = params.theme;
      const current = opened.framework.themes.find((t) => t.position === n);
      const token = opened.token;
      return {
        template: `${VIEWS}/respond-theme.njk`,
        title: `${current?.name ?? 'Theme'} – theme ${n} of ${opened.framework.themes.length}`,
        locals: {
          ...common(req, opened),
          values: shown,
          theme: current,
          number: n,
          themeCount: opened.framework.themes.length,
          levels: opened.framework.levels,
          change: query.change === '1',
          backLink: n > 1 ? paths.theme({ token, theme: n - 1 }) : paths.start({ token }),
          stages: opened.framework.stages.map((s) => ({
            ...s,
            items: answerItems(opened.framework.levels, formField(shown, `stage_${s.position}`)),
          })),
        },
      };
    },
    submit: async ({ params: { token, theme: n }, query, form: { action, ...answers } }) => {
      const later = action === 'later';
      const saved = await questionnaire.saveTheme(token, n, answers, !later);
      if (!saved.response) return paths.start({ token });
      if (later) return paths.saved({ token });
      const last = query.change === '1' || n >= saved.framework.themes.length;
      return last ? paths.check({ token }) : paths.theme({ token, theme: n + 1 });
    },
  });
  return [theme];
}

/** Check your answers, and sending them. */
function checkPages(services: Services, link: LinkPage): Page[] {
  const questionnaire = services.questionnaire;
  const load = async ({ params: { token } }: { params: { token: string } }) => {
    const found = await questionnaire.summary(token);
    return found.link.response ? found : redirectTo(paths.start({ token }));
  };
  const view = (
    { link: opened, themes, incomplete }: Awaited<ReturnType<typeof questionnaire.summary>>,
    { req }: { req: Request },
  ) => {
    const token = opened.token;
    const change = (theme: number, anchor: string, hidden: string) => ({
      items: [
        { href: `${paths.theme({ token, theme })}?change=1#${anchor}`, text: 'Change', visuallyHiddenText: hidden },
      ],
    });
    return {
      template: `${VIEWS}/respond-check.njk`,
      title: 'Check your answers before sending them',
      locals: {
        ...common(req, opened),
        incomplete,
        backLink: paths.theme({ token, theme: themes.length }),
        themes: themes.map((t) => ({
          ...t,
          rows: [
            ...t.answers.map((a) => ({
              key: { text: a.stage.name },
              value: { text: answerText(a.kind, a.score, opened.framework.levels) },
              actions: change(t.position, `stage_${a.stage.position}`, `${a.stage.name} for ${t.name}`),
            })),
            {
              key: { text: 'Evidence' },
              value: { text: t.evidence || 'None given' },
              actions: change(t.position, 'evidence', `evidence for ${t.name}`),
            },
          ],
        })),
      },
    };
  };

  const check = definePage({ ...link, path: paths.check, params: byToken, load, view });
  const submit = definePage({
    ...link,
    path: paths.submit,
    params: byToken,
    only: 'post',
    load,
    view,
    submit: async ({ params }) => {
      await questionnaire.submit(params.token);
      return paths.confirmation(params);
    },
  });
  return [check, submit];
}
