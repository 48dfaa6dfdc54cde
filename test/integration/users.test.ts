import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/actor.ts';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';

const NEW_PASSWORD = 'correct horse battery staple';
const tokenFrom = (html: string): string => {
  const token = /data-testid="invite-link">[^<]*\/invite\/([\w-]+)/.exec(html)?.[1];
  assert.ok(token, 'the page shows an invite link');
  return token;
};

for (const engine of ENGINES) {
  describe(`user management on ${engine}`, () => {
    let app: TestApp;
    let admin: TestClient;
    before(async () => {
      app = await startTestApp(engine);
      admin = new TestClient(app.url);
      await admin.signIn('admin@demoshire.example');
    });
    after(async () => {
      await app?.close();
    });

    const userId = async (email: string): Promise<number> =>
      (await app.db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const userAudit = (id: number) =>
      app.db.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('partnership_id', '=', app.demoPartnershipId)
        .where('entity_type', '=', 'user')
        .where('entity_id', '=', String(id))
        .orderBy('id')
        .execute();
    const invite = async (form: Record<string, string>) => {
      await admin.get('/admin/users/invite');
      return admin.post('/admin/users/invite', { organisation: '', ...form });
    };

    it('invites a user who accepts the link, sets a password and signs in with it', async () => {
      const created = await invite({ name: 'Nia Newcomer', email: 'Nia.Newcomer@demoshire.example', role: 'viewer' });
      assert.equal(created.status, 200);
      assert.match(created.text, /Invite link created/);
      assert.equal(created.headers.get('cache-control'), 'no-store');
      const token = tokenFrom(created.text);
      const list = await admin.get('/admin/users');
      assert.match(list.text, /nia\.newcomer@demoshire\.example/);
      assert.match(list.text, /Invited/);

      const guest = new TestClient(app.url);
      const form = await guest.get(`/invite/${token}`);
      assert.equal(form.status, 200);
      assert.match(form.text, /Set your password/);
      const short = await guest.post(`/invite/${token}`, { password: 'too short', 'confirm-password': 'too short' });
      assert.equal(short.status, 400);
      assert.match(short.text, /Password must be 12 characters or more/);
      const mismatch = await guest.post(`/invite/${token}`, {
        password: NEW_PASSWORD,
        'confirm-password': `${NEW_PASSWORD}!`,
      });
      assert.equal(mismatch.status, 400);
      assert.match(mismatch.text, /The passwords do not match/);
      const accepted = await guest.post(`/invite/${token}`, {
        password: NEW_PASSWORD,
        'confirm-password': NEW_PASSWORD,
      });
      assert.equal(accepted.status, 303);
      assert.equal(accepted.location, '/');
      const home = await guest.get('/');
      assert.equal(home.status, 200);
      assert.match(home.text, /Welcome, Nia Newcomer/);

      const again = await new TestClient(app.url).get(`/invite/${token}`);
      assert.equal(again.status, 404);
      assert.match(again.text, /This invite link does not work/);
      await new TestClient(app.url).signIn('nia.newcomer@demoshire.example', NEW_PASSWORD);

      const events = await userAudit(await userId('nia.newcomer@demoshire.example'));
      assert.deepEqual(
        events.map((e) => e.action),
        ['create', 'update', 'sign-in'],
      );
      for (const e of events) assert.doesNotMatch(`${e.before_json}${e.after_json}`, /password_hash|argon2/);
    });

    it('refuses a duplicate or badly formed email address and a data lead without an organisation', async () => {
      const duplicate = await invite({ name: 'Copy Cat', email: 'VIEWER@demoshire.example', role: 'viewer' });
      assert.equal(duplicate.status, 400);
      assert.match(duplicate.text, /Someone already has an account with this email address/);
      assert.match(duplicate.text, /There is a problem/);
      const invalid = await invite({ name: 'Bad Address', email: 'not-an-email', role: 'viewer' });
      assert.equal(invalid.status, 400);
      assert.match(invalid.text, /Enter an email address in the correct format/);
      const noOrganisation = await invite({ name: 'Dee Lead', email: 'dee@demoshire.example', role: 'data_lead' });
      assert.equal(noOrganisation.status, 400);
      assert.match(noOrganisation.text, /Select the organisation this partner data lead works for/);
    });

    it('rejects unknown, expired and replaced invite links', async () => {
      assert.equal((await new TestClient(app.url).get('/invite/no-such-token')).status, 404);
      const expired = tokenFrom(
        (await invite({ name: 'Ed Expired', email: 'ed@demoshire.example', role: 'viewer' })).text,
      );
      const ed = await userId('ed@demoshire.example');
      await app.db.kysely
        .updateTable('invites')
        .set({ expires_at: '2000-01-01T00:00:00.000Z' })
        .where('user_id', '=', ed)
        .execute();
      const guest = new TestClient(app.url);
      assert.equal((await guest.get(`/invite/${expired}`)).status, 404);
      await admin.get(`/admin/users/${ed}`);
      const renewed = tokenFrom((await admin.post(`/admin/users/${ed}/invite`)).text);
      const replaced = tokenFrom((await admin.post(`/admin/users/${ed}/invite`)).text);
      assert.equal((await guest.get(`/invite/${renewed}`)).status, 404, 'an earlier link stops working');
      const page = await guest.get(`/invite/${replaced}`);
      assert.equal(page.status, 200);
      assert.equal(
        (await guest.post(`/invite/${expired}`, { password: NEW_PASSWORD, 'confirm-password': NEW_PASSWORD })).status,
        404,
      );
    });

    it('audits a role change and deactivation, and signs the deactivated user out', async () => {
      const viewer = new TestClient(app.url);
      await viewer.signIn('viewer@demoshire.example');
      assert.equal((await viewer.get('/')).status, 200);
      const id = await userId('viewer@demoshire.example');
      const organisation = await app.db.kysely
        .selectFrom('organisations')
        .select('id')
        .where('partnership_id', '=', app.demoPartnershipId)
        .orderBy('id')
        .executeTakeFirstOrThrow();

      assert.equal((await admin.get(`/admin/users/${id}/access`)).status, 200);
      const changed = await admin.post(`/admin/users/${id}/access`, {
        role: 'steering_member',
        organisation: String(organisation.id),
      });
      assert.equal(changed.status, 303);
      assert.match((await admin.get(`/admin/users/${id}`)).text, /Steering group member/);

      assert.equal((await admin.get(`/admin/users/${id}/deactivate`)).status, 200);
      assert.equal((await admin.post(`/admin/users/${id}/deactivate`)).status, 303);
      const [roleChange, deactivation] = (await userAudit(id)).filter((e) => e.action === 'update');
      assert.ok(roleChange && deactivation);
      assert.equal(JSON.parse(roleChange.before_json ?? '{}').role, 'viewer');
      assert.equal(JSON.parse(roleChange.after_json ?? '{}').role, 'steering_member');
      assert.equal(JSON.parse(deactivation.before_json ?? '{}').status, 'active');
      assert.equal(JSON.parse(deactivation.after_json ?? '{}').status, 'deactivated');
      assert.doesNotMatch(`${roleChange.after_json}${deactivation.after_json}`, /password_hash/);

      const signedOut = await viewer.get('/');
      assert.equal(signedOut.status, 303);
      assert.equal(signedOut.location, '/sign-in');

      await admin.get(`/admin/users/${id}`);
      assert.equal((await admin.post(`/admin/users/${id}/reactivate`)).status, 303);
      await viewer.signIn('viewer@demoshire.example');
    });

    it('stops a partnership administrator granting system administrator or changing themselves', async () => {
      const form = await admin.get('/admin/users/invite');
      assert.equal(form.status, 200);
      assert.match(form.text, /value="viewer"/);
      assert.doesNotMatch(form.text, /value="system_admin"/);
      const grant = await invite({ name: 'Sneaky Admin', email: 'sneaky@demoshire.example', role: 'system_admin' });
      assert.equal(grant.status, 400);
      assert.match(grant.text, /Only a system administrator can make someone a system administrator/);

      const self = await userId('admin@demoshire.example');
      await admin.get(`/admin/users/${self}`);
      assert.equal((await admin.post(`/admin/users/${self}/deactivate`)).status, 403);
      assert.equal((await admin.get(`/admin/users/${self}/deactivate`)).status, 403);
      const demote = await admin.post(`/admin/users/${self}/access`, { role: 'viewer', organisation: '' });
      assert.equal(demote.status, 400);
      const sysadmin = await userId('sysadmin@demoshire.example');
      assert.equal((await admin.post(`/admin/users/${sysadmin}/deactivate`)).status, 403);
      assert.equal((await admin.get(`/admin/users/${sysadmin}/access`)).status, 403);
      const row = await app.db.kysely
        .selectFrom('users')
        .select(['role', 'status'])
        .where('id', '=', self)
        .executeTakeFirstOrThrow();
      assert.deepEqual({ ...row }, { role: 'partnership_admin', status: 'active' });

      const system = new TestClient(app.url);
      await system.signIn('sysadmin@demoshire.example');
      await system.get('/admin/users/invite');
      const granted = await system.post('/admin/users/invite', {
        name: 'Second Sysadmin',
        email: 'sys2@demoshire.example',
        role: 'system_admin',
        organisation: '',
      });
      assert.equal(granted.status, 200);
    });

    it('gives a data lead 403 and hides users of another partnership', async () => {
      const lead = new TestClient(app.url);
      await lead.signIn('datalead@demoshire.example');
      assert.equal((await lead.get('/admin/users')).status, 403);
      assert.equal((await lead.get('/admin/users/invite')).status, 403);

      const other = await app.services.partnerships.create(systemActor(app.demoPartnershipId), {
        name: 'Otherland Partnership',
      });
      const { user } = await app.services.users.create(systemActor(other.id), {
        name: 'Olly Other',
        email: 'olly@otherland.example',
        role: 'viewer',
        organisation: '',
      });
      assert.equal((await admin.get(`/admin/users/${user.id}`)).status, 404);
      assert.equal((await admin.get(`/admin/users/${user.id}/access`)).status, 404);
      assert.equal((await admin.post(`/admin/users/${user.id}/deactivate`)).status, 404);
      assert.equal((await admin.get('/admin/users/not-a-number')).status, 404);
      const list = await admin.get('/admin/users');
      assert.equal(list.status, 200);
      assert.match(list.text, /admin@demoshire\.example/);
      assert.doesNotMatch(list.text, /olly@otherland/);
    });
  });
}
