import type { NextFunction, Request, Response } from 'express';
import { NotFoundError } from '../../lib/errors.ts';
import { ANSWER_KINDS, RESPONDENT_TYPES, type RespondentType } from './codes.ts';
import type { LevelDefinition } from './framework.ts';

export const VIEWS = 'assessment/views';

/**
 * Lets other routes with a word in the same place (e.g. /assessment/rounds/import) match by
 * passing on anything that is not a number.
 */
export function numericParams(...names: string[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    next(names.every((n) => /^\d{1,9}$/.test(String(req.params[n]))) ? undefined : 'route');
  };
}

export function idParam(value: unknown, what = 'Page'): number {
  const text = String(value);
  if (!/^\d{1,9}$/.test(text)) throw new NotFoundError(what);
  return Number(text);
}

/** The site's own address as the browser used it, for links people copy or mail-merge. */
export const origin = (req: Request): string => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** An answer as people read it: "4 – High", "Don’t know". */
export function answerText(kind: string | null, score: number | null, levels: LevelDefinition[]): string {
  if (kind === null) return 'Not answered';
  if (kind === 'score') return `${score} – ${levels.find((l) => l.score === score)?.name ?? ''}`;
  return ANSWER_KINDS[kind as keyof typeof ANSWER_KINDS] ?? kind;
}

/** The radios for one stage: the five levels, then don't know and not applicable. */
export function answerItems(levels: LevelDefinition[], chosen: string | undefined) {
  return [
    ...levels.map((l) => ({
      value: String(l.score),
      text: `${l.score} – ${l.name}`,
      checked: chosen === String(l.score),
    })),
    { divider: 'or' },
    { value: 'dont_know', text: 'Don’t know', checked: chosen === 'dont_know' },
    { value: 'not_applicable', text: 'Not applicable', checked: chosen === 'not_applicable' },
  ];
}

/** The organisation select and respondent-type radios of a form that issues links for a round's audience. */
export function audienceFormItems(
  details: { audienceOrganisations: { id: number; name: string }[]; respondentTypes: RespondentType[] },
  values: { organisationId?: string; respondentType?: string },
) {
  return {
    organisationOptions: [
      { value: '', text: 'Choose an organisation' },
      ...details.audienceOrganisations.map((o) => ({
        value: String(o.id),
        text: o.name,
        selected: values.organisationId === String(o.id),
      })),
    ],
    typeItems: details.respondentTypes.map((t) => ({
      value: t,
      text: RESPONDENT_TYPES[t],
      checked: values.respondentType === t,
    })),
  };
}
