/*
 * The quarterly statement of charges per agency (issue 14, point 5): the same figures as CSV
 * (the charges, one line each, for a finance system to read), XLSX (a sheet of totals per agency
 * and a sheet of charges) and a tagged PDF.
 */
import { formatDate } from '../../lib/dates.ts';
import { group, pdfText, tagged, taggedDocument, type Doc, type Element } from '../../lib/pdf.ts';
import type { Sheet } from '../../lib/spreadsheet.ts';
import { CHARGE_KINDS } from './charges-events.ts';
import type { Quarter } from './charges-quarters.ts';
import type { AgencyTotal, ChargeLine } from './charges-service.ts';

export interface Statement {
  quarter: Quarter;
  totals: AgencyTotal[];
  charges: ChargeLine[];
}

export const pounds = (pence: number) => (pence / 100).toFixed(2);
const STATUS = { raised: 'Due', waived: 'Waived', withdrawn: 'Withdrawn' } as const;

export function statementSheets(s: Statement): Sheet[] {
  const charges: Sheet = {
    name: 'Charges',
    header: [
      'quarter',
      'agency',
      'charge_id',
      'booking_id',
      'person',
      'course',
      'date',
      'kind',
      'amount_gbp',
      'status',
      'waiver_reason',
    ],
    rows: s.charges.map((c) => [
      s.quarter.code,
      c.organisation,
      c.id,
      c.bookingId,
      c.person,
      c.course,
      c.incurredOn,
      CHARGE_KINDS[c.kind],
      pounds(c.amountPence),
      STATUS[c.status],
      c.status === 'waived' ? c.reason : '',
    ]),
  };
  const totals: Sheet = {
    name: 'Totals by agency',
    header: ['quarter', 'agency', 'charges_due', 'amount_due_gbp', 'charges_waived', 'amount_waived_gbp'],
    rows: s.totals.map((t) => [
      s.quarter.code,
      t.organisation,
      t.raisedCount,
      pounds(t.raisedPence),
      t.waivedCount,
      pounds(t.waivedPence),
    ]),
  };
  return [charges, totals];
}

function table(doc: Doc, parent: Element, header: string[], rows: string[][], widths: number[]) {
  const tableEl = group(doc, parent, 'Table');
  const left = doc.page.margins.left;
  const row = (cells: string[], kind: 'TH' | 'TD') => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 30) doc.addPage();
    const tr = group(doc, tableEl, 'TR');
    const top = doc.y;
    let x = left;
    let bottom = top;
    cells.forEach((cell, i) => {
      const width = widths[i] ?? 80;
      tagged(
        doc,
        tr,
        kind,
        () => {
          doc
            .font(kind === 'TH' ? 'Helvetica-Bold' : 'Helvetica')
            .fontSize(9)
            .fillColor('#0b0c0c')
            .text(pdfText(cell), x, top, { width: width - 6 });
          bottom = Math.max(bottom, doc.y);
        },
        kind === 'TH' ? { scope: 'Column' } : {},
      );
      x += width;
    });
    tr.end();
    doc.x = left;
    doc.y = bottom + 4;
  };
  row(header, 'TH');
  for (const cells of rows) row(cells, 'TD');
  tableEl.end();
  doc.moveDown(1);
}

export async function statementPdf(s: Statement, partnershipName: string): Promise<Buffer> {
  const { doc, root, finish } = taggedDocument({
    title: `Training charges: ${s.quarter.label}`,
    subject: partnershipName,
    layout: 'landscape',
    margin: 40,
  });
  const text = (type: string, value: string, size: number, font = 'Helvetica') =>
    tagged(doc, root, type, () => {
      doc.font(font).fontSize(size).fillColor('#0b0c0c').text(pdfText(value));
      doc.moveDown(0.5);
    });
  text('H1', `Training charges: ${s.quarter.label}`, 18, 'Helvetica-Bold');
  text('P', `${partnershipName}. Charges by agency; invoices are raised by the council's finance system.`, 10);
  text('H2', 'Totals by agency', 13, 'Helvetica-Bold');
  if (!s.totals.length) text('P', 'No charges in this quarter.', 10);
  else
    table(
      doc,
      root,
      ['Agency', 'Charges due', 'Amount due (£)', 'Charges waived', 'Amount waived (£)'],
      s.totals.map((t) => [
        t.organisation,
        String(t.raisedCount),
        pounds(t.raisedPence),
        String(t.waivedCount),
        pounds(t.waivedPence),
      ]),
      [260, 100, 110, 100, 110],
    );
  if (s.charges.length) {
    text('H2', 'Charges', 13, 'Helvetica-Bold');
    table(
      doc,
      root,
      ['Agency', 'Person', 'Course', 'Date', 'Charge', 'Amount (£)', 'Status'],
      s.charges.map((c) => [
        c.organisation,
        c.person,
        c.course,
        formatDate(c.incurredOn),
        CHARGE_KINDS[c.kind],
        pounds(c.amountPence),
        c.status === 'waived' ? `Waived: ${c.reason}` : STATUS[c.status],
      ]),
      [130, 100, 170, 80, 90, 60, 130],
    );
  }
  return finish();
}
