/*
 * The results as a tagged PDF: the rainbow (through svg-to-pdfkit) as a figure with the rainbow's
 * own text alternative, the heat map as a table with its numbers (the colour fills are artifacts),
 * and the lists.
 */
import {
  artifact,
  group,
  pdfText,
  svgFigure,
  svgTextAlternative,
  tagged,
  taggedDocument,
  type Doc,
  type Element,
} from '../../lib/pdf.ts';
import { heatBand } from './rainbow.ts';
import type { RoundResults } from './results-service.ts';
import { cellLabel, heatMap, NOT_ATTRIBUTED, rainbow } from './results-view.ts';
import { oneDecimal } from './scoring.ts';

const BAND_FILLS = ['#942514', '#d4351c', '#e8612c', '#f47738', '#ffdd00', '#c2d25c', '#85994b', '#3d8c40', '#00703c'];
const WHITE_TEXT = new Set([1, 2, 9]);
const NO_SCORE = 'no score';

// Where the heat map sits on the landscape page, in points.
const [left, top, nameWidth, cellWidth, rowHeight] = [420, 100, 150, 30, 22];

/** The heat map's header row: a blank corner, the stage numbers and "Avg". */
function drawHeatMapHeader(doc: Doc, table: Element, results: RoundResults): void {
  const header = group(doc, table, 'TR');
  group(doc, header, 'TH', { scope: 'Column', title: 'Theme' }).end(); // the corner cell has no printed text
  doc.fontSize(7).font('Helvetica-Bold');
  results.stages.forEach((s, i) =>
    tagged(
      doc,
      header,
      'TH',
      () => doc.text(String(s.position), left + nameWidth + i * cellWidth, top, { width: cellWidth, align: 'center' }),
      { scope: 'Column', actual: `Stage ${s.position}` },
    ),
  );
  tagged(
    doc,
    header,
    'TH',
    () => doc.text('Avg', left + nameWidth + 8 * cellWidth, top, { width: cellWidth, align: 'center' }),
    { scope: 'Column', actual: 'Average' },
  );
  header.end();
}

function drawHeatMap(doc: Doc, parent: Element, results: RoundResults): void {
  const heat = heatMap(results);
  const table = group(doc, parent, 'Table', { title: 'Heat map of mean scores by theme and stage' });
  drawHeatMapHeader(doc, table, results);
  heat.rows.forEach((row, r) => {
    const y = top + 12 + r * rowHeight;
    const tr = group(doc, table, 'TR');
    doc.font('Helvetica').fillColor('#0b0c0c');
    // the printed name may be cut short with an ellipsis: screen readers get it whole
    tagged(
      doc,
      tr,
      'TH',
      () => doc.text(pdfText(row.name), left, y + 3, { width: nameWidth - 4, height: rowHeight, ellipsis: true }),
      { scope: 'Row', actual: row.name },
    );
    row.cells.forEach((cell, i) => {
      const mean = results.cells.find((c) => c.theme === row.position && c.stage === i + 1)?.mean ?? null;
      const band = heatBand(mean);
      const x = left + nameWidth + i * cellWidth;
      artifact(doc, () =>
        doc
          .rect(x, y, cellWidth, rowHeight)
          .fillAndStroke((band ? BAND_FILLS[band - 1] : undefined) ?? '#ffffff', '#ffffff'),
      );
      doc
        .font('Helvetica-Bold')
        .fontSize(8)
        .fillColor(band && WHITE_TEXT.has(band) ? '#ffffff' : '#0b0c0c');
      tagged(
        doc,
        tr,
        'TD',
        () => doc.text(cell.text, x, y + 7, { width: cellWidth, align: 'center' }),
        cell.empty ? { actual: NO_SCORE } : {},
      );
    });
    doc.fillColor('#0b0c0c');
    tagged(
      doc,
      tr,
      'TD',
      () => doc.text(row.average, left + nameWidth + 8 * cellWidth, y + 7, { width: cellWidth, align: 'center' }),
      row.average === '–' ? { actual: NO_SCORE } : {},
    );
    tr.end();
  });
  table.end();
  doc.font('Helvetica').fontSize(7);
  tagged(doc, parent, 'P', () =>
    doc.text(
      pdfText('Stages: ' + results.stages.map((s) => `${s.position} ${s.name}`).join(' · ')),
      left,
      top + 12 + 8 * rowHeight + 6,
      { width: 380 },
    ),
  );
}

/** A heading and its lines, each line a list item (printed indented, without bullets, as before). */
function headedList(doc: Doc, parent: Element, heading: string, lines: string[]): void {
  doc.font('Helvetica-Bold').fontSize(14);
  tagged(doc, parent, 'H2', () => doc.text(heading));
  doc.moveDown(0.3).font('Helvetica').fontSize(10);
  if (lines.length === 0) return;
  const list = group(doc, parent, 'L');
  for (const line of lines) {
    const item = group(doc, list, 'LI');
    tagged(doc, item, 'LBody', () => doc.text(pdfText(line), { indent: 10 }));
    item.end();
  }
  list.end();
}

/** Each evidence note with its theme and organisation (or why the organisation is not named). */
const evidenceLines = (results: RoundResults) =>
  results.evidence.map(
    (e) =>
      `${results.themes[e.theme - 1]?.name ?? `Theme ${e.theme}`} (${e.organisation ?? NOT_ATTRIBUTED}): ${e.note}`,
  );

export function resultsPdf(results: RoundResults): Promise<Buffer> {
  const { doc, root, finish } = taggedDocument({
    title: `Results: ${results.round.name}`,
    layout: 'landscape',
    margin: 36,
  });

  doc.font('Helvetica-Bold').fontSize(20);
  tagged(doc, root, 'H1', () => doc.text(pdfText(`Self-assessment results: ${results.round.name}`)));
  doc.font('Helvetica').fontSize(10).fillColor('#505a5f');
  tagged(doc, root, 'P', () =>
    doc.text(
      results.round.kind === 'historic'
        ? 'Imported past round (mean scores only).'
        : `${results.submitted} submitted responses, ${results.respondents} respondents counted.`,
    ),
  );
  doc.fillColor('#0b0c0c');
  const svg = rainbow(results, 'pdf-rainbow');
  svgFigure(doc, root, svg, svgTextAlternative(svg), { x: 36, y: 100, width: 360, height: 210 });
  drawHeatMap(doc, root, results);

  doc.addPage();
  const cellLines = (cells: { theme: number; stage: number; mean: number }[]) =>
    cells.map((c) => `${cellLabel(results, c.theme, c.stage)}: ${oneDecimal(c.mean)}`);
  headedList(doc, root, 'What scored highly', cellLines(results.highest));
  doc.moveDown();
  headedList(doc, root, 'What scored very low', cellLines(results.lowest));
  doc.moveDown();
  headedList(
    doc,
    root,
    'Theme averages',
    results.themes.map((t, i) => `${t.name}: ${oneDecimal(results.averages.themes[i] ?? null) || NO_SCORE}`),
  );
  if (results.priorities.length) {
    doc.moveDown();
    headedList(
      doc,
      root,
      'Priorities for improvement',
      results.priorities.map((p) => `${cellLabel(results, p.theme, p.stage)}: ${p.note}`),
    );
  }
  if (results.evidence.length) {
    doc.moveDown();
    headedList(doc, root, 'Evidence notes', evidenceLines(results));
  }
  return finish();
}
