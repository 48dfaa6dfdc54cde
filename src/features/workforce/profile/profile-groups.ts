/*
 * What the profile's queries return (numbers, never rows) and the code lists they group by:
 * pure, so the builders (profile-build.ts, sections/) need no repository.
 */
import type { ProfileCellColumns } from '../../../db/schema.ts';
import type { Tally } from '../../../lib/disclosure.ts';
import { AGE_BANDS } from './measures.ts';
import { DISABILITY, ETHNICITIES, LEAVING_REASONS, QUALIFICATION_LEVELS, SEXES } from '../standard/standard.ts';

const SAFE = /^[a-z0-9_]+$/;
const codes = (list: readonly { code: string }[]) => list.map((c) => c.code).filter((c) => SAFE.test(c));
export const SEX_CODES = codes(SEXES);
export const ETHNICITY_CODES = codes(ETHNICITIES);
export const DISABILITY_CODES = codes(DISABILITY);
export const QUALIFICATION_CODES = codes(QUALIFICATION_LEVELS);
export const LEAVING_REASON_CODES = codes(LEAVING_REASONS);
export const AGE_CODES = [...AGE_BANDS.map((b) => b.code), 'not_known'] as const;

/** A group of records sharing every filter dimension and status, summed from the cells. Numbers, never rows. */
export interface Group extends Pick<
  ProfileCellColumns,
  | 'service'
  | 'job_role'
  | 'workforce_group'
  | 'employment_type'
  | 'manager'
  | 'status'
  | 'n'
  | 'fte'
  | 'sick'
  | 'starters'
  | 'starters_fte'
  | 'apprentices'
  | 'retired_fte'
> {
  organisation_id: number;
  /** `${age}|${sex}` → count */
  ageSex: Record<string, number>;
  ethnicity: Record<string, number>;
  disability: Record<string, number>;
  qualification: Record<string, number>;
  reason: Record<string, number>;
  /** Retirement year 1..10 → [count, fte] (people in post). */
  retire: Array<[number, number]>;
  /**
   * The same group with each count replaced by the sum of its people's record keys (src/lib/disclosure.ts),
   * so that any sum of counts over groups has its key sum over the twins.
   */
  twin: Group | null;
}

export interface VacancyGroup {
  organisation_id: number;
  service: string;
  job_role: string;
  vacant: number;
  cover: number;
}

/** The headline sums for one census date: tallies of people (src/lib/disclosure.ts) and raw FTE. */
export interface TrendPoint {
  censusDate: string;
  headcount: Tally;
  inPost: Tally;
  fteInPost: number;
  leavers: Tally;
  leaversFte: number;
  agency: Tally;
  agencyFte: number;
  sick: number;
  aged55: Tally;
  agedKnown: Tally;
  level3: Tally;
  levelKnown: Tally;
  vacancyFte: number;
}
