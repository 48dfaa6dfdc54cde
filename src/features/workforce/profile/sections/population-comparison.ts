/*
 * The population comparison (pure): the workforce's ethnicity against the local population at the
 * 2021 Census, by group, by category, by service and for managers. Counts of our people are
 * protected (src/lib/disclosure.ts) before any percentage is computed from them.
 */
import { NO_ONE, plus, protectCount, protectDerived, type Protection, type Tally } from '../../../../lib/disclosure.ts';
import { difference, percent, representationRatio } from '../measures.ts';
import { ETHNICITY_CODES, type Group } from '../profile-groups.ts';
import { current, ethnicGroupOf, tally } from '../profile-build.ts';
import { measureTable, plainTable } from '../profile-table.ts';
import type { PopulationComparison, ProfileRow, ProfileTable } from '../profile-types.ts';
import { POPULATION_SOURCE, populationByEthnicity } from '../reference.ts';
import { ETHNIC_GROUPS, ETHNICITIES, SERVICE_CODES, codeLabel } from '../../standard/standard.ts';

const KNOWN = ETHNICITY_CODES.filter((c) => ETHNICITIES.find((e) => e.code === c)?.onsCode !== null);
const sumEth = (groups: Group[], codes: string[]): Tally =>
  tally(groups, (g) => codes.reduce((b, c) => b + (g.ethnicity[c] ?? 0), 0));

/** Rows × ethnic groups as % of each row's known ethnicities, from the protected counts. */
function percentByGroup(
  id: string,
  title: string,
  rowHeader: string,
  rows: Array<{ key: string; label: string; groups: Group[] }>,
  population: Record<string, number> | null,
  protection: Protection,
): ProfileTable {
  const groupCodes = ETHNIC_GROUPS.map((g) => g.code);
  const body: ProfileRow[] = rows.map((r) => {
    const counts = groupCodes.map((code) =>
      sumEth(
        r.groups,
        KNOWN.filter((e) => ethnicGroupOf(e) === code),
      ),
    );
    const all = counts.reduce(plus, NO_ONE);
    const shownTotal = protectCount(all, protection);
    return {
      key: r.key,
      label: r.label,
      values: Object.fromEntries(
        groupCodes.map((code, j) => [
          code,
          protectDerived(percent(protectCount(counts[j]!, protection), shownTotal), [all], protection),
        ]),
      ),
    };
  });
  if (population) {
    const popTotal = KNOWN.reduce((a, e) => a + (population[e] ?? 0), 0);
    body.push({
      key: 'population',
      label: 'Local population (Census 2021)',
      values: Object.fromEntries(
        groupCodes.map((code) => [
          code,
          percent(
            KNOWN.filter((e) => ethnicGroupOf(e) === code).reduce((a, e) => a + (population[e] ?? 0), 0),
            popTotal,
          ),
        ]),
      ),
    });
  }
  return plainTable(
    id,
    title,
    rowHeader,
    ETHNIC_GROUPS.map((g) => ({ key: g.code, label: `${g.label} %`, format: 'percent' })),
    body,
    ['Percentages of people whose ethnicity is known.'],
  );
}

/** Workforce and population shares of each row, their difference and the representation ratio. */
function comparisonColumns(workforceKnown: number, popTotal: number) {
  return [
    {
      key: 'workforcePercent',
      label: 'Workforce %',
      format: 'percent' as const,
      uses: ['headcount'],
      compute: (c: Record<string, number>) => percent(c.headcount!, workforceKnown),
    },
    {
      key: 'populationPercent',
      label: 'Population %',
      format: 'percent' as const,
      uses: [],
      compute: (_c: Record<string, number>, e: Record<string, number>) =>
        e.population! < 0 ? null : percent(e.population!, popTotal),
    },
    {
      key: 'difference',
      label: 'Difference (percentage points)',
      format: 'difference' as const,
      uses: ['headcount'],
      compute: (c: Record<string, number>, e: Record<string, number>) =>
        e.population! < 0 ? null : difference(percent(c.headcount!, workforceKnown), percent(e.population!, popTotal)),
    },
    {
      key: 'ratio',
      label: 'Representation ratio',
      format: 'ratio' as const,
      uses: ['headcount'],
      compute: (c: Record<string, number>, e: Record<string, number>) =>
        e.population! < 0
          ? null
          : representationRatio(percent(c.headcount!, workforceKnown), percent(e.population!, popTotal)),
    },
  ];
}

export function buildComparison(
  groups: Group[],
  areaCode: string | null,
  protection: Protection,
): PopulationComparison {
  const now = current(groups);
  const pop = areaCode ? populationByEthnicity(areaCode) : null;
  const population = pop?.counts ?? null;
  const popTotal = population ? KNOWN.reduce((a, e) => a + (population[e] ?? 0), 0) : 0;
  const known = sumEth(now, KNOWN);
  const workforceKnown = protectCount(known, protection);
  const compareRows = (rows: Array<{ key: string; label: string; group?: string; codes: string[] }>) =>
    rows.map((r) => ({
      key: r.key,
      label: r.label,
      counts: { headcount: sumEth(now, r.codes) },
      extra: { population: population ? r.codes.reduce((a, e) => a + (population[e] ?? 0), 0) : -1 },
    }));
  const derivedColumns = comparisonColumns(workforceKnown, popTotal);
  const notes = [
    'Workforce: people whose ethnicity is known. Ratio: workforce % ÷ population % (1 = represented as in the community).',
  ];
  if (pop) notes.push(`Population: ${pop.name}, ${POPULATION_SOURCE}.`);
  const byGroup = measureTable(
    'ethnicity-comparison',
    'Ethnic groups: workforce and local population',
    'Ethnic group',
    compareRows(
      ETHNIC_GROUPS.map((g) => ({
        key: g.code,
        label: g.label,
        codes: KNOWN.filter((e) => ethnicGroupOf(e) === g.code),
      })),
    ),
    [{ key: 'headcount', label: 'Headcount', format: 'count' }],
    derivedColumns,
    protection,
    { notes },
  );
  const byCategory = measureTable(
    'ethnicity-category-comparison',
    'Ethnicity (19 categories): workforce and local population',
    'Ethnicity',
    compareRows(KNOWN.map((e) => ({ key: e, label: codeLabel(ETHNICITIES, e), codes: [e] }))),
    [{ key: 'headcount', label: 'Headcount', format: 'count' }],
    derivedColumns,
    protection,
    { notes },
  );
  const services = SERVICE_CODES.filter((s) => now.some((g) => g.service === s.code));
  return {
    area: areaCode && pop ? { code: areaCode, name: pop.name, source: POPULATION_SOURCE } : null,
    byGroup,
    byCategory,
    byService: percentByGroup(
      'ethnicity-by-service',
      'Ethnic groups by service',
      'Service',
      services.map((s) => ({ key: s.code, label: s.label, groups: now.filter((g) => g.service === s.code) })),
      population,
      protection,
    ),
    managers: percentByGroup(
      'ethnicity-managers',
      'Ethnic groups: managers and everyone else',
      'People',
      [
        { key: 'managers', label: 'Managers', groups: now.filter((g) => g.manager === 1) },
        { key: 'others', label: 'Everyone else', groups: now.filter((g) => g.manager !== 1) },
      ],
      population,
      protection,
    ),
  };
}
