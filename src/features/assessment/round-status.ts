/** What a round's status means to a user: the stored status read together with its dates. */
import { formatDate, todayInLondon } from '../../lib/dates.ts';

export type RoundPhase = 'draft' | 'scheduled' | 'open' | 'overdue' | 'closed' | 'historic';

export interface RoundDates {
  kind: 'live' | 'historic';
  status: 'draft' | 'open' | 'closed';
  opens_on: string | null;
  closes_on: string | null;
}

export interface RoundStatus {
  phase: RoundPhase;
  /** Whether respondents can answer now. */
  answerable: boolean;
  tag: { text: string; classes: string };
}

export function roundStatus(round: RoundDates, on: string = todayInLondon()): RoundStatus {
  const tag = (text: string, classes: string) => ({ text, classes });
  if (round.kind === 'historic') return { phase: 'historic', answerable: false, tag: tag('Closed', 'govuk-tag--blue') };
  if (round.status === 'closed') return { phase: 'closed', answerable: false, tag: tag('Closed', 'govuk-tag--blue') };
  const passed = round.closes_on !== null && round.closes_on < on;
  const early = round.opens_on !== null && round.opens_on > on;
  if (round.status === 'draft') {
    if (passed)
      return { phase: 'draft', answerable: false, tag: tag('Draft (closing date passed)', 'govuk-tag--grey') };
    return {
      phase: 'draft',
      answerable: false,
      tag: tag(early ? `Draft: opens on ${formatDate(round.opens_on)}` : 'Draft', 'govuk-tag--grey'),
    };
  }
  if (passed)
    return { phase: 'overdue', answerable: false, tag: tag('Closed (closing date passed)', 'govuk-tag--blue') };
  if (early)
    return {
      phase: 'scheduled',
      answerable: false,
      tag: tag(`Opens on ${formatDate(round.opens_on)}`, 'govuk-tag--yellow'),
    };
  return { phase: 'open', answerable: true, tag: tag('Open', 'govuk-tag--green') };
}
