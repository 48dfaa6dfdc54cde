/**
 * The headline figures, defined once (issue 10.5): their names, what they count, and the sums behind
 * them. The returns page, the review, the CLI, the profile, its PDF and the API all take their labels
 * from HEADLINE and their numbers from these definitions, so the same data gives the same number
 * under the same name everywhere. They follow DfE's children's social work workforce census:
 * headcount and FTE in post are employees in post at the census date, never agency workers.
 */
import { sql, type RawBuilder } from 'kysely';
import { censusYear, oneDecimal, recordStatus } from './measures.ts';

export interface HeadlineFigure {
  label: string;
  definition: string;
}

export const HEADLINE = {
  headcount: {
    label: 'Headcount',
    definition: 'Employees in post at the census date (the Department for Education’s headcount): not agency workers.',
  },
  fteInPost: {
    label: 'FTE in post',
    definition: 'FTE of employees in post at the census date (the Department for Education’s base for the rates).',
  },
  workforceHeadcount: {
    label: 'Everyone in the workforce',
    definition:
      'Distinct people in the workforce at the census date — employees, agency workers, self-employed and volunteers — who had not left.',
  },
  fte: {
    label: 'FTE of everyone in the workforce',
    definition: 'Full-time equivalent of everyone in the workforce at the census date, agency workers included.',
  },
  agencyHeadcount: { label: 'Agency workers', definition: 'Agency workers in the workforce at the census date.' },
  agencyFte: { label: 'Agency FTE', definition: 'FTE of agency workers at the census date.' },
  leaversHeadcount: { label: 'Leavers', definition: 'Employees who left in the 12 months to the census date.' },
  leaversFte: {
    label: 'Leavers FTE',
    definition: 'FTE of those leavers when they left; divided by FTE in post, it gives the turnover rate.',
  },
} as const satisfies Record<string, HeadlineFigure>;

export type HeadlineKey = keyof typeof HEADLINE;

export interface HeadlineSums {
  headcount: number;
  fteInPost: number;
  agencyHeadcount: number;
  agencyFte: number;
  leaversHeadcount: number;
  leaversFte: number;
}

type HeadlineRecord = Parameters<typeof recordStatus>[0] & { fte: number | null };

/** Adds worker records up, one at a time, by measures.ts's recordStatus. FTE to one decimal, as shown. */
export function createHeadlineTally(censusDate: string) {
  const yearStart = censusYear(censusDate).start;
  const s: HeadlineSums = {
    headcount: 0,
    fteInPost: 0,
    agencyHeadcount: 0,
    agencyFte: 0,
    leaversHeadcount: 0,
    leaversFte: 0,
  };
  return {
    add(r: HeadlineRecord): void {
      const status = recordStatus(r, censusDate, yearStart);
      const fte = Number(r.fte ?? 0);
      if (status === 'in_post') [s.headcount, s.fteInPost] = [s.headcount + 1, s.fteInPost + fte];
      else if (status === 'agency') [s.agencyHeadcount, s.agencyFte] = [s.agencyHeadcount + 1, s.agencyFte + fte];
      else if (status === 'leaver') [s.leaversHeadcount, s.leaversFte] = [s.leaversHeadcount + 1, s.leaversFte + fte];
    },
    sums(): HeadlineSums {
      return {
        ...s,
        fteInPost: oneDecimal(s.fteInPost),
        agencyFte: oneDecimal(s.agencyFte),
        leaversFte: oneDecimal(s.leaversFte),
      };
    },
  };
}

export function headlineSums(records: Iterable<HeadlineRecord>, censusDate: string): HeadlineSums {
  const tally = createHeadlineTally(censusDate);
  for (const r of records) tally.add(r);
  return tally.sums();
}

/**
 * The same statuses as SQL conditions on worker_records, for sums in the database (a return's totals).
 * headline.unit.test.ts checks that they classify every kind of record as recordStatus does.
 */
export function headlineSql(censusDate: string): { inPost: RawBuilder<boolean>; leaver: RawBuilder<boolean> } {
  const yearStart = censusYear(censusDate).start;
  const started = sql<boolean>`(start_date is null or start_date <= ${censusDate})`;
  return {
    inPost: sql<boolean>`(employment_type = 'employee' and ${started} and (leaving_date is null or leaving_date = '' or leaving_date > ${censusDate}))`,
    leaver: sql<boolean>`(employment_type = 'employee' and ${started} and leaving_date > ${yearStart} and leaving_date <= ${censusDate})`,
  };
}
