/*
 * The risk register's conventions (docs/domain.md "Risk register", docs/adr/0023):
 * - likelihood and impact are each 1 (rare / negligible) to 5 (almost certain / severe); the
 *   inherent score is likelihood × impact, 1–25, as in SimpleRisk's and eramba's 5×5 matrices;
 * - levels follow SimpleRisk's thresholds on its 0–10 scale (Low from 0, Medium from 4, High
 *   from 7), i.e. score × 10 / 25: Low 1–9, Medium 10–17, High 18–25;
 * - the owner sets a target: the likelihood and impact once every mitigating action has
 *   worked. The residual likelihood and impact fall from the inherent towards the target only in
 *   proportion to the linked plan actions that are complete (their latest update says 100%), so
 *   a risk cannot claim mitigation that has not been evidenced; with no linked action it stays
 *   inherent.
 * - a risk whose residual score is above its priority's appetite is flagged.
 */
import { escapeXml } from '../../lib/charts.ts';

export const LIKELIHOOD_NAMES = ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'];
export const IMPACT_NAMES = ['Negligible', 'Minor', 'Moderate', 'Major', 'Severe'];

export type RiskLevel = 'Low' | 'Medium' | 'High';

export function riskLevel(score: number): RiskLevel {
  const normalised = (score * 10) / 25;
  if (normalised >= 7) return 'High';
  if (normalised >= 4) return 'Medium';
  return 'Low';
}

export interface Mitigation {
  linked: number;
  complete: number;
}

export interface Scores {
  likelihood: number;
  impact: number;
}

/**
 * The residual likelihood and impact: each moves from inherent towards its target by the share
 * of linked actions that are complete (rounded to the nearest whole step), never past the target
 * and never up.
 */
export function residual(inherent: Scores, target: Scores, mitigation: Mitigation): Scores & { score: number } {
  const share = mitigation.linked ? mitigation.complete / mitigation.linked : 0;
  const towards = (from: number, to: number) => (to >= from ? from : Math.round(from - (from - to) * share));
  const likelihood = towards(inherent.likelihood, target.likelihood);
  const impact = towards(inherent.impact, target.impact);
  return { likelihood, impact, score: likelihood * impact };
}

const CELL = 56;
const LEFT = 130;
const TOP = 16;
const FILL: Record<RiskLevel, string> = { Low: '#cce2d8', Medium: '#fff7bf', High: '#f4cdc6' };

/**
 * A 5×5 heat map (likelihood up, impact across) with the number of risks in each cell. The
 * table beside it carries the same numbers; colours are pale, with the level named in the table.
 */
export function riskHeatMap(id: string, title: string, counts: number[][]): string {
  const width = LEFT + CELL * 5 + 8;
  const height = TOP + CELL * 5 + 48;
  const cells: string[] = [];
  for (let l = 5; l >= 1; l--) {
    const y = TOP + (5 - l) * CELL;
    cells.push(
      `<text x="${LEFT - 8}" y="${y + CELL / 2 + 5}" text-anchor="end" font-size="14" fill="#0b0c0c">${l} ${escapeXml(LIKELIHOOD_NAMES[l - 1] ?? '')}</text>`,
    );
    for (let i = 1; i <= 5; i++) {
      const x = LEFT + (i - 1) * CELL;
      const count = counts[l - 1]?.[i - 1] ?? 0;
      cells.push(
        `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${FILL[riskLevel(l * i)]}" stroke="#0b0c0c" stroke-width="1"/>`,
        `<text x="${x + CELL / 2}" y="${y + CELL / 2 + 6}" text-anchor="middle" font-size="${count ? 19 : 14}" font-weight="${count ? 'bold' : 'normal'}" fill="#0b0c0c">${count || '·'}</text>`,
      );
    }
  }
  for (let i = 1; i <= 5; i++)
    cells.push(
      `<text x="${LEFT + (i - 0.5) * CELL}" y="${TOP + CELL * 5 + 18}" text-anchor="middle" font-size="14" fill="#0b0c0c">${i}</text>`,
    );
  cells.push(
    `<text x="${LEFT + CELL * 2.5}" y="${TOP + CELL * 5 + 40}" text-anchor="middle" font-size="14" fill="#0b0c0c">Impact (1 negligible to 5 severe)</text>`,
  );
  const total = counts.flat().reduce((a, b) => a + b, 0);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" class="ow-risk-heatmap"><title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${total} ${total === 1 ? 'risk' : 'risks'} by likelihood (rows, 5 at the top) and impact (columns); the same figures are in the table that follows.</desc>${cells.join('')}</svg>`;
}

/** Counts of risks per likelihood (row 0 = 1) and impact (column 0 = 1). */
export function heatMapCounts(scores: Scores[]): number[][] {
  const counts = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
  for (const s of scores) {
    const row = counts[s.likelihood - 1];
    if (row && s.impact >= 1 && s.impact <= 5) row[s.impact - 1] = (row[s.impact - 1] ?? 0) + 1;
  }
  return counts;
}
