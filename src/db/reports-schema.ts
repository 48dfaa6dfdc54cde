import type { Generated } from 'kysely';

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
