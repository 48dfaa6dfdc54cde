/*
 * What a profile section is: its address and words, the tables it shows (each with its chart), the
 * paragraphs above them, and its partial (`<slug>.njk` beside its builder) for what only it says.
 */
import type { Chart } from '../../../../lib/charts.ts';
import type { ProfileTable, WorkforceProfile } from '../profile-types.ts';

export interface Block {
  table: ProfileTable;
  chart: Chart | null;
}

export interface ProfileSection {
  slug: string;
  title: string;
  intro: string;
  /** The tables, each with its chart, in the order the page, the PDF and the downloads show them. */
  blocks(profile: WorkforceProfile): Block[];
  /** Paragraphs above the tables, on the page and in the PDF. */
  notes?(profile: WorkforceProfile): string[];
  /** Its figures do not come from the selection's records: shown even when the filters match nobody. */
  shownWhenEmpty?: boolean;
}

export const block = (table: ProfileTable, chart: Chart | null = null): Block => ({ table, chart });
