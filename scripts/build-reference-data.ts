/*
 * Builds the compact reference data the workforce profile ships with, from the published files
 * (in the directory given; docs/domain.md §6 names them): ONS Census 2021 ethnic group (TS021) by upper-tier local
 * authority, region and England (English areas only); DfE children's social work workforce indicators 2017–2023.
 * Usage: node scripts/build-reference-data.ts <data directory>
 * Writes src/features/workforce/profile/reference/{ethnic-population,csww-indicators}.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('Give the directory that holds the ONS and DfE CSV files: node scripts/build-reference-data.ts <dir>');
  process.exit(2);
}
const outDir = path.resolve(import.meta.dirname, '../src/features/workforce/profile/reference');
const ATTRIBUTION = 'Contains public sector information licensed under the Open Government Licence v3.0.';

// An England product: the ONS files also hold Wales (W92000004 as a country and as a region) and
// the Welsh local authorities (W06…); only English areas (E…) are kept, so 'england' is England alone.
const inEngland = (code: string | undefined): code is string => code !== undefined && code.startsWith('E');

const read = (file: string): string[][] =>
  Papa.parse<string[]>(readFileSync(path.join(dataDir, file), 'utf8').replace(/^\uFEFF/, ''), {
    delimiter: ',',
    skipEmptyLines: true,
  }).data.slice(1);

// Ethnic population: counts by ONS TS021 code 1..19 per area.
const areas: Record<string, { name: string; level: 'la' | 'region' | 'england'; counts: number[] }> = {};
for (const [file, level] of [
  ['ons-ethnic-population-nat.csv', 'england'],
  ['ons-ethnic-population-reg.csv', 'region'],
  ['ons-ethnic-population-la.csv', 'la'],
] as const) {
  for (const [code, name, category, , observation] of read(file)) {
    if (!inEngland(code)) continue;
    const n = Number(category);
    if (!(n >= 1 && n <= 19)) continue; // -8 "Does not apply"
    const area = (areas[code] ??= { name: name!, level, counts: new Array<number>(19).fill(0) });
    area.counts[n - 1] = Number(observation);
  }
}
writeFileSync(
  path.join(outDir, 'ethnic-population.json'),
  `${JSON.stringify({
    source: 'Office for National Statistics, Census 2021, TS021 Ethnic group (usual residents)',
    attribution: ATTRIBUTION,
    categories: 'counts[i] is ONS TS021 ethnic group code i+1 (1 Bangladeshi … 19 Any other ethnic group)',
    areas,
  })}\n`,
);

// CSWW indicators: the four rates (null where DfE published a symbol) by area and year.
const num = (v: string | undefined): number | null =>
  v !== undefined && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : null;
const csww: Record<
  string,
  {
    name: string;
    level: 'la' | 'region' | 'england';
    regionCode: string | null;
    years: Record<string, [number | null, number | null, number | null, number | null]>;
  }
> = {};
for (const row of read('csww_indicators_2017_to_2023.csv')) {
  const [year, , level, countryCode, , regionCode, regionName, , laCode, laName] = row;
  const kind = level === 'National' ? 'england' : level === 'Regional' ? 'region' : 'la';
  const code = kind === 'england' ? countryCode! : kind === 'region' ? regionCode! : laCode!;
  if (!inEngland(code)) continue;
  const name = kind === 'england' ? 'England' : kind === 'region' ? regionName! : laName!;
  const area = (csww[code] ??= { name, level: kind, regionCode: kind === 'la' ? regionCode! : null, years: {} });
  // columns: turnover_rate_fte 16, agency_rate_fte 20, vacancy_rate_fte 25, absence_rate_fte 31
  area.years[year!] = [num(row[16]), num(row[20]), num(row[25]), num(row[31])];
}
writeFileSync(
  path.join(outDir, 'csww-indicators.json'),
  `${JSON.stringify({
    source: "Department for Education, Children's social work workforce statistics, 2017 to 2023",
    attribution: ATTRIBUTION,
    values:
      'years[year] = [turnover rate FTE %, agency rate FTE %, vacancy rate FTE %, absence rate FTE %]; null = not published',
    areas: csww,
  })}\n`,
);
console.log(
  `Wrote ${Object.keys(areas).length} population areas and ${Object.keys(csww).length} CSWW areas to ${outDir}`,
);
