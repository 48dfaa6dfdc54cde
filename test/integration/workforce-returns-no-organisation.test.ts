import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES, startTestApp, TestClient, type TestApp, type TestResponse } from '../support/app.ts';
import { csv, organisationWithLead, TEST_PASSWORD, worker } from '../support/workforce-returns.ts';

const HEADING = /<h1 class="govuk-heading-l">Your account is not linked to an organisation<\/h1>/;
const ASK_ADMIN = /Ask a partnership administrator to set your organisation on your account/;

/** Every in-page link (error summary, skip link) must point at an element on the same page. */
function assertNoBrokenAnchors(page: TestResponse) {
  for (const [, target] of page.text.matchAll(/href="#([^"]+)"/g)) {
    assert.match(page.text, new RegExp(`id="${target}"`), `#${target} is linked to but not on the page`);
  }
}

for (const engine of ENGINES) {
  describe(`workforce returns for a data lead without an organisation on ${engine}`, () => {
    let app: TestApp;
    let organisationId: number;
    let lead: TestClient;

    before(async () => {
      app = await startTestApp(engine);
      const created = await organisationWithLead(
        app.services,
        app.demoPartnershipId,
        'Unlinked Nursery',
        'unlinked-lead@returns.example',
      );
      organisationId = created.organisationId;
      // As single sign-on or a removed organisation can leave it: a data lead with no organisation.
      await app.db.kysely
        .updateTable('users')
        .set({ organisation_id: null })
        .where('id', '=', created.user.id)
        .execute();
      lead = new TestClient(app.url);
      await lead.signIn('unlinked-lead@returns.example', TEST_PASSWORD);
    });
    after(async () => {
      await app?.close();
    });

    it('says on the upload page that the account needs an organisation, with no form and no broken link', async () => {
      const page = await lead.get('/workforce/submit');
      assert.equal(page.status, 200);
      assert.match(page.text, HEADING);
      assert.match(page.text, ASK_ADMIN);
      assert.doesNotMatch(page.text, /name="file"/, 'no upload form they cannot use');
      assert.doesNotMatch(page.text, /govuk-error-summary/);
      assertNoBrokenAnchors(page);
    });

    it('answers an upload with the same explanation instead of an error about a missing field, and stores nothing', async () => {
      await lead.get('/workforce');
      const page = await lead.postMultipart(
        '/workforce/submit',
        { 'census-date-day': '30', 'census-date-month': '9', 'census-date-year': '2030' },
        { field: 'file', name: 'return.csv', content: csv([worker('W1')]), type: 'text/csv' },
      );
      assert.equal(page.status, 400);
      assert.match(page.text, HEADING);
      assert.doesNotMatch(page.text, /govuk-error-summary/);
      assert.doesNotMatch(page.text, /href="#organisation"/);
      assertNoBrokenAnchors(page);
      const uploads = await app.db.kysely
        .selectFrom('return_uploads')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .execute();
      assert.equal(uploads.length, 0);
    });

    it('explains it on the workforce page, returns and completeness, and return history too', async () => {
      const landing = await lead.get('/workforce');
      assert.equal(landing.status, 200);
      assert.match(landing.text, /Your account is not linked to an organisation/);
      assert.doesNotMatch(landing.text, /href="\/workforce\/profile"/, 'no link to a profile they cannot open');
      for (const path of [
        '/workforce/returns',
        `/workforce/organisations/${organisationId}/returns`,
        '/workforce/profile',
        '/workforce/profile/ethnicity',
      ]) {
        const page = await lead.get(path);
        assert.equal(page.status, 200, path);
        assert.match(page.text, HEADING, path);
        assert.doesNotMatch(page.text, /Unlinked Nursery/, `${path} shows no organisation's returns`);
        assertNoBrokenAnchors(page);
      }
    });

    it('still shows a data lead with an organisation the upload form', async () => {
      await organisationWithLead(app.services, app.demoPartnershipId, 'Linked Nursery', 'linked-lead@returns.example');
      const linked = new TestClient(app.url);
      await linked.signIn('linked-lead@returns.example', TEST_PASSWORD);
      const page = await linked.get('/workforce/submit');
      assert.equal(page.status, 200);
      assert.match(page.text, /name="file"/);
      assert.doesNotMatch(page.text, HEADING);
      const landing = await linked.get('/workforce');
      assert.equal(landing.status, 200);
      assert.doesNotMatch(landing.text, /not linked to an organisation/);
    });
  });
}
