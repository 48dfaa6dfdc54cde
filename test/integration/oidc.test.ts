import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { RedirectFollowingBrowser, startTestProvider, type TestProvider } from '../support/oidc-provider.ts';
import { freePort } from '../support/postgres-server.ts';

for (const engine of ENGINES) {
  describe(`single sign-on with OpenID Connect on ${engine}`, () => {
    let provider: TestProvider;
    let app: TestApp;

    before(async () => {
      // The provider must know the app's callback address, so the app's port is chosen first.
      const port = await freePort();
      provider = await startTestProvider(`http://localhost:${port}/sign-in/oidc/callback`);
      app = await startTestApp(engine, {
        PORT: String(port),
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_ALLOW_INSECURE: 'true',
        OIDC_LABEL: 'Sign in with your Demoshire account',
      });
    });
    after(async () => {
      await app?.close();
      await provider?.close();
    });

    /** Goes through the provider's own login and consent forms as `login`. */
    async function signInAtProvider(login: string): Promise<RedirectFollowingBrowser> {
      const browser = new RedirectFollowingBrowser();
      const signIn = await browser.go(`${app.url}/sign-in`);
      assert.match(signIn.text, /href="\/sign-in\/oidc"[^>]*>Sign in with your Demoshire account</);
      const loginForm = await browser.go(`${app.url}/sign-in/oidc`);
      assert.ok(loginForm.url.startsWith(provider.issuer), `at the provider, not ${loginForm.url}`);
      assert.match(loginForm.text, /name="login"/);
      const consent = await browser.submit({ login, password: 'anything' });
      assert.match(consent.text, /name="prompt" value="consent"/);
      await browser.submit();
      return browser;
    }

    it('signs a linked user in through the provider and links their account', async () => {
      const browser = await signInAtProvider('priya-at-provider');
      assert.equal(browser.last.status, 200);
      assert.equal(browser.last.url, `${app.url}/`);
      assert.match(browser.last.text, /Welcome, Priya Shah/);
      assert.match(browser.last.text, /steering group member/);
      const user = await app.db.kysely
        .selectFrom('users')
        .select(['oidc_subject', 'last_sign_in_at'])
        .where('email', '=', 'steering@demoshire.example')
        .executeTakeFirstOrThrow();
      assert.equal(user.oidc_subject, 'priya-at-provider');
      assert.ok(user.last_sign_in_at);
      const audit = await app.db.kysely
        .selectFrom('audit_events')
        .select('summary')
        .where('action', '=', 'sign-in')
        .execute();
      assert.ok(audit.some((e) => e.summary === 'Signed in with single sign-on'));
    });

    it('refuses someone whose email address has no account here, with a clear message', async () => {
      const browser = await signInAtProvider('stranger@elsewhere.example');
      assert.equal(browser.last.status, 403);
      assert.ok(browser.last.url.startsWith(`${app.url}/sign-in/oidc/callback?`));
      assert.match(browser.last.text, /Your account is not set up/);
      assert.match(browser.last.text, /not linked to an active One Workforce account/);
      assert.equal((await browser.go(`${app.url}/`)).url, `${app.url}/sign-in`);
    });

    it('refuses a callback whose state does not match the one it sent, and one it never started', async () => {
      const browser = new RedirectFollowingBrowser();
      const atProvider = await browser.go(`${app.url}/sign-in/oidc`);
      assert.ok(atProvider.url.startsWith(provider.issuer));
      const forged = await browser.go(
        `${app.url}/sign-in/oidc/callback?code=stolen&state=forged&iss=${encodeURIComponent(provider.issuer)}`,
      );
      assert.equal(forged.status, 400);
      assert.match(forged.text, /Your sign-in has expired/);

      const fresh = new TestClient(app.url);
      const unstarted = await fresh.get('/sign-in/oidc/callback?code=x&state=y');
      assert.equal(unstarted.status, 400);
      assert.match(unstarted.text, /Your sign-in has expired/);
    });

    it('says so when the person cancels at the provider', async () => {
      const browser = new RedirectFollowingBrowser();
      const loginForm = await browser.go(`${app.url}/sign-in/oidc`);
      const cancel = /<a href="([^"]+)">\[ Cancel \]<\/a>/.exec(loginForm.text)?.[1];
      assert.ok(cancel, 'the provider offers to cancel');
      const refused = await browser.go(new URL(cancel.replace(/&amp;/g, '&'), loginForm.url).href);
      assert.equal(refused.status, 400);
      assert.ok(refused.url.includes('error=access_denied'));
      assert.match(refused.text, /You could not be signed in/);
    });

    it('explains that single sign-on is unavailable when the provider cannot be reached', async () => {
      const closedPort = await freePort();
      const offline = await startTestApp(engine, {
        OIDC_ISSUER: `http://127.0.0.1:${closedPort}`,
        OIDC_CLIENT_ID: 'x',
        OIDC_CLIENT_SECRET: 'y',
        OIDC_ALLOW_INSECURE: 'true',
      });
      try {
        const response = await new TestClient(offline.url).get('/sign-in/oidc');
        assert.equal(response.status, 503);
        assert.match(response.text, /Single sign-on is not available at the moment/);
        assert.match(response.text, /href="\/sign-in"/);
      } finally {
        await offline.close();
      }
    });
  });
}
