/*
 * The action plan's RAG rule (docs/domain.md "Strategy and action plan", docs/adr/0023), written
 * once here and used by the pages, exports, exceptions and API:
 *   Blue   complete: the latest update says 100%. Shown apart from the RAG-rated actions.
 *   Grey   not started: the start date is still ahead and nothing is done.
 *   Red    overdue (the due date has passed), or progress more than 40 points behind the share
 *          of the time between start and due that has gone.
 *   Amber  progress more than 15 points behind that share.
 *   Green  otherwise.
 * Stale is a separate flag: not complete, started, and no update for STALE_WEEKS weeks (counted
 * from the start date while there is none). An override (red, amber or green, with a reason)
 * replaces the worked-out colour until it is cleared; blue is never overridden.
 */

export const RAG_STATES = ['red', 'amber', 'green', 'blue', 'grey'] as const;
export type Rag = (typeof RAG_STATES)[number];
export const OVERRIDABLE: readonly Rag[] = ['red', 'amber', 'green'];

export const RAG_LABELS: Record<Rag, string> = {
  red: 'Red',
  amber: 'Amber',
  green: 'Green',
  blue: 'Complete',
  grey: 'Not started',
};

export const AMBER_GAP = 15;
export const RED_GAP = 40;
export const STALE_WEEKS = 6;

export interface RagInput {
  startDate: string;
  dueDate: string;
  progress: number;
  lastUpdateOn: string | null;
  override: string | null;
}

export interface RagResult {
  rag: Rag;
  /** The rule's colour, before any override. */
  worked: Rag;
  overridden: boolean;
  stale: boolean;
  /** The share of the time gone, 0–100, that progress is compared with. */
  expected: number;
}

const DAY = 86_400_000;
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);

/** The share (0–100) of the span from start to due that has gone by `today`. */
export function expectedProgress(startDate: string, dueDate: string, today: string): number {
  const span = dayNumber(dueDate) - dayNumber(startDate);
  const gone = dayNumber(today) - dayNumber(startDate);
  if (gone <= 0) return 0;
  if (span <= 0 || gone >= span) return 100;
  return Math.round((gone / span) * 100);
}

function workedOut(input: RagInput, today: string, expected: number): Rag {
  if (input.progress >= 100) return 'blue';
  if (today > input.dueDate) return 'red';
  if (today < input.startDate && input.progress === 0) return 'grey';
  const gap = expected - input.progress;
  if (gap > RED_GAP) return 'red';
  if (gap > AMBER_GAP) return 'amber';
  return 'green';
}

export function isStale(input: RagInput, today: string, staleWeeks = STALE_WEEKS): boolean {
  if (input.progress >= 100 || today < input.startDate) return false;
  const since = input.lastUpdateOn ?? input.startDate;
  return dayNumber(today) - dayNumber(since) > staleWeeks * 7;
}

export function ragFor(input: RagInput, today: string, staleWeeks = STALE_WEEKS): RagResult {
  const expected = expectedProgress(input.startDate, input.dueDate, today);
  const worked = workedOut(input, today, expected);
  const override = OVERRIDABLE.find((rag) => rag === input.override);
  const overridden = worked !== 'blue' && override !== undefined;
  return {
    rag: override !== undefined && overridden ? override : worked,
    worked,
    overridden,
    stale: isStale(input, today, staleWeeks),
    expected,
  };
}

/** The exceptions view's test: red, amber or stale. */
export const isException = (result: RagResult): boolean =>
  result.rag === 'red' || result.rag === 'amber' || result.stale;
