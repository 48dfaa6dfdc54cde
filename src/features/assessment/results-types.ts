/** What a round's results page, PDF and API show: plain data, shared by the service and the views. */
import type { OrganisationCount, PriorityRow } from './results-repository.ts';
import type { Averages, Breakdown, CellMean, CellStats, Change } from './scoring.ts';

export interface ResultCell extends Omit<CellStats, 'n' | 'distribution'> {
  n: number | null;
  distribution: number[] | null;
}
export interface RoundSummary {
  id: number;
  name: string;
  kind: 'live' | 'historic';
  status: 'draft' | 'open' | 'closed';
  statusText?: string;
}

export interface RoundResults {
  round: RoundSummary;
  themes: { position: number; name: string; colour: string }[];
  stages: { position: number; name: string }[];
  cells: ResultCell[];
  averages: Averages;
  highest: CellMean[];
  lowest: CellMean[];
  disagreed: ResultCell[];
  breakdowns: Breakdown[];
  organisations: OrganisationCount[];
  submitted: number;
  respondents: number;
  priorities: PriorityRow[];
  evidence: EvidenceNote[];
  threshold: number;
  /** A live round's data version (results-repository.ts `resultsVersion`), for caches keyed by it. */
  version?: string;
}

/** A respondent's evidence for a theme; the organisation only when it has enough respondents not to identify anyone. */
export interface EvidenceNote {
  theme: number;
  note: string;
  organisation: string | null;
}

/** An evidence note is never attributed to an organisation with fewer respondents than this (issue 10.4). */
export const EVIDENCE_ATTRIBUTION_MINIMUM = 5;

export interface CellChange {
  theme: number;
  stage: number;
  from: number | null;
  to: number | null;
  change: number | null;
  by: string;
  direction: Change;
}
