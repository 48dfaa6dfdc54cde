/** A problem found in a return's file, and where it is: shown to the data lead and kept with the upload. */
export interface Problem {
  severity: 'error' | 'warning';
  kind: string;
  row: number | null;
  column: string | null;
  value: string | null;
  message: string;
  sheet?: string;
}

export interface CheckContext {
  censusDate: string;
  sheet?: string;
  /** The organisation's full-time weekly hours (HOURS_PER_FTE unless set). */
  fullTimeHours?: number;
}
const MAX_VALUE = 100;

export function problem(
  ctx: { sheet?: string },
  severity: Problem['severity'],
  kind: string,
  row: number | null,
  column: string | null,
  given: string | null,
  advice: string,
): Problem {
  const value = given !== null && given.length > MAX_VALUE ? `${given.slice(0, MAX_VALUE)}…` : given;
  const where = row === null ? '' : `Row ${row}${column ? `, ${column}` : ''}${value ? ` '${value}'` : ''}: `;
  const text = where ? where + advice : advice.charAt(0).toUpperCase() + advice.slice(1);
  const p: Problem = { severity, kind, row, column, value, message: text.endsWith('.') ? text : `${text}.` };
  if (ctx.sheet) p.sheet = ctx.sheet;
  return p;
}

/** Problems for one row: `fail` adds an error, `warn` a warning, each against a column and its value. */
export function rowProblems(problems: Problem[], ctx: CheckContext, row: number) {
  const add = (severity: Problem['severity']) => (kind: string, column: string, value: unknown, advice: string) =>
    problems.push(problem(ctx, severity, kind, row, column, value === null ? null : String(value), advice));
  return { fail: add('error'), warn: add('warning') };
}
export type RowProblems = ReturnType<typeof rowProblems>;
