import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tasksFor } from '../../src/features/home/tasks.ts';

describe('home page tasks', () => {
  it('gives a partnership administrator the set-up tasks first', () => {
    const tasks = tasksFor('partnership_admin').map((t) => t.href);
    assert.equal(tasks[0], '/admin/users');
    assert.ok(tasks.includes('/admin/audit'));
  });

  it('gives a data lead the workforce return and no administration', () => {
    const tasks = tasksFor('data_lead');
    assert.ok(tasks.some((t) => t.text.includes('workforce return')));
    assert.ok(!tasks.some((t) => t.href.startsWith('/admin')));
  });

  it('gives a viewer reading tasks only', () => {
    const texts = tasksFor('viewer').map((t) => t.text).join(' ');
    assert.match(texts, /Read the partnership’s workforce profile/);
    assert.doesNotMatch(texts, /Update the strategy/);
  });
});
