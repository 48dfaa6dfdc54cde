/*
 * Evaluation results per course and per session (issue 14, point 7). Every group of answers
 * under the suppression threshold is withheld through src/lib/suppression.ts; when exactly one
 * session of a stage is withheld, the next smallest is withheld too, so the course's figures
 * minus the shown sessions cannot give the withheld one back.
 */
import { isSmall, suppressCount, suppressDerived, type Shown } from '../../lib/suppression.ts';
import type { EvaluationStage } from './evaluation-stages.ts';

export interface AnswerRow {
  session_id: number;
  stage: EvaluationStage;
  n: number;
  confidence: number | null;
  usefulness: number | null;
  applied: number | null;
}

export interface StageFigures {
  responses: Shown<number>;
  confidence: Shown<number | null>;
  usefulness: Shown<number | null>;
  applied: Shown<number | null>;
}

export interface ResultRow {
  sessionId: number | null;
  stages: Record<EvaluationStage, StageFigures>;
}

const STAGE_LIST: EvaluationStage[] = ['before', 'after', 'follow_up'];

/** A value for each stage. */
const perStage = <T>(value: (stage: EvaluationStage) => T): Record<EvaluationStage, T> => ({
  before: value('before'),
  after: value('after'),
  follow_up: value('follow_up'),
});
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/**
 * A stage's mean answer as shown: the SQL average of the answers given, to one decimal place,
 * withheld with its count. The results page and the quarterly report both show means this way.
 */
export const shownMean = (
  mean: number | null | undefined,
  n: number,
  threshold: number,
  hidden = false,
): Shown<number | null> => (hidden ? 'c' : suppressDerived(round1(mean ?? null), n, threshold));

function figures(row: AnswerRow | undefined, hidden: boolean, threshold: number): StageFigures {
  const n = row ? Number(row.n) : 0;
  const shownN = hidden ? 'c' : suppressCount(n, threshold);
  const mean = (x: number | null | undefined) => shownMean(x, n, threshold, hidden);
  return {
    responses: shownN,
    confidence: mean(row?.confidence),
    usefulness: mean(row?.usefulness),
    applied: mean(row?.applied),
  };
}

/** Sessions of a stage withheld: the small ones, and a complement when only one would be. */
function withheld(counts: Map<number, number>, threshold: number): Set<number> {
  const small = [...counts].filter(([, n]) => isSmall(n, threshold)).map(([id]) => id);
  const hidden = new Set(small);
  if (hidden.size === 1) {
    const next = [...counts].filter(([id, n]) => !hidden.has(id) && n > 0).sort((a, b) => a[1] - b[1])[0];
    if (next) hidden.add(next[0]);
  }
  return hidden;
}

/**
 * One row per session (in the order given) and the course's row, from the answers' counts and
 * means per session and stage (`course` is the same over all the course's answers).
 */
export function evaluationTable(
  sessionIds: number[],
  perSession: AnswerRow[],
  course: AnswerRow[],
  threshold: number,
): { sessions: ResultRow[]; course: ResultRow } {
  const find = (id: number, stage: EvaluationStage) => perSession.find((r) => r.session_id === id && r.stage === stage);
  const hiddenByStage = new Map(
    STAGE_LIST.map((stage) => [
      stage,
      withheld(new Map(sessionIds.map((id) => [id, Number(find(id, stage)?.n ?? 0)])), threshold),
    ]),
  );
  const sessions = sessionIds.map((id) => ({
    sessionId: id,
    stages: perStage((stage) => figures(find(id, stage), hiddenByStage.get(stage)?.has(id) ?? false, threshold)),
  }));
  const total = {
    sessionId: null,
    stages: perStage((stage) =>
      figures(
        course.find((r) => r.stage === stage),
        false,
        threshold,
      ),
    ),
  };
  return { sessions, course: total };
}
