/*
 * The live figure tokens a strategy's sections may embed (docs/adr/0026): a fixed set, each named
 * `{{ source.figure }}`. Pure: finding, checking and filling tokens; their values come from
 * figures.ts (current) or a version's frozen copy (approved and published).
 */
import { keysOf } from '../../lib/records.ts';

export const TOKENS = {
  'workforce.headcount': 'Headcount: employees in post at the latest census date (workforce profile)',
  'workforce.fteInPost': 'FTE in post at the latest census date (workforce profile)',
  'workforce.turnoverRate': 'Turnover rate, % (workforce profile)',
  'workforce.vacancyRate': 'Vacancy rate, % (workforce profile)',
  'workforce.agencyRate': 'Agency rate, % (workforce profile)',
  'workforce.absenceRate': 'Absence rate, % (workforce profile)',
  'workforce.level3PlusPercent': 'Qualified at level 3 or above, % (workforce profile)',
  'workforce.censusDate': 'The census date the workforce figures are for',
  'assessment.round': 'The latest self-assessment round with results',
  'assessment.overallMean': 'Its overall mean score, 1 to 5',
  'assessment.themeMeans': 'Its mean score for each theme',
  'assessment.lowestCells': 'Its lowest-scoring cells (theme and stage)',
  'plan.actionsByRag': 'The action plan’s actions by RAG status',
  'plan.priorityCount': 'The number of priorities in the plan',
} as const;

export type TokenName = keyof typeof TOKENS;
export type Figures = Record<TokenName, string>;
export const TOKEN_NAMES = keysOf(TOKENS);
export const isToken = (name: string): name is TokenName => name in TOKENS;

/** What a figure shows when its source has nothing yet (no returns, no round). */
export const NOT_AVAILABLE = 'not available';

const TOKEN_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The names of every token in the text, as written (known or not), in order, once each. */
export function tokensIn(text: string): string[] {
  return [...new Set([...text.matchAll(TOKEN_PATTERN)].map((m) => m[1] ?? ''))];
}

/** The tokens in the text that are not in the set. */
export const unknownTokens = (text: string) => tokensIn(text).filter((name) => !isToken(name));

/** The text with each known token replaced by its value; figures missing from `values` read "not available". */
export function fillTokens(text: string, values: Partial<Figures>): string {
  return text.replace(TOKEN_PATTERN, (whole, name: string) =>
    isToken(name) ? (values[name] ?? NOT_AVAILABLE) : whole,
  );
}

/** A stored frozen copy read back: only known tokens' string values. */
export function parseFrozen(json: string | null): Partial<Figures> {
  if (!json) return {};
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null) return {};
  const figures: Partial<Figures> = {};
  for (const [name, value] of Object.entries(parsed))
    if (isToken(name) && typeof value === 'string') figures[name] = value;
  return figures;
}
