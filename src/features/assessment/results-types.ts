/** What a round's results page, PDF and API show: plain data, shared by the service and the views. */
import type { OrganisationCount, PriorityRow } from './results-repository.ts';
import type { Averages, Breakdown, CellMean, CellStats } from './scoring.ts';

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
  threshold: number;
}
