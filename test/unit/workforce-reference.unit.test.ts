import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  ENGLAND_CODE,
  localAuthorities,
  populationByEthnicity,
  publishedRates,
} from '../../src/features/workforce/profile/reference.ts';

const referenceFile = (name: string) =>
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, '../../src/features/workforce/profile/reference', name), 'utf8'),
  ) as { areas: Record<string, { name: string; level: 'la' | 'region' | 'england' }> };

describe('workforce reference data: England only', () => {
  for (const file of ['ethnic-population.json', 'csww-indicators.json']) {
    it(`${file} holds English areas only, and England alone is the national level`, () => {
      const areas = referenceFile(file).areas;
      assert.deepEqual(
        Object.keys(areas).filter((code) => !code.startsWith('E')),
        [],
        'no Welsh (W…) or other-nation area',
      );
      assert.deepEqual(
        Object.entries(areas)
          .filter(([, a]) => a.level === 'england')
          .map(([code, a]) => `${code} ${a.name}`),
        [`${ENGLAND_CODE} England`],
      );
    });
  }

  it('offers only English upper-tier local authorities to choose from, never a Welsh one', () => {
    const offered = localAuthorities();
    assert.deepEqual(
      offered.filter((la) => la.code.startsWith('W')),
      [],
    );
    assert.ok(
      offered.every((la) => /^E(06|08|09|10)\d{6}$/.test(la.code)),
      'unitary, metropolitan, London borough or county',
    );
    assert.ok(offered.some((la) => la.code === 'E06000019' && la.name === 'Herefordshire'));
    assert.equal(offered.length, 153, 'the 153 upper-tier local authorities in England (2023 boundaries)');
    assert.equal(populationByEthnicity('W06000015'), null, 'Cardiff is not a comparison area');
  });

  it('keeps England’s Census 2021 population and DfE figures unchanged', () => {
    const england = populationByEthnicity(ENGLAND_CODE);
    assert.equal(
      Object.values(england?.counts ?? {}).reduce((a, b) => a + b, 0),
      56_490_048,
      'England’s usual residents, Census 2021',
    );
    assert.equal(publishedRates(ENGLAND_CODE, '2023')?.turnover, 15.9);
  });
});
