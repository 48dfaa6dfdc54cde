import { freePort } from './postgres-server.ts';
import type { DatabaseEngine } from '../../src/config.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/database.ts';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createServices, type Services } from '../../src/services.ts';
import { startServer } from '../../src/web/server.ts';
import { createTestDatabase } from './databases.ts';
import { forgetSessions } from './kept-sessions.ts';
import { timed } from './phase-timer.ts';

export interface TestApp {
  url: string;
  engine: DatabaseEngine;
  db: Db;
  services: Services;
  config: Config;
  demoPartnershipId: number;
  close(): Promise<void>;
}

/** A running server on a free port over a new database holding the demo partnership. */
export function startTestApp(engine: DatabaseEngine, env: Record<string, string> = {}): Promise<TestApp> {
  return timed('app start', () => startApp(engine, env));
}

async function startApp(engine: DatabaseEngine, env: Record<string, string>): Promise<TestApp> {
  const database = await createTestDatabase(engine, { demo: true });
  // A real port up front, so links built from BASE_URL (invitations, personal links) work when followed.
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: `http://localhost:${port}`,
    SESSION_SECRET: 'test-secret-test-secret-test-secret',
    ...env,
  });
  const running = await startServer(config, database.db, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  const baseConfig = config;
  return {
    url: running.url,
    engine,
    db: database.db,
    services: createServices(database.db, baseConfig),
    config: baseConfig,
    demoPartnershipId: database.demoPartnershipId,
    close: async () => {
      forgetSessions(running.url);
      await running.close();
      await database.drop();
    },
  };
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/** A browser-like HTTP client: keeps cookies, sends each form with the CSRF token of the last page. */
export class TestClient {
  readonly baseUrl: string;
  private cookies = new Map<string, string>();
  csrfToken = '';
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  private async send(
    method: string,
    path: string,
    body?: string | FormData,
    contentType?: string,
    headers: Record<string, string> = {},
  ): Promise<TestResponse> {
    const response = await fetch(this.baseUrl + path, {
      method,
      redirect: 'manual',
      body,
      headers: {
        ...(contentType ? { 'content-type': contentType } : {}),
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...headers,
      },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (!name) continue;
      if (/expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
    const text = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text);
    if (token?.[1]) this.csrfToken = token[1];
    return { status: response.status, headers: response.headers, text, location: response.headers.get('location') };
  }

  get(path: string, headers?: Record<string, string>): Promise<TestResponse> {
    return this.send('GET', path, undefined, undefined, headers);
  }

  /** Posts a form; includes the CSRF token unless `_csrf` is given. */
  post(path: string, form: Record<string, string | string[]> = {}): Promise<TestResponse> {
    const params = new URLSearchParams();
    if (!('_csrf' in form)) params.append('_csrf', this.csrfToken);
    for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) params.append(key, v);
    return this.send('POST', path, params.toString(), 'application/x-www-form-urlencoded');
  }

  /** Posts a multipart form (a file upload) with the CSRF token in the query string, as upload forms send it. */
  postMultipart(
    path: string,
    fields: Record<string, string>,
    file: { field: string; name: string; content: string | Uint8Array; type?: string },
  ): Promise<TestResponse> {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    form.append(
      file.field,
      new Blob([typeof file.content === 'string' ? file.content : Buffer.from(file.content)], {
        type: file.type ?? 'application/octet-stream',
      }),
      file.name,
    );
    return this.send(
      'POST',
      `${path}${path.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(this.csrfToken)}`,
      form,
    );
  }

  /** Signs in through the real form; throws if it does not succeed. Returns where the form sends the user. */
  async signIn(email: string, password = DEMO_PASSWORD): Promise<string> {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    if (response.status !== 303 || !response.location)
      throw new Error(`Sign-in as ${email} failed with ${response.status}`);
    return new URL(response.location, this.baseUrl).toString();
  }

  /** The cookies this client holds, as name and value. */
  cookieList(): Array<{ name: string; value: string }> {
    return [...this.cookies].map(([name, value]) => ({ name, value }));
  }
}

/** Runs `fn` once per engine, e.g. forEachEngine((engine) => describe(`… on ${engine}`, …)). */
export { ENGINES } from './databases.ts';
