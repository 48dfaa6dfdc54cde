/*
 * The reference data shipped with the product (built by scripts/build-reference-data.ts from the
 * published files; Open Government Licence v3.0): Census 2021 ethnic group population by area,
 * and the DfE children's social work workforce indicators.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ETHNICITIES } from '../standard/standard.ts';
import type { LocalAuthorityOption } from './profile-types.ts';

type Level = 'la' | 'region' | 'england';
interface PopulationFile {
  source: string;
  attribution: string;
  areas: Record<string, { name: string; level: Level; counts: number[] }>;
}
type Rates = [number | null, number | null, number | null, number | null];
interface CswwFile {
  source: string;
  attribution: string;
  areas: Record<string, { name: string; level: Level; regionCode: string | null; years: Record<string, Rates> }>;
}

const load = <T>(file: string): T =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, 'reference', file), 'utf8')) as T;
const population = load<PopulationFile>('ethnic-population.json');
const csww = load<CswwFile>('csww-indicators.json');

export const ENGLAND_CODE = 'E92000001';
export const POPULATION_SOURCE = population.source;
export const CSWW_SOURCE = csww.source;
export const REFERENCE_ATTRIBUTIONS = [
  `${population.source}. ${population.attribution}`,
  `${csww.source}. ${csww.attribution}`,
];

/** Usual residents by ethnicity code (standard.ts codes), for an area; null when unknown. */
export function populationByEthnicity(areaCode: string): { name: string; counts: Record<string, number> } | null {
  const area = population.areas[areaCode];
  if (!area) return null;
  const counts: Record<string, number> = {};
  for (const e of ETHNICITIES) if (e.onsCode !== null) counts[e.code] = area.counts[e.onsCode - 1] ?? 0;
  return { name: area.name, counts };
}

/** England's upper-tier local authority codes: unitary (E06), metropolitan district (E08), London borough (E09), county (E10). */
const ENGLISH_UPPER_TIER = /^E(06|08|09|10)\d{6}$/;

/** Upper-tier local authorities in England, by name (never Welsh ones, W06…, nor districts, E07…). */
export function localAuthorities(): LocalAuthorityOption[] {
  return Object.entries(population.areas)
    .filter(([code, a]) => a.level === 'la' && ENGLISH_UPPER_TIER.test(code))
    .map(([code, a]) => ({ code, name: a.name, regionCode: csww.areas[code]?.regionCode ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export const localAuthorityName = (code: string): string | null =>
  population.areas[code]?.name ?? csww.areas[code]?.name ?? null;

export interface PublishedRates {
  code: string;
  name: string;
  turnover: number | null;
  agency: number | null;
  vacancy: number | null;
  absence: number | null;
}

/** The latest year DfE published for England. */
export const latestCswwYear = (): string =>
  Object.keys(csww.areas[ENGLAND_CODE]?.years ?? {})
    .sort()
    .at(-1) ?? '2023';

export function publishedRates(code: string, year: string): PublishedRates | null {
  const area = csww.areas[code];
  if (!area) return null;
  const [turnover, agency, vacancy, absence] = area.years[year] ?? [null, null, null, null];
  return { code, name: area.name, turnover, agency, vacancy, absence };
}

export const regionOf = (laCode: string): string | null => csww.areas[laCode]?.regionCode ?? null;
