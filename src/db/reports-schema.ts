import type { Generated } from 'kysely';

/** Reports' own settings (migration 0027, docs/adr/0033). */
export interface ReportPublicationTable {
  id: Generated<number>;
  partnership_id: number;
  /** 1: the progress page at /p/<slug> is public. */
  progress_published: number;
  changed_at: string;
  changed_by: string;
}

/** A success indicator shown on an OCWT theme's page. */
export interface ReportThemeIndicatorTable {
  id: Generated<number>;
  partnership_id: number;
  theme: number;
  indicator_id: number;
}
