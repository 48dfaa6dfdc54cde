/* The results as a PDF: the rainbow (through svg-to-pdfkit), the heat map with its numbers, and the lists. */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { heatBand } from './rainbow.ts';
import type { RoundResults } from './results-service.ts';
import { cellLabel, heatMap, rainbow } from './results-view.ts';
import { oneDecimal } from './scoring.ts';

const BAND_FILLS = ['#942514', '#d4351c', '#e8612c', '#f47738', '#ffdd00', '#c2d25c', '#85994b', '#3d8c40', '#00703c'];
const WHITE_TEXT = new Set([1, 2, 9]);

export function resultsPdf(results: RoundResults): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: `Results: ${results.round.name}`, Author: 'One Workforce' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('Helvetica-Bold').fontSize(20).text(`Self-assessment results: ${results.round.name}`);
  doc.font('Helvetica').fontSize(10).fillColor('#505a5f')
    .text(results.round.kind === 'historic' ? 'Imported past round (mean scores only).' : `${results.submitted} submitted responses, ${results.respondents} respondents counted.`)
    .fillColor('#0b0c0c');
  SVGtoPDF(doc as unknown as Parameters<typeof SVGtoPDF>[0], rainbow(results, 'pdf-rainbow'), 36, 100, { width: 360, height: 210 });

  const heat = heatMap(results);
  const left = 420; const top = 100; const nameWidth = 150; const cellWidth = 30; const rowHeight = 22;
  doc.fontSize(7).font('Helvetica-Bold');
  results.stages.forEach((s, i) => doc.text(String(s.position), left + nameWidth + i * cellWidth, top, { width: cellWidth, align: 'center' }));
  doc.text('Avg', left + nameWidth + 8 * cellWidth, top, { width: cellWidth, align: 'center' });
  heat.rows.forEach((row, r) => {
    const y = top + 12 + r * rowHeight;
    doc.font('Helvetica').fillColor('#0b0c0c').text(row.name, left, y + 3, { width: nameWidth - 4, height: rowHeight, ellipsis: true });
    row.cells.forEach((cell, i) => {
      const mean = results.cells.find((c) => c.theme === row.position && c.stage === i + 1)?.mean ?? null;
      const band = heatBand(mean);
      const x = left + nameWidth + i * cellWidth;
      doc.rect(x, y, cellWidth, rowHeight).fillAndStroke(band ? (BAND_FILLS[band - 1] as string) : '#ffffff', '#ffffff');
      doc.font('Helvetica-Bold').fontSize(8).fillColor(band && WHITE_TEXT.has(band) ? '#ffffff' : '#0b0c0c')
        .text(cell.text, x, y + 7, { width: cellWidth, align: 'center' });
    });
    doc.fillColor('#0b0c0c').text(row.average, left + nameWidth + 8 * cellWidth, y + 7, { width: cellWidth, align: 'center' });
  });
  doc.font('Helvetica').fontSize(7).text('Stages: ' + results.stages.map((s) => `${s.position} ${s.name}`).join(' · '), left, top + 12 + 8 * rowHeight + 6, { width: 380 });

  doc.addPage();
  const list = (heading: string, cells: { theme: number; stage: number; mean: number }[]) => {
    doc.font('Helvetica-Bold').fontSize(14).text(heading).moveDown(0.3);
    doc.font('Helvetica').fontSize(10);
    for (const c of cells) doc.text(`${cellLabel(results, c.theme, c.stage)}: ${oneDecimal(c.mean)}`, { indent: 10 });
    doc.moveDown();
  };
  list('What scored highly', results.highest);
  list('What scored very low', results.lowest);
  doc.font('Helvetica-Bold').fontSize(14).text('Theme averages').moveDown(0.3).font('Helvetica').fontSize(10);
  results.themes.forEach((t, i) => doc.text(`${t.name}: ${oneDecimal(results.averages.themes[i] ?? null) || 'no score'}`, { indent: 10 }));
  if (results.priorities.length) {
    doc.moveDown().font('Helvetica-Bold').fontSize(14).text('Priorities for improvement').moveDown(0.3).font('Helvetica').fontSize(10);
    for (const p of results.priorities) doc.text(`${cellLabel(results, p.theme, p.stage)}: ${p.note}`, { indent: 10 });
  }
  doc.end();
  return done;
}
