/** The printable register (issue 14, point 4): a tagged PDF table of everyone booked, with room to sign. */
import { artifact, group, pdfText, tagged, taggedDocument, type Doc, type Element } from '../../lib/pdf.ts';

export interface RegisterFacts {
  partnershipName: string;
  courseTitle: string;
  when: string[];
  where: string;
  people: { reference: number; name: string; organisation: string; role: string }[];
}

const COLUMNS = [
  { title: 'Ref', width: 40 },
  { title: 'Name', width: 130 },
  { title: 'Organisation', width: 120 },
  { title: 'Job role', width: 100 },
  { title: 'Signature', width: 85 },
];
const ROW = 26;
const LEFT = 40;

function headerRow(doc: Doc, table: Element, y: number) {
  const tr = group(doc, table, 'TR');
  doc.font('Helvetica-Bold').fontSize(9).fillColor('#0b0c0c');
  let x = LEFT;
  for (const c of COLUMNS) {
    const at = x;
    tagged(doc, tr, 'TH', () => doc.text(c.title, at + 3, y + 8, { width: c.width - 6 }), { scope: 'Column' });
    x += c.width;
  }
  tr.end();
  artifact(
    doc,
    () =>
      doc
        .moveTo(LEFT, y + ROW)
        .lineTo(x, y + ROW)
        .lineWidth(1)
        .stroke('#0b0c0c'),
    'Layout',
  );
}

export async function registerPdf(r: RegisterFacts): Promise<Buffer> {
  const { doc, root, finish } = taggedDocument({
    title: `Register: ${r.courseTitle}`,
    subject: r.when[0] ?? '',
    margin: LEFT,
  });
  const line = (type: string, text: string, size: number, font = 'Helvetica') =>
    tagged(doc, root, type, () => {
      doc.font(font).fontSize(size).fillColor('#0b0c0c').text(pdfText(text), LEFT, doc.y);
      doc.moveDown(0.4);
    });
  line('P', r.partnershipName, 10);
  line('H1', `Register: ${r.courseTitle}`, 18, 'Helvetica-Bold');
  for (const when of r.when) line('P', when, 11);
  if (r.where) line('P', r.where, 11);
  line(
    'P',
    `${r.people.length} booked. Sign beside your name; the trainer marks attended, partly or did not attend.`,
    10,
  );
  const table = group(doc, root, 'Table', { title: `Register of ${r.courseTitle}` });
  let y = doc.y + 6;
  headerRow(doc, table, y);
  y += ROW;
  for (const p of r.people) {
    if (y + ROW > doc.page.height - LEFT) {
      doc.addPage();
      y = LEFT;
      headerRow(doc, table, y);
      y += ROW;
    }
    const tr = group(doc, table, 'TR');
    doc.font('Helvetica').fontSize(9).fillColor('#0b0c0c');
    const cells = [String(p.reference), p.name, p.organisation, p.role];
    let x = LEFT;
    cells.forEach((text, i) => {
      const width = COLUMNS[i]?.width ?? 60;
      const at = x;
      tagged(
        doc,
        tr,
        i === 1 ? 'TH' : 'TD',
        () => doc.text(pdfText(text), at + 3, y + 8, { width: width - 6, height: ROW - 8, ellipsis: true }),
        i === 1 ? { scope: 'Row', actual: text } : { actual: text },
      );
      x += width;
    });
    group(doc, tr, 'TD', { actual: 'space to sign' }).end();
    tr.end();
    const end = x + (COLUMNS[4]?.width ?? 0);
    artifact(
      doc,
      () =>
        doc
          .moveTo(LEFT, y + ROW)
          .lineTo(end, y + ROW)
          .lineWidth(0.5)
          .stroke('#505a5f'),
      'Layout',
    );
    y += ROW;
  }
  table.end();
  return finish();
}
