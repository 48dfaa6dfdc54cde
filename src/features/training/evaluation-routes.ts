import { z } from 'zod';
import { hasCapability } from '../../auth/actor.ts';
import type { Services } from '../../services.ts';
import { SUPPRESSION_EXPLANATION } from '../../lib/suppression.ts';
import { formatDateTime } from '../../lib/time.ts';
import { definePage, idParam, type Page } from '../../web/kit/page.ts';
import { evaluationPaths as paths } from './evaluation-paths.ts';
import type { ResultRow, StageFigures } from './evaluation-results.ts';
import { COMMENT_PROMPT, QUESTIONS, SCALE, STAGE_NAMES, STAGES } from './evaluation-stages.ts';
import { trainingPaths } from './paths.ts';

const VIEWS = 'training/views';
const anyForm = z.record(z.string(), z.unknown());

const shown = (value: StageFigures[keyof StageFigures]) => (value === null ? '–' : String(value));
const cells = (row: ResultRow) =>
  STAGES.flatMap((stage) => {
    const f = row.stages[stage];
    const measure = stage === 'before' ? [] : [stage === 'after' ? f.usefulness : f.applied];
    return [f.responses, f.confidence, ...measure].map(shown);
  });

/** The emailed evaluation link: one stage's questions, answered once, without an account or JavaScript. */
function evaluatePage(services: Services): Page {
  const evaluation = services.trainingEvaluation;
  return definePage({
    path: paths.evaluate,
    access: 'public',
    params: z.object({ token: z.string().max(100) }),
    form: anyForm,
    load: ({ params }) => evaluation.link(params.token),
    view: (data, { params }, form) => ({
      template: `${VIEWS}/evaluate.njk`,
      title: `${data.stageName}: ${data.courseTitle}`,
      locals: {
        data,
        questions: QUESTIONS[data.stage].map((q) => ({
          ...q,
          items: SCALE.map((s) => ({ ...s, checked: form?.values[q.name] === s.value })),
        })),
        commentPrompt: COMMENT_PROMPT[data.stage],
        action: paths.evaluate({ token: params.token }),
      },
    }),
    notFound: () => ({ template: `${VIEWS}/evaluate-invalid.njk`, title: 'This evaluation link does not work' }),
    submit: async ({ req, params, form, render }) => {
      const { certificate } = await evaluation.answer(params.token, form, req.ip ?? null);
      render(`${VIEWS}/evaluate-done.njk`, 'Thank you', { certificate });
    },
  });
}

/** A course's evaluation results (small groups withheld) and, for coordinators, its settings. */
function courseEvaluationPage(services: Services): Page {
  const evaluation = services.trainingEvaluation;
  return definePage({
    path: paths.courseEvaluation,
    access: 'training:view',
    params: z.object({ id: idParam }),
    form: anyForm,
    load: ({ actor, params }) => evaluation.results(actor, params.id),
    view: (data, { actor }, form) => ({
      template: `${VIEWS}/course-evaluation.njk`,
      title: `Evaluation: ${data.course.title}`,
      locals: {
        course: data.course,
        courseCells: cells(data.table.course),
        sessions: data.table.sessions.map((row, i) => ({
          when: formatDateTime(data.sessions[i]?.starts_at),
          href: trainingPaths.session({ id: row.sessionId ?? 0 }),
          cells: cells(row),
        })),
        stageNames: STAGE_NAMES,
        threshold: data.threshold,
        explanation: SUPPRESSION_EXPLANATION,
        canManage: hasCapability(actor, 'training:manage'),
        values: form?.values ?? {
          withhold: data.settings.withholdCertificate ? 'yes' : 'no',
          follow_up_weeks: String(data.settings.followUpWeeks),
        },
        action: paths.courseEvaluation({ id: data.course.id }),
        backLink: trainingPaths.course({ id: data.course.id }),
        columnClass: 'govuk-grid-column-full',
      },
    }),
    submit: async ({ actor, params, form }) => {
      const saved = await evaluation.saveSettings(actor, params.id, form);
      return { redirect: paths.courseEvaluation({ id: saved.id }), flash: 'The evaluation settings are saved' };
    },
  });
}

/** Evaluation in three stages (issue 14, point 7). */
export function evaluationPages(services: Services): Page[] {
  return [evaluatePage(services), courseEvaluationPage(services)];
}
