import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inAudience, parseAudience } from '../../src/features/assessment/codes.ts';
import {
  DEFAULT_LEVELS,
  DEFAULT_STAGES,
  DEFAULT_THEMES,
  parseLevels,
} from '../../src/features/assessment/framework.ts';
import { parseDateParts } from '../../src/features/assessment/round-checks.ts';
import { invitationToken, newInvitationToken, plausibleToken } from '../../src/features/assessment/tokens.ts';
import { responseWeight } from '../../src/features/assessment/weights.ts';

describe('self-assessment collection rules', () => {
  it('ships the OCWT: 8 themes in the arc colours over the ECM base, 8 stages, 5 levels', () => {
    assert.deepEqual(
      DEFAULT_THEMES.map((t) => t.colour),
      ['red', 'orange', 'yellow', 'green', 'blue', 'indigo', 'violet', 'ecm'],
    );
    assert.equal(DEFAULT_THEMES[6]?.name, 'Capacity to deliver and keep children safe');
    assert.equal(DEFAULT_STAGES[3]?.name, 'Get it working across the workforce');
    assert.deepEqual(
      DEFAULT_LEVELS.map((l) => l.name),
      ['Very low', 'Low', 'Moderate', 'High', 'Very high'],
    );
    assert.deepEqual(parseLevels('not json'), DEFAULT_LEVELS);
  });

  it('weights a response by participants only for focus groups in rounds that say so, and only once submitted', () => {
    assert.equal(responseWeight({ status: 'submitted', source: 'focus_group', participants: 9 }, 'participants'), 9);
    assert.equal(responseWeight({ status: 'submitted', source: 'focus_group', participants: 9 }, 'one'), 1);
    assert.equal(responseWeight({ status: 'submitted', source: 'personal', participants: 1 }, 'participants'), 1);
    assert.equal(responseWeight({ status: 'in_progress', source: 'focus_group', participants: 9 }, 'participants'), 0);
  });

  it('reads GOV.UK date inputs strictly', () => {
    assert.equal(parseDateParts({ day: '29', month: '2', year: '2028' }, 'date'), '2028-02-29');
    assert.equal(parseDateParts({ day: ' 1', month: '03 ', year: '2027' }, 'date'), '2027-03-01');
    assert.deepEqual(parseDateParts({ day: '29', month: '2', year: '2027' }, 'opening date'), {
      error: 'The opening date must be a real date, like 27 3 2026',
    });
    assert.deepEqual(parseDateParts({ day: '', month: '', year: '' }, 'closing date'), {
      error: 'Enter the closing date',
    });
    assert.ok(typeof parseDateParts({ day: '1', month: '1', year: '27' }, 'date') === 'object');
  });

  it('can show an invitation link again only with the secret it was made with', () => {
    const { token, prefix, hash } = newInvitationToken('first-secret');
    assert.ok(plausibleToken(token));
    assert.ok(token.startsWith(prefix));
    assert.equal(invitationToken('first-secret', prefix, hash), token);
    assert.equal(invitationToken('another-secret', prefix, hash), null);
    assert.notEqual(newInvitationToken('first-secret').token, token);
    assert.equal(plausibleToken('<script>'), false);
  });

  it('treats empty audience lists as everyone', () => {
    const everyone = parseAudience('{}');
    assert.ok(inAudience(everyone, { id: 4, sector: 'private' }));
    const some = parseAudience(
      JSON.stringify({ organisationIds: [4, 5], sectors: ['statutory'], respondentTypes: ['leader', 'boss'] }),
    );
    assert.deepEqual(some.respondentTypes, ['leader']);
    assert.ok(inAudience(some, { id: 4, sector: 'statutory' }));
    assert.ok(!inAudience(some, { id: 4, sector: 'private' }));
    assert.ok(!inAudience(some, { id: 6, sector: 'statutory' }));
  });
});
