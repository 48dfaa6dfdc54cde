/** The certificate as a tagged PDF: who, what, when, hours, validity, its code and a QR code of its verification address. */
import QRCode from 'qrcode';
import { formatDate } from '../../lib/dates.ts';
import { pdfText, svgFigure, tagged, taggedDocument } from '../../lib/pdf.ts';

export interface CertificateFacts {
  name: string;
  courseTitle: string;
  date: string;
  hours: string;
  validUntil: string | null;
  code: string;
  verifyUrl: string;
  partnershipName: string;
}

export async function certificatePdf(c: CertificateFacts): Promise<Buffer> {
  const { doc, root, finish } = taggedDocument({
    title: `Certificate: ${c.courseTitle}`,
    subject: `${c.name}, ${formatDate(c.date)}`,
    layout: 'landscape',
    margin: 60,
  });
  const line = (type: string, text: string, size: number, font = 'Helvetica') =>
    tagged(doc, root, type, () => {
      doc.font(font).fontSize(size).fillColor('#0b0c0c').text(pdfText(text), { align: 'center' });
      doc.moveDown(0.6);
    });
  line('P', c.partnershipName, 14);
  line('H1', 'Certificate of attendance', 30, 'Helvetica-Bold');
  line('P', 'This certifies that', 14);
  line('P', c.name, 24, 'Helvetica-Bold');
  line('P', `attended ${c.courseTitle}`, 16);
  line('P', `on ${formatDate(c.date)}: ${c.hours} of learning.`, 14);
  line(
    'P',
    c.validUntil ? `Valid until ${formatDate(c.validUntil)}, when a refresher is due.` : 'No refresher is needed.',
    12,
  );
  line('P', `Certificate code ${c.code}. Check it at ${c.verifyUrl}`, 11);
  const svg = await QRCode.toString(c.verifyUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  const size = 110;
  svgFigure(doc, root, svg, `QR code of the address that verifies certificate ${c.code}`, {
    x: (doc.page.width - size) / 2,
    y: doc.y + 8,
    width: size,
    height: size,
  });
  return finish();
}
