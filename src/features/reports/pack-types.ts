/*
 * The quarterly board pack's figures and narrative (issue 16 point 1, docs/adr/0032). The figures
 * are what a pack shows and what an issued pack freezes as JSON: every count of people in them
 * has passed through src/lib/suppression.ts (or the workforce profile's disclosure control) before
 * it is stored, so a frozen pack can be shown again without working anything out.
 */
import type { Shown } from '../../lib/suppression.ts';
import type { Direction, IndicatorRag } from '../plan/indicator-rules.ts';

/** A figure this quarter beside the same figure in the last issued pack. */
export interface Compared {
  now: Shown<number> | null;
  before: Shown<number> | null;
  /** Direction of travel against the last issued pack, given which way is better. */
  direction: Direction;
}

export interface PackIndicator extends Compared {
  name: string;
  unit: string;
  target: number | null;
  rag: IndicatorRag;
}

export interface PackException {
  id: number;
  title: string;
  priority: string;
  lead: string;
  dueDate: string;
  progress: number;
  rag: string;
  stale: boolean;
  lastUpdateOn: string | null;
}

export interface PackRisk {
  title: string;
  owner: string;
  inherentScore: number;
  residualScore: number;
  level: string;
  aboveAppetite: boolean;
}

export interface PackWorkforceRow extends Compared {
  key: string;
  label: string;
  unit: string;
  /** England's published figure (DfE CSWW), children's social workers; null where there is none. */
  england: number | null;
}

export interface PackTrainingRow extends Compared {
  key: string;
  label: string;
}

export interface PackFundingStream {
  name: string;
  contributed: number;
  committed: number;
  spent: number;
  balance: number;
}

export interface PackFigures {
  version: 1;
  partnershipName: string;
  quarterStart: string;
  quarterEnd: string;
  /** The day the figures were worked out. */
  asAt: string;
  threshold: number;
  /** The issued pack the figures are compared with: its quarter and the day its figures were worked out. */
  comparedWith: { quarterEnd: string; asAt: string } | null;
  rag: (Compared & { key: string; label: string })[];
  indicators: PackIndicator[];
  exceptions: PackException[];
  completed: { id: number; title: string; priority: string; completedOn: string }[];
  green: { priority: string; count: number }[];
  risks: { heatMap: number[][]; top: PackRisk[]; total: number };
  workforce: { censusDate: string | null; benchmarkYear: string | null; rows: PackWorkforceRow[] };
  assessment: {
    round: string;
    status: string;
    /** Questionnaires submitted; null for a historic round, whose responses are not held. */
    submitted: Shown<number> | null;
    themes: { name: string; average: number | null }[];
    priorities: string[];
  } | null;
  training: PackTrainingRow[];
  funding: { streams: PackFundingStream[]; totals: PackFundingStream };
}

/** The sections the strategy manager writes for, in the pack's order. */
export const NARRATIVE_SECTIONS = {
  summary: 'Summary',
  decisions: 'What the board is asked to decide',
  exceptions: 'Actions that need attention',
  completed: 'Completed and on track',
  risks: 'Risks',
  workforce: 'Workforce',
  assessment: 'Self-assessment',
  training: 'Training',
  funding: 'Funding',
} as const;
export type NarrativeSection = keyof typeof NARRATIVE_SECTIONS;
export const SECTION_KEYS: NarrativeSection[] = [
  'summary',
  'decisions',
  'exceptions',
  'completed',
  'risks',
  'workforce',
  'assessment',
  'training',
  'funding',
];

/** What the strategy manager writes: Markdown per section, and per exception action its two boxes. */
export interface Narrative {
  sections: Record<NarrativeSection, string>;
  actions: Record<string, { corrective: string; ask: string }>;
}

/** Every section's text, each from `text`. */
export const sectionsFrom = (text: (key: NarrativeSection) => string): Narrative['sections'] => ({
  summary: text('summary'),
  decisions: text('decisions'),
  exceptions: text('exceptions'),
  completed: text('completed'),
  risks: text('risks'),
  workforce: text('workforce'),
  assessment: text('assessment'),
  training: text('training'),
  funding: text('funding'),
});

export const emptyNarrative = (): Narrative => ({ sections: sectionsFrom(() => ''), actions: {} });

/** An issued pack's stored figures (written by this feature from PackFigures, version 1). */
export const readFigures = (json: string): PackFigures => JSON.parse(json) as PackFigures;

export interface BoardPack {
  id: number;
  quarterEnd: string;
  status: 'draft' | 'issued';
  narrative: Narrative;
  figures: PackFigures;
  draftedBy: string;
  createdAt: string;
  updatedAt: string;
  issuedAt: string | null;
  issuedBy: string | null;
}
