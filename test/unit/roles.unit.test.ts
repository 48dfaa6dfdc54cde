import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { can, CAPABILITIES, ROLE_CAPABILITIES, ROLE_CODES, rolesMarkdown } from '../../src/auth/roles.ts';

describe('roles and capabilities', () => {
  it('docs/roles.md is generated from the current table', () => {
    assert.equal(
      readFileSync(new URL('../../docs/roles.md', import.meta.url), 'utf8'),
      rolesMarkdown(),
      'docs/roles.md is out of date: run node scripts/generate-roles-doc.ts',
    );
  });

  it('gives every role the basics and only known capabilities', () => {
    for (const role of ROLE_CODES) {
      assert.ok(can(role, 'home:view'));
      assert.ok(can(role, 'account:manage-own'));
      for (const capability of ROLE_CAPABILITIES[role]) assert.ok(capability in CAPABILITIES);
    }
  });

  it('keeps administration to administrators', () => {
    const managers = ROLE_CODES.filter((r) => can(r, 'users:manage'));
    assert.deepEqual(managers.sort(), ['partnership_admin', 'system_admin']);
    assert.deepEqual(
      ROLE_CODES.filter((r) => can(r, 'partnerships:manage')),
      ['system_admin'],
    );
  });

  it('lets a data lead submit only their own organisation’s return and not see aggregates', () => {
    assert.ok(can('data_lead', 'workforce:submit-own'));
    assert.ok(!can('data_lead', 'workforce:submit-any'));
    assert.ok(!can('data_lead', 'workforce:view-aggregate'));
  });

  it('treats unknown roles as having no capabilities', () => {
    assert.equal(can('superuser', 'home:view'), false);
  });
});
