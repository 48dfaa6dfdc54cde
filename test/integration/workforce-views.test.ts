/*
 * View shaping of workforce pages, as route tests (HTTP in, HTML out): what the JavaScript-off
 * browser runs of workforce-standard and workforce-no-organisation checked in markup. The browser
 * tests keep the JavaScript-on runs, and the every-page crawler checks these kinds with axe with
 * JavaScript off.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import { routeTestApp, textOf, type RouteTestApp } from '../support/route-test.ts';
import { organisationWithLead, TEST_PASSWORD } from '../support/workforce-returns.ts';

const NOT_LINKED = 'Your account is not linked to an organisation';

for (const engine of ENGINES) {
  describe(`workforce views without a browser on ${engine}`, () => {
    let routes: RouteTestApp;
    before(async () => {
      routes = await routeTestApp(engine);
      const { user } = await organisationWithLead(
        routes.app.services,
        routes.app.demoPartnershipId,
        'Unlinked Nursery',
        'unlinked@routes.example',
      );
      await routes.app.db.kysely
        .updateTable('users')
        .set({ organisation_id: null })
        .where('id', '=', user.id)
        .execute();
    });
    after(async () => {
      await routes?.close();
    });

    it('shows the data standard with its contents, code lists in details and the templates', async () => {
      const page = await (await routes.as('viewer')).page('/workforce/standard');
      assert.equal(page.status, 200);
      assert.equal(page.heading, 'Workforce data standard, version 1');
      const contents = page.links.find((link) => link.text === 'Personal characteristics');
      assert.ok(contents, 'a contents link to personal characteristics');
      assert.match(page.html, new RegExp(`<h2 class="govuk-heading-m" id="${contents.href.slice(1)}">`));
      const ethnicity = /<details[^>]*>\s*<summary[^>]*>[\s\S]*?Codes for ethnicity \(21\)[\s\S]*?<\/details>/.exec(
        page.html,
      );
      assert.ok(ethnicity, 'the ethnicity codes are in a details element');
      assert.match(textOf(ethnicity[0]), /White: Roma/);
      assert.deepEqual(
        page.links.filter((link) => /template/i.test(link.text)).map((link) => link.href),
        ['/workforce/templates/workforce-return.xlsx', '/workforce/templates/workforce-return.csv'],
      );
    });

    it('tells a data lead with no organisation to ask a partnership administrator, on each workforce page', async () => {
      const lead = await routes.as('unlinked@routes.example', TEST_PASSWORD);
      const landing = await lead.page('/workforce');
      assert.equal(landing.status, 200);
      assert.match(landing.text, new RegExp(NOT_LINKED));
      const submit = landing.links.find((link) => link.text === 'Submit a return');
      assert.equal(submit?.href, '/workforce/submit');
      for (const path of ['/workforce/submit', '/workforce/returns']) {
        const page = await lead.page(path);
        assert.equal(page.status, 200, path);
        assert.equal(page.heading, NOT_LINKED, path);
        if (path === '/workforce/submit')
          assert.match(page.text, /Ask a partnership administrator to set your organisation on your account/);
      }
    });
  });
}
