/*
 * The compliance matrix's held figures (docs/adr/0037) on both databases: served again while the
 * day and the data are the same, and worked out again after every kind of change that moves a
 * figure — a record added, an attended booking corrected, a person's role changed, a requirement
 * changed, a workforce return replaced — so the service never shows what a fresh one would not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../src/auth/actor.ts';
import { createComplianceService, type ExactCell } from '../../src/features/training/compliance-service.ts';
import { complianceDataVersion } from '../../src/features/training/compliance-repository-version.ts';
import { todayInLondon } from '../../src/lib/dates.ts';
import { ENGINES, startTestApp, type TestApp } from '../support/app.ts';
import { addPractitioners, firstOrganisationId } from '../support/training.ts';

/** The actor a signed-in demo user is, as the app makes it from their session. */
async function actorOf(app: TestApp, email: string): Promise<Actor> {
  const { id } = await app.db.kysely
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const found = await app.services.signIn.actorForSession(id, null);
  assert.ok(found, `${email} is an active demo user`);
  return found.actor;
}

for (const engine of ENGINES) {
  describe(`the compliance matrix's held figures on ${engine}`, () => {
    let app: TestApp;
    const today = todayInLondon();
    before(async () => {
      app = await startTestApp(engine);
    });
    after(async () => {
      await app?.close();
    });

    it('serves the same figures while nothing changes and works them out again after each change', async () => {
      const db = app.db.kysely;
      const held = app.services.training.compliance;
      const coordinator = await actorOf(app, 'training@demoshire.example');
      const steering = await actorOf(app, 'steering@demoshire.example');
      const organisation = await firstOrganisationId(app);
      const figures = async () => ({
        own: (await held.organisationMatrix(coordinator, organisation, today)).cells,
        all: await held.partnershipMatrix(steering, today),
      });
      const fresh = async () => {
        const service = createComplianceService(db);
        return {
          own: (await service.organisationMatrix(coordinator, organisation, today)).cells,
          all: await service.partnershipMatrix(steering, today),
        };
      };
      const social = (cells: ExactCell[]) => cells.find((c) => c.jobRole === 'childrens_social_worker')!;

      const first = await figures();
      const version = await complianceDataVersion(db, app.demoPartnershipId);
      assert.deepEqual(await figures(), first);
      assert.equal(version.split('/').length, 16, `every input has its figures in the version: ${version}`);
      assert.equal(await complianceDataVersion(db, app.demoPartnershipId), version);

      // A new person with no training: one more lapsed.
      const [person] = await addPractitioners(app, 1, 'Held figures');
      const added = await figures();
      assert.equal(social(added.own).people, social(first.own).people + 1);
      assert.equal(social(added.own).lapsed, social(first.own).lapsed + 1);
      assert.deepEqual(added, await fresh());

      // A record that meets the requirement: lapsed to compliant.
      const requirement = await db
        .selectFrom('training_requirements')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('job_role', '=', 'childrens_social_worker')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('training_records')
        .values({
          partnership_id: app.demoPartnershipId,
          practitioner_id: person!,
          organisation_id: organisation,
          source: 'elearning',
          course: 'Held figures course',
          completed_on: today,
          minutes: requirement.minutes,
          level: requirement.level,
          import_id: null,
          recorded_by: null,
          created_at: new Date().toISOString(),
        })
        .execute();
      const recorded = await figures();
      assert.equal(social(recorded.own).compliant, social(added.own).compliant + 1);
      assert.equal(social(recorded.own).lapsed, social(added.own).lapsed - 1);
      assert.deepEqual(recorded, await fresh());

      // The person's role changed to one with no requirement: out of the children's social workers.
      await db
        .updateTable('training_practitioners')
        .set({ job_role: 'administrator', updated_at: new Date(Date.now() + 1000).toISOString() })
        .where('id', '=', person!)
        .execute();
      const moved = await figures();
      assert.equal(social(moved.own).people, social(first.own).people);
      assert.deepEqual(moved, await fresh());

      // An attended booking corrected to "did not attend", with no other change.
      const attended = await db
        .selectFrom('training_bookings')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('status', '=', 'attended')
        .orderBy('id')
        .execute();
      assert.ok(attended.length > 0, 'the demo has attended bookings');
      const beforeCorrection = await complianceDataVersion(db, app.demoPartnershipId);
      await db
        .updateTable('training_bookings')
        .set({ status: 'no_show' })
        .where(
          'id',
          'in',
          attended.map((b) => b.id),
        )
        .execute();
      assert.notEqual(await complianceDataVersion(db, app.demoPartnershipId), beforeCorrection);
      assert.deepEqual(await figures(), await fresh());

      // A requirement changed: twice the hours.
      await db
        .updateTable('training_requirements')
        .set({ minutes: requirement.minutes * 2, updated_at: new Date(Date.now() + 2000).toISOString() })
        .where('id', '=', requirement.id)
        .execute();
      const stricter = await figures();
      assert.deepEqual(stricter, await fresh());

      // An organisation's returns withdrawn from current: it has no headcount now.
      const { organisation_id: withReturn } = await db
        .selectFrom('workforce_returns')
        .select('organisation_id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('status', '=', 'current')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const row = (m: typeof stricter) => m.all.rows.find((r) => r.organisation.id === withReturn)!;
      assert.equal(row(stricter).hasReturn, true);
      await db
        .updateTable('workforce_returns')
        .set({ status: 'replaced' })
        .where('organisation_id', '=', withReturn)
        .where('status', '=', 'current')
        .execute();
      const withdrawn = await figures();
      assert.equal(row(withdrawn).hasReturn, false);
      assert.deepEqual(withdrawn, await fresh());

      // Another day: worked out for that day.
      const later = '2030-01-01';
      assert.deepEqual(
        (await held.organisationMatrix(coordinator, organisation, later)).cells,
        (await createComplianceService(db).organisationMatrix(coordinator, organisation, later)).cells,
      );
    });
  });
}
