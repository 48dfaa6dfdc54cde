/*
 * Fast route tests: HTTP in, HTML out, no browser (as the HMPPS template's
 * server/routes/testutils/appSetup.ts does). A test signs in as a demo role over a cloned demo
 * database and reads what a page shows — headings, text, links, error summary — from the served
 * HTML. Use it for view shaping; keep the browser tests for behaviour and accessibility.
 */
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/features/demo/demo.ts';
import { startTestApp, TestClient, type TestApp } from './app.ts';
import type { DatabaseEngine } from '../../src/config.ts';

export interface RenderedPage {
  status: number;
  location: string | null;
  html: string;
  /** The h1's text. */
  heading: string;
  /** The main content's text, tags removed and white space collapsed. */
  text: string;
  /** The links in the main content, as their text and href. */
  links: { text: string; href: string }[];
  /** The error summary's messages, in order. */
  errors: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, name: string) => ENTITIES[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Reads a served page the way a person would, without a browser. */
export function renderedPage(response: { status: number; location: string | null; text: string }): RenderedPage {
  const html = response.text;
  const main = /<main\b[\s\S]*<\/main>/.exec(html)?.[0] ?? html;
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(main)?.[0] ?? '';
  return {
    status: response.status,
    location: response.location,
    html,
    heading: textOf(/<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(main)?.[1] ?? ''),
    text: textOf(main),
    links: [...main.matchAll(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
      href: (m[1] ?? '').replaceAll('&amp;', '&'),
      text: textOf(m[2] ?? ''),
    })),
    errors: [...summary.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1] ?? '')),
  };
}

export interface RouteTestApp {
  app: TestApp;
  /** A client signed in as the demo user with this role, or as the given email and password. */
  as(who: string, password?: string): Promise<RouteClient>;
  close(): Promise<void>;
}

export interface RouteClient {
  client: TestClient;
  page(path: string): Promise<RenderedPage>;
  submit(path: string, form: Record<string, string | string[]>): Promise<RenderedPage>;
}

/** The demo partnership's app over a cloned demo database, for route tests on `engine`. */
export async function routeTestApp(engine: DatabaseEngine): Promise<RouteTestApp> {
  const app = await startTestApp(engine);
  return {
    app,
    async as(who, password = DEMO_PASSWORD) {
      const email = who.includes('@') ? who : DEMO_USERS.find((u) => u.email.startsWith(`${who}@`))?.email;
      if (!email) throw new Error(`No demo user "${who}": use one of ${DEMO_USERS.map((u) => u.email).join(', ')}`);
      const client = new TestClient(app.url);
      await client.signIn(email, password);
      return {
        client,
        page: async (path) => renderedPage(await client.get(path)),
        submit: async (path, form) => renderedPage(await client.post(path, form)),
      };
    },
    close: () => app.close(),
  };
}
