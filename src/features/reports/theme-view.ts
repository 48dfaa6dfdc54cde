/* What the theme page's template shows, worded: pure, from the service's already suppressed figures. */
import type { Change } from '../assessment/scoring.ts';
import { DIRECTION_WORDS, RAG_WORDS, type Direction, type IndicatorRag } from '../plan/indicator-rules.ts';

export { RAG_TAG } from '../plan/view-helpers.ts';
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
