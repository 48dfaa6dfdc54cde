/* Trends: every headline measure across the census dates held, and the change from the first to the latest. */
import { protectCount, protectDerived, protectFte, type Protection, type Tally } from '../../../../lib/disclosure.ts';
import { SUPPRESSED, type Shown } from '../../../../lib/suppression.ts';
import { formatDate } from '../../../../lib/dates.ts';
import { absenceRate, agencyRate, oneDecimal, percent, turnoverRate, vacancyRate } from '../measures.ts';
import { HEADLINE } from '../headline.ts';
import type { TrendPoint } from '../profile-groups.ts';
import { plainTable } from '../profile-table.ts';
import type { ProfileRow, Trends } from '../profile-types.ts';
import { trendLines } from './charts.ts';
import { block, type ProfileSection } from './section.ts';

interface TrendMeasure {
  key: string;
  label: string;
  format: 'count' | 'fte' | 'percent';
  value(p: TrendPoint): Shown<number> | null;
}

/** Each headline measure of one census date's sums, from protected counts and FTE. */
function trendMeasures(pr: Protection, workingDays: number): TrendMeasure[] {
  const fte = (v: number, t: Tally) => protectFte(v, t, pr);
  const rate = (v: number | null, ...ts: Tally[]): Shown<number> | null => protectDerived(v, ts, pr);
  const shown = (p: TrendPoint) => ({
    fteInPost: fte(p.fteInPost, p.inPost),
    leaversFte: fte(p.leaversFte, p.leavers),
    agencyFte: fte(p.agencyFte, p.agency),
    sick: p.fteInPost > 0 ? (p.sick / p.fteInPost) * fte(p.fteInPost, p.inPost) : 0,
  });
  return [
    {
      key: 'headcount',
      label: HEADLINE.headcount.label,
      format: 'count',
      value: (p) => protectCount(p.inPost, pr),
    },
    { key: 'fteInPost', label: HEADLINE.fteInPost.label, format: 'fte', value: (p) => shown(p).fteInPost },
    { key: 'leaversFte', label: HEADLINE.leaversFte.label, format: 'fte', value: (p) => shown(p).leaversFte },
    { key: 'agencyFte', label: HEADLINE.agencyFte.label, format: 'fte', value: (p) => shown(p).agencyFte },
    { key: 'vacancyFte', label: 'Vacancies FTE', format: 'fte', value: (p) => oneDecimal(p.vacancyFte) },
    {
      key: 'turnoverRate',
      label: 'Turnover rate %',
      format: 'percent',
      value: (p) => rate(turnoverRate(shown(p).leaversFte, shown(p).fteInPost), p.inPost),
    },
    {
      key: 'vacancyRate',
      label: 'Vacancy rate %',
      format: 'percent',
      value: (p) => rate(vacancyRate(p.vacancyFte, shown(p).fteInPost), p.inPost),
    },
    {
      key: 'agencyRate',
      label: 'Agency rate %',
      format: 'percent',
      value: (p) => rate(agencyRate(shown(p).agencyFte, shown(p).fteInPost), p.inPost),
    },
    {
      key: 'absenceRate',
      label: 'Absence rate %',
      format: 'percent',
      value: (p) => rate(absenceRate(shown(p).sick, shown(p).fteInPost, workingDays), p.inPost),
    },
    {
      key: 'aged55PlusPercent',
      label: '% aged 55 or over',
      format: 'percent',
      value: (p) => rate(percent(protectCount(p.aged55, pr), protectCount(p.agedKnown, pr)), p.agedKnown),
    },
    {
      key: 'level3PlusPercent',
      label: '% qualified to level 3 or above',
      format: 'percent',
      value: (p) => rate(percent(protectCount(p.level3, pr), protectCount(p.levelKnown, pr)), p.levelKnown),
    },
  ];
}

export function buildTrends(points: TrendPoint[], protection: Protection, workingDays: number): Trends {
  const measures = trendMeasures(protection, workingDays);
  const dates = points.map((p) => p.censusDate);
  const rows: ProfileRow[] = measures.map((m) => {
    const values: ProfileRow['values'] = Object.fromEntries(points.map((p) => [p.censusDate, m.value(p)]));
    const [firstDate, lastDate] = points.length > 1 ? [dates[0], dates.at(-1)] : [];
    const first = firstDate === undefined ? null : values[firstDate];
    const last = lastDate === undefined ? null : values[lastDate];
    values.change =
      first === SUPPRESSED || last === SUPPRESSED
        ? SUPPRESSED
        : typeof first === 'number' && typeof last === 'number'
          ? oneDecimal(last - first)
          : null;
    return { key: m.key, label: m.label, values };
  });
  const table = plainTable(
    'trends',
    'Measures across census dates',
    'Measure',
    [
      ...dates.map((d) => ({ key: d, label: formatDate(d), format: 'count' as const })),
      { key: 'change', label: 'Change', format: 'difference' as const },
    ],
    rows,
    ['Change: the latest census date minus the first (percentage points for rates).'],
  );
  return { censusDates: dates, table };
}

export const trends: ProfileSection = {
  slug: 'trends',
  title: 'Trends',
  intro: 'Every headline measure across the census dates held, and the change.',
  blocks: (profile) => [block(profile.trends.table, trendLines(profile))],
  shownWhenEmpty: true,
};
