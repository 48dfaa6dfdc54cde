/*
 * A report as a list of blocks, rendered alike to HTML (a Nunjucks partial), DOCX (docx.ts) and
 * tagged PDF (pdf-report.ts), so the three formats say the same things in the same order.
 */

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export interface TableColumn {
  label: string;
  /** A share of the page's width; the shares of a table's columns add up to 1. */
  width: number;
  align?: 'left' | 'right';
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; runs: Run[]; small?: boolean }
  | { kind: 'list'; ordered: boolean; items: Run[][] }
  /** The first cell of each row is the row's header. */
  | { kind: 'table'; caption: string; columns: TableColumn[]; rows: string[][] }
  /** An SVG chart with its text alternative; the report puts its data table straight after it. */
  | { kind: 'chart'; svg: string; alt: string }
  | { kind: 'pageBreak' };

export interface ReportDocument {
  title: string;
  /** Shown under the title and kept as the document's subject. */
  subject: string;
  /** How many blocks come before the DOCX's contents field: the title, or a whole title page. */
  frontMatter?: number;
  blocks: Block[];
}

export const plain = (text: string): Run[] => [{ text }];
export const paragraph = (text: string, small = false): Block => ({ kind: 'paragraph', runs: plain(text), small });
export const heading = (level: 1 | 2 | 3, text: string): Block => ({ kind: 'heading', level, text });
export const runsText = (runs: Run[]): string => runs.map((r) => r.text).join('');
