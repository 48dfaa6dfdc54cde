/** The board pack as a report: its blocks, title and subject, ready for DOCX or PDF. */
import { writeDocx } from '../../lib/docx.ts';
import { writeReportPdf } from '../../lib/pdf-report.ts';
import type { ReportDocument } from '../../lib/report-blocks.ts';
import { quarterLabel } from './pack-compare.ts';
import { packBlocks, packTitle } from './pack-document.ts';
import type { BoardPack } from './pack-types.ts';

export function packReport(pack: BoardPack): ReportDocument {
  return {
    title: packTitle(pack),
    subject: `Quarterly workforce report to the board, ${quarterLabel(pack.quarterEnd)}${pack.status === 'draft' ? ' (draft)' : ''}`,
    blocks: packBlocks(pack),
  };
}

export const packDocx = (pack: BoardPack): Promise<Buffer> => writeDocx(packReport(pack));
export const packPdf = (pack: BoardPack): Promise<Buffer> => writeReportPdf(packReport(pack));

/** "board-pack-2027-06-30.docx", with "-draft" while it is one. */
export const packFileName = (pack: BoardPack, extension: 'docx' | 'pdf'): string =>
  `board-pack-${pack.quarterEnd}${pack.status === 'draft' ? '-draft' : ''}.${extension}`;
