/*
 * The three evaluation stages (issue 14, point 7, as Haringey LSCP runs them): confidence before
 * the course, a questionnaire straight after, and a follow-up some weeks later answered with the
 * line manager. Pure: what each stage asks, and checking a form's answers.
 */
import type { EvaluationStage } from '../../db/training-evaluation-schema.ts';
import { ValidationError } from '../../lib/errors.ts';
import { formText } from './forms.ts';

export type { EvaluationStage };
export const STAGES: readonly EvaluationStage[] = ['before', 'after', 'follow_up'];

export const STAGE_NAMES: Record<EvaluationStage, string> = {
  before: 'Before the course',
  after: 'Straight after the course',
  follow_up: 'Follow-up with your line manager',
};

export const SCALE = [
  { value: '1', text: '1: not at all' },
  { value: '2', text: '2' },
  { value: '3', text: '3' },
  { value: '4', text: '4' },
  { value: '5', text: '5: very' },
];

export type ScaleQuestion = 'confidence' | 'usefulness' | 'applied';

export const QUESTIONS: Record<EvaluationStage, { name: ScaleQuestion; text: string }[]> = {
  before: [{ name: 'confidence', text: 'How confident do you feel in this course’s subject now?' }],
  after: [
    { name: 'confidence', text: 'How confident do you feel in this course’s subject now?' },
    { name: 'usefulness', text: 'How useful was the course for your work?' },
  ],
  follow_up: [
    { name: 'confidence', text: 'How confident do you feel in this course’s subject now?' },
    { name: 'applied', text: 'How much have you used what you learned in your practice?' },
  ],
};

export const COMMENT_PROMPT: Record<EvaluationStage, string> = {
  before: 'What do you hope to learn? (optional)',
  after: 'What will you do differently? (optional)',
  follow_up: 'What has changed in your practice since the course? (optional)',
};

export interface EvaluationAnswers {
  confidence: number | null;
  usefulness: number | null;
  applied: number | null;
  comment: string;
  answered_with: string;
}

/** Checks a stage's form: every scale question answered 1–5; the follow-up names the line manager. */
export function parseAnswers(stage: EvaluationStage, form: Record<string, unknown>): EvaluationAnswers {
  const text = (name: string) => formText(form, name);
  const errors: Record<string, string> = {};
  const answers: EvaluationAnswers = {
    confidence: null,
    usefulness: null,
    applied: null,
    comment: '',
    answered_with: '',
  };
  for (const q of QUESTIONS[stage]) {
    const value = text(q.name);
    if (!/^[1-5]$/.test(value)) errors[q.name] = `Select a number from 1 to 5 for “${q.text}”`;
    else answers[q.name] = Number(value);
  }
  answers.comment = text('comment');
  if (answers.comment.length > 2000) errors.comment = 'Your comment must be 2,000 characters or fewer';
  if (stage === 'follow_up') {
    answers.answered_with = text('answered_with');
    if (!answers.answered_with) errors.answered_with = 'Enter the name of the line manager you answered with';
    else if (answers.answered_with.length > 200)
      errors.answered_with = 'The line manager’s name must be 200 characters or fewer';
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return answers;
}

export const plausibleEvaluationToken = (token: string): boolean => /^e[A-Za-z0-9_-]{40,60}$/.test(token);
