/* What the theme page's template shows, worded: pure, from the service's already suppressed figures. */
import type { Change } from '../assessment/scoring.ts';
import { DIRECTION_WORDS, RAG_WORDS, type Direction, type IndicatorRag } from '../plan/indicator-rules.ts';
import type { Rag } from '../plan/rag.ts';

export const RAG_TAG: Record<Rag, string> = {
  red: 'govuk-tag--red',
  amber: 'govuk-tag--orange',
  green: 'govuk-tag--green',
  blue: 'govuk-tag--blue',
  grey: 'govuk-tag--grey',
};
const INDICATOR_TAG: Record<IndicatorRag, string> = {
  green: 'govuk-tag--green',
  amber: 'govuk-tag--orange',
  red: 'govuk-tag--red',
  none: 'govuk-tag--grey',
};

export function changeText(change: { by: string; direction: Change }): string {
  if (change.direction === 'not comparable') return 'Not comparable';
  if (change.direction === 'same') return 'No change';
  return `${change.direction === 'improved' ? 'Up' : 'Down'} ${change.by}`;
}

export const indicatorTag = (rag: IndicatorRag) => ({ text: RAG_WORDS[rag], classes: INDICATOR_TAG[rag] });
export const directionText = (d: Direction) => DIRECTION_WORDS[d];
