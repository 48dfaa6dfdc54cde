import type { Request } from 'express';
import { isKeyOf } from '../../lib/records.ts';
import { formField } from '../../web/kit/render.ts';
import { ANSWER_KINDS, RESPONDENT_TYPES, type RespondentType } from './codes.ts';
import type { LevelDefinition } from './framework.ts';

export const VIEWS = 'assessment/views';

/** The site's own address as the browser used it, for links people copy or mail-merge. */
export const origin = (req: Request): string => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** An answer as people read it: "4 – High", "Don’t know". */
export function answerText(kind: string | null, score: number | null, levels: LevelDefinition[]): string {
  if (kind === null) return 'Not answered';
  if (kind === 'score') return `${score} – ${levels.find((l) => l.score === score)?.name ?? ''}`;
  return isKeyOf(ANSWER_KINDS, kind) ? ANSWER_KINDS[kind] : kind;
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
  values: unknown,
) {
  const organisationId = formField(values, 'organisationId');
  const respondentType = formField(values, 'respondentType');
  return {
    organisationOptions: [
      { value: '', text: 'Choose an organisation' },
      ...details.audienceOrganisations.map((o) => ({
        value: String(o.id),
        text: o.name,
        selected: organisationId === String(o.id),
      })),
    ],
    typeItems: details.respondentTypes.map((t) => ({
      value: t,
      text: RESPONDENT_TYPES[t],
      checked: respondentType === t,
    })),
  };
}
