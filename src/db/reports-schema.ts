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

/** Quarterly board packs (migration 0026). JSON columns are text on both engines (docs/adr/0003). */
export interface BoardPackTable {
  id: Generated<number>;
  partnership_id: number;
  /** The financial quarter's last day, YYYY-MM-DD. */
  quarter_end: string;
  status: 'draft' | 'issued';
  narrative_json: string;
  /** The frozen figures, written once when the pack is issued; null while it is a draft. */
  figures_json: string | null;
  drafted_by: string;
  created_at: string;
  updated_at: string;
  issued_at: string | null;
  issued_by: string | null;
}

/** This schema file's tables, by name, for the Database interface. */
export interface ReportTables {
  report_publications: ReportPublicationTable;
  report_theme_indicators: ReportThemeIndicatorTable;
  board_packs: BoardPackTable;
}
