import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tasksFor } from '../../src/features/home/tasks.ts';

describe('home page tasks', () => {
  it('gives a partnership administrator the set-up tasks first', () => {
    const tasks = tasksFor('partnership_admin').map((t) => t.href);
    assert.equal(tasks[0], '/admin/users');
    assert.ok(tasks.includes('/admin/audit'));
    const texts = tasksFor('partnership_admin')
      .map((t) => t.text)
      .join(' ');
    assert.match(texts, /Read the partnership’s workforce profile/);
    assert.doesNotMatch(texts, /your organisation’s workforce profile/);
  });

  it('gives a data lead the workforce return and no administration', () => {
    const tasks = tasksFor('data_lead');
    assert.ok(tasks.some((t) => t.text.includes('workforce return')));
    assert.ok(!tasks.some((t) => t.href.startsWith('/admin')));
    assert.ok(tasks.some((t) => t.href === '/workforce/profile' && t.text.includes('your organisation')));
  });

  it('gives a viewer reading tasks only', () => {
    const texts = tasksFor('viewer')
      .map((t) => t.text)
      .join(' ');
    assert.match(texts, /Read the partnership’s workforce profile/);
    assert.ok(tasksFor('viewer').some((t) => t.href === '/workforce/profile'));
    assert.doesNotMatch(texts, /self-assessment results/);
    assert.doesNotMatch(texts, /Update the strategy/);
  });

  it('sends steering group members to read the plan and update their own actions, and the manager to edit it', () => {
    const steering = tasksFor('steering_member').map((t) => t.text);
    assert.ok(steering.includes('Read the strategy and action plan'));
    assert.ok(steering.includes('Update the actions you lead'));
    assert.ok(!steering.includes('Update the strategy and action plan'));
    const admin = tasksFor('partnership_admin').map((t) => t.text);
    assert.ok(admin.includes('Update the strategy and action plan'));
    assert.ok(!admin.includes('Update the actions you lead'));
  });
});

describe('home page tasks for the strategy and action plan', () => {
  const hrefs = (role: string) => tasksFor(role).map((t) => t.href);

  it('gives the plan’s editor its quarterly work: exceptions, indicators, the pooled budget and governance', () => {
    const admin = hrefs('partnership_admin');
    for (const href of ['/plan', '/plan/actions/exceptions', '/plan/indicators', '/plan/funding', '/plan/groups'])
      assert.ok(admin.includes(href), href);
    assert.ok(!admin.includes('/plan/my-actions'), 'an editor updates any action from the plan');
  });

  it('gives every other plan reader the plan, the exceptions and their own actions, and nothing to edit', () => {
    for (const role of ['steering_member', 'data_lead', 'training_coordinator', 'viewer', 'training_contact']) {
      assert.deepEqual(
        hrefs(role).filter((h) => h.startsWith('/plan')),
        ['/plan', '/plan/actions/exceptions', '/plan/my-actions'],
        role,
      );
      assert.ok(
        tasksFor(role).some((t) => t.text === 'See which plan actions need attention'),
        role,
      );
    }
    assert.ok(!hrefs('practitioner').some((h) => h.startsWith('/plan')));
  });
});

describe('home page tasks for training', () => {
  it('gives a practitioner booking their own training and nothing else', () => {
    assert.deepEqual(
      tasksFor('practitioner').map((t) => t.href),
      ['/training'],
    );
  });

  it('gives an organisation training contact booking for their staff, and a coordinator managing instead', () => {
    assert.ok(tasksFor('training_contact').some((t) => t.href === '/training/bookings'));
    assert.ok(!tasksFor('training_coordinator').some((t) => t.href === '/training/bookings'));
    assert.ok(tasksFor('training_coordinator').some((t) => t.text === 'Manage training courses and attendance'));
  });

  it('sends those who may read training aggregates to the quarterly report, and not a training contact', () => {
    for (const role of ['training_coordinator', 'steering_member', 'viewer', 'partnership_admin'] as const)
      assert.ok(
        tasksFor(role).some((t) => t.href === '/training/report'),
        role,
      );
    assert.ok(!tasksFor('training_contact').some((t) => t.href === '/training/report'));
  });

  it('sends contacts and coordinators to add practitioners, and coordinators alone to set who can register', () => {
    for (const role of ['training_contact', 'training_coordinator'] as const)
      assert.ok(
        tasksFor(role).some((t) => t.href === '/training/practitioners'),
        role,
      );
    assert.ok(tasksFor('training_coordinator').some((t) => t.href === '/training/registration-settings'));
    assert.ok(!tasksFor('training_contact').some((t) => t.href === '/training/registration-settings'));
  });
});
