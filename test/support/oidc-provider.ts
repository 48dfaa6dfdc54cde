import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on a free local port, with its development
 * login and consent forms. Any login is accepted: "someone@somewhere" signs in with that
 * email address, anything else as steering@demoshire.example. The subject is the login.
 */
export async function startTestProvider(redirectUri: string): Promise<TestProvider> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server: Server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const clientId = 'one-workforce';
  const clientSecret = 'a-test-client-secret-long-enough-for-anything';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['test-cookie-key-test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({
        sub: id,
        email: id.includes('@') ? id : 'steering@demoshire.example',
        email_verified: true,
        name: 'Priya at the provider',
      }),
    }),
  });
  handle = provider.callback();
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Page {
  url: string;
  status: number;
  text: string;
}

/**
 * A cookie-keeping browser over fetch that follows redirects itself, across the app and the
 * provider, and submits the page's only form with the fields given.
 */
export class RedirectFollowingBrowser {
  private jars = new Map<string, Map<string, string>>();
  last: Page = { url: '', status: 0, text: '' };

  private jar(url: string): Map<string, string> {
    const origin = new URL(url).origin;
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new Map()));
    return jar;
  }

  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hops = 0; hops < 20; hops++) {
      const jar = this.jar(url);
      const response = await fetch(url, {
        method,
        body,
        redirect: 'manual',
        headers: {
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = ''] = cookie.split(';');
        const at = pair.indexOf('=');
        const name = pair.slice(0, at).trim();
        if (/expires=Thu, 01 Jan 1970/i.test(cookie)) jar.delete(name);
        else jar.set(name, pair.slice(at + 1));
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        url = new URL(location, url).href;
        method = 'GET';
        body = undefined;
        continue;
      }
      this.last = { url, status: response.status, text: await response.text() };
      return this.last;
    }
    throw new Error(`Too many redirects, last at ${url}`);
  }

  /** Submits the current page's form: its hidden fields plus `fields`. */
  submit(fields: Record<string, string> = {}): Promise<Page> {
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(this.last.text);
    if (!form?.[1]) throw new Error(`No form on ${this.last.url}`);
    const hidden = Object.fromEntries(
      [...(form[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    return this.go(new URL(form[1].replace(/&amp;/g, '&'), this.last.url).href, {
      method: 'POST',
      form: { ...hidden, ...fields },
    });
  }
}
