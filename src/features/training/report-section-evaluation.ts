/*
 * Evaluation outcomes (issue 14 points 7 and 9): for the sessions run in the quarter, per course,
 * the evaluations sent and returned at each stage with the response rate, and the mean confidence
 * before, straight after and at follow-up with its change. Counts are suppressed as one table
 * (primary and complementary, src/lib/suppression.ts); a mean is shown as the results page shows
 * it (evaluation-results.ts `shownMean`) and withheld wherever its count of answers is.
 */
import { isSuppressed, suppressTable, SUPPRESSED, type Shown } from '../../lib/suppression.ts';
import { sessionsOf } from './report-breakdown.ts';
import { percent, type ReportContext, type ReportRow, type ReportSection, type ReportTable } from './report-section.ts';
import { shownMean } from './evaluation-results.ts';
import { STAGES, type EvaluationStage } from './evaluation-stages.ts';

const STAGE_LABELS: Record<EvaluationStage, string> = {
  before: 'Before',
  after: 'Straight after',
  follow_up: 'Follow-up',
};

interface StageCounts {
  sent: number;
  returned: number;
  confidence: number | null;
}

interface CourseEvaluations {
  title: string;
  stages: Record<EvaluationStage, StageCounts>;
}

const empty = (): Record<EvaluationStage, StageCounts> => ({
  before: { sent: 0, returned: 0, confidence: null },
  after: { sent: 0, returned: 0, confidence: null },
  follow_up: { sent: 0, returned: 0, confidence: null },
});

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Evaluations of the quarter's sessions that ran, per course and stage, and for all courses per stage. */
async function loadEvaluations(
  ctx: ReportContext,
): Promise<{ courses: CourseEvaluations[]; all: Record<EvaluationStage, StageCounts> }> {
  const sessionIds = (await sessionsOf(ctx)).filter((s) => !s.cancelled).map((s) => s.id);
  if (!sessionIds.length) return { courses: [], all: empty() };
  const base = ctx.db
    .selectFrom('training_evaluations as e')
    .where('e.partnership_id', '=', ctx.partnershipId)
    .where('e.session_id', 'in', sessionIds);
  const answered = base.where('e.answered_at', 'is not', null);
  const [sent, perCourse, whole] = await Promise.all([
    base
      .innerJoin('training_courses as c', 'c.id', 'e.course_id')
      .select(['e.course_id', 'c.title', 'e.stage', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['e.course_id', 'c.title', 'e.stage'])
      .execute(),
    answered
      .select(['e.course_id', 'e.stage', (eb) => eb.fn.countAll<number>().as('n')])
      .select((eb) => eb.fn.avg<number>('e.confidence').as('confidence'))
      .groupBy(['e.course_id', 'e.stage'])
      .execute(),
    answered
      .select(['e.stage', (eb) => eb.fn.countAll<number>().as('n')])
      .select((eb) => eb.fn.avg<number>('e.confidence').as('confidence'))
      .groupBy('e.stage')
      .execute(),
  ]);
  const courses = new Map<number, CourseEvaluations>();
  const all = empty();
  for (const row of sent) {
    const course = courses.get(row.course_id) ?? { title: row.title, stages: empty() };
    course.stages[row.stage].sent = Number(row.n);
    all[row.stage].sent += Number(row.n);
    courses.set(row.course_id, course);
  }
  for (const row of perCourse) {
    const stage = courses.get(row.course_id)?.stages[row.stage];
    if (stage) Object.assign(stage, { returned: Number(row.n), confidence: numberOrNull(row.confidence) });
  }
  for (const row of whole)
    Object.assign(all[row.stage], { returned: Number(row.n), confidence: numberOrNull(row.confidence) });
  return {
    courses: [...courses.values()].sort((a, b) => a.title.localeCompare(b.title)),
    all,
  };
}

/** The change between two shown means: withheld if either is, not applicable if either is missing. */
function change(to: Shown<number | null>, from: Shown<number | null>): Shown<number | null> {
  if (isSuppressed(to) || isSuppressed(from)) return SUPPRESSED;
  if (to === null || from === null) return null;
  return Math.round((to - from) * 10) / 10;
}

/** Both tables' rows for one course (or all courses) from its suppressed counts, in STAGES order. */
function rowsFor(
  label: string,
  stages: Record<EvaluationStage, StageCounts>,
  counts: Shown<number>[],
  threshold: number,
) {
  const responses: ReportRow = { label, values: {} };
  const confidence: ReportRow = { label, values: {} };
  const means = new Map<EvaluationStage, Shown<number | null>>();
  STAGES.forEach((stage, i) => {
    const sent = counts[2 * i] ?? 0;
    const returned = counts[2 * i + 1] ?? 0;
    const shown = !isSuppressed(sent) && !isSuppressed(returned);
    responses.values[`${stage}Sent`] = sent;
    responses.values[`${stage}Returned`] = returned;
    responses.values[`${stage}Rate`] = shown ? percent(returned, sent) : SUPPRESSED;
    const { returned: n, confidence: mean } = stages[stage];
    means.set(stage, shownMean(mean, n, threshold, isSuppressed(returned)));
    confidence.values[stage] = means.get(stage) ?? null;
  });
  const meanAt = (stage: EvaluationStage) => means.get(stage) ?? null;
  confidence.values.afterChange = change(meanAt('after'), meanAt('before'));
  confidence.values.followUpChange = change(meanAt('follow_up'), meanAt('before'));
  return { responses, confidence };
}

const suppressedIn = (rows: ReportRow[]) => rows.flatMap((r) => Object.values(r.values)).filter(isSuppressed).length;

export const evaluationSection: ReportSection = {
  slug: 'evaluation',
  title: 'Evaluation outcomes',
  intro:
    'For the sessions that ran in the quarter, by course: the evaluations sent and returned before the course, straight after it and at the follow-up with the line manager, and how confident people said they felt in the course’s subject at each stage (1: not at all, to 5: very).',
  async build(ctx) {
    const { courses, all } = await ctx.memo('evaluations', () => loadEvaluations(ctx));
    const table = suppressTable(
      courses.map((c) => STAGES.flatMap((s) => [c.stages[s].sent, c.stages[s].returned])),
      { threshold: ctx.threshold, rowTotals: false },
    );
    const built = courses.map((c, i) => rowsFor(c.title, c.stages, table.cells[i] ?? [], ctx.threshold));
    const total = rowsFor('All courses', all, table.columnTotals, ctx.threshold);
    const notes = courses.length === 0 ? ['No evaluations were sent for sessions in the quarter.'] : [];
    const responses: ReportTable = {
      id: 'evaluation-responses',
      title: 'Evaluations returned by course',
      rowHeader: 'Course',
      columns: STAGES.flatMap((s) => [
        { key: `${s}Sent`, label: `${STAGE_LABELS[s]}: sent`, format: 'count' as const },
        { key: `${s}Returned`, label: `${STAGE_LABELS[s]}: returned`, format: 'count' as const },
        { key: `${s}Rate`, label: `${STAGE_LABELS[s]}: response rate (%)`, format: 'percent' as const },
      ]),
      rows: built.map((b) => b.responses),
      totals: total.responses,
      suppressedCells: suppressedIn([...built.map((b) => b.responses), total.responses]),
      notes: [
        'Response rate: evaluations returned as a percentage of those sent. Follow-ups are sent some weeks after the course, so a recent quarter’s are still to come.',
        ...notes,
      ],
    };
    const confidence: ReportTable = {
      id: 'evaluation-confidence',
      title: 'Mean confidence by course',
      rowHeader: 'Course',
      columns: [
        ...STAGES.map((s) => ({ key: s, label: `${STAGE_LABELS[s]} (mean, 1–5)`, format: 'decimal' as const })),
        { key: 'afterChange', label: 'Change, before to straight after', format: 'decimal' },
        { key: 'followUpChange', label: 'Change, before to follow-up', format: 'decimal' },
      ],
      rows: built.map((b) => b.confidence),
      totals: total.confidence,
      suppressedCells: suppressedIn([...built.map((b) => b.confidence), total.confidence]),
      notes: [
        'Each mean is of the answers returned at that stage, as on the course’s evaluation results page; a change is between the means shown. A mean is withheld (c) wherever its count of answers is.',
      ],
    };
    return { tables: [responses, confidence] };
  },
};
