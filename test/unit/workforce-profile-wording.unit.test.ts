import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyNotice } from '../../src/features/workforce/profile/profile-view.ts';
import { benchmarkYearSentence } from '../../src/features/workforce/profile/sections/benchmarks.ts';
import { sectionHasFigures, sectionNotes } from '../../src/features/workforce/profile/sections/index.ts';
import {
  largestGapSentence,
  projectionTurnoverSentence,
} from '../../src/features/workforce/profile/sections/projections.ts';
import { fixtureProfile } from '../support/profile-fixture.ts';

describe('the profile explains itself (issue 10.8)', () => {
  it('names the year of DfE’s figures beside the census date', () => {
    const text = benchmarkYearSentence(fixtureProfile());
    assert.match(text, /This partnership's rates are for the census date 30 September 2026\./);
    assert.match(text, /DfE's are the latest published: 2023, an earlier year/);
  });

  it('says which turnover the projections use and why it differs from the headline rate', () => {
    const base = fixtureProfile();
    const profile = fixtureProfile({
      measures: { ...base.measures, turnoverRate: 17.7 },
      projections: { ...base.projections, retirementAge: 66, turnoverRate: 12.3 },
    });
    const text = projectionTurnoverSentence(profile);
    assert.match(text, /People reach retirement at 66\./);
    assert.match(text, /the turnover rate without retirements: 12\.3% a year/);
    assert.match(text, /The headline turnover rate, 17\.7%, counts retirements as well/);
    assert.match(text, /not counted twice/);
  });

  it('puts the largest gap in words, above and below the whole FTE', () => {
    assert.equal(
      largestGapSentence({ kind: 'jobRole', key: 'senco', label: 'SENCO', percent10: 327.7 }),
      'Over the next 10 years, SENCO has the most to recruit for its size: the equivalent of 3.3 times its current FTE (327.7%), to replace the people who retire or leave. This is more than its whole workforce because the people recruited to replace leavers leave too, at the same rate.',
    );
    assert.match(
      largestGapSentence({ kind: 'service', key: 'health', label: 'Health', percent10: 61.5 })!,
      /Health has the most to recruit for its size: about 6 in 10 of its current FTE \(61\.5%\)/,
    );
    assert.equal(largestGapSentence(null), null);
    assert.equal(sectionNotes('projections', fixtureProfile()).length, 2);
  });

  it('says a filter matches nobody instead of drawing charts of zeros', () => {
    const full = fixtureProfile();
    assert.equal(emptyNotice(full), null);
    assert.equal(sectionHasFigures('people', full), true);
    const empty = fixtureProfile({ empty: true });
    assert.equal(
      emptyNotice(empty),
      'Nobody in the workforce matches these filters at the census date 30 September 2026, so there are no figures or charts to show. Change the filters or clear them.',
    );
    assert.equal(sectionHasFigures('people', empty), false);
    assert.equal(sectionHasFigures('benchmarks', empty), true, 'published figures do not depend on the filters');
    const none = fixtureProfile({ empty: true, filters: { ...full.filters, censusDate: null } });
    assert.match(emptyNotice(none)!, /No workforce return has been submitted yet/);
  });
});
