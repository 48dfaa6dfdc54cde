/*
 * The reference data shipped with the product (built by scripts/build-reference-data.ts from the
 * published files; Open Government Licence v3.0): Census 2021 ethnic group population by area,
 * and the DfE children's social work workforce indicators.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseJsonAs } from '../../../lib/records.ts';
import { ETHNICITIES } from '../standard/standard.ts';
import type { LocalAuthorityOption } from './profile-types.ts';

const level = z.enum(['la', 'region', 'england']);
const populationFile = z.object({
  source: z.string(),
  attribution: z.string(),
  areas: z.record(z.string(), z.object({ name: z.string(), level, counts: z.array(z.number()) })),
});
const rate = z.number().nullable();
const cswwFile = z.object({
  source: z.string(),
  attribution: z.string(),
  areas: z.record(
    z.string(),
    z.object({
      name: z.string(),
      level,
      regionCode: z.string().nullable(),
      years: z.record(z.string(), z.tuple([rate, rate, rate, rate])),
    }),
  ),
});

/** Checked once, at start-up: a rebuilt file of the wrong shape fails here, naming the field. */
const load = <S extends z.ZodType>(schema: S, file: string): z.infer<S> =>
  parseJsonAs(schema, readFileSync(path.join(import.meta.dirname, 'reference', file), 'utf8'));
const population = load(populationFile, 'ethnic-population.json');
const csww = load(cswwFile, 'csww-indicators.json');

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
