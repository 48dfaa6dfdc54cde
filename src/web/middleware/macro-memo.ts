/*
 * govuk-frontend's component macros are pure: the same parameters always give the same HTML. The
 * busiest pages call them with long item lists on every view (the profile's seven filter selects,
 * a round's 72-cell priority select, the header and navigation of every page), which was a quarter
 * of such a page's CPU (docs/adr/0047). So each component's macros are made once per compiled
 * template, and each call's HTML is kept by its parameters in a bounded least-recently-used map.
 * A call whose parameters hold a function (a `{% call %}` body) or that are too long to be worth
 * a key is rendered as usual.
 */
import type nunjucks from 'nunjucks';
import { LruCache } from '../../lib/lru-cache.ts';

type Callback = (err: Error | null, value?: unknown) => void;
type Macro = (this: unknown, ...args: unknown[]) => unknown;
interface ExportingTemplate {
  getExported(ctx: unknown, parentFrame?: unknown, cb?: Callback): void;
}

const COMPONENT_MACROS = /^govuk\/components\/[a-z-]+\/macro\.njk$/;
const LONGEST_KEY = 16_000;
const MEMOISED = Symbol('memoised govuk macros');

/** The parameters as a key, or undefined when they cannot be one (a function, a cycle, or too long). */
export function keyOf(args: unknown[]): string | undefined {
  let callable = false;
  let key: string;
  try {
    key = JSON.stringify(args, (_name, value: unknown) => {
      if (typeof value === 'function') callable = true;
      return value;
    });
  } catch {
    return undefined; // a cycle or a BigInt: rendered as usual
  }
  return callable || key.length > LONGEST_KEY ? undefined : key;
}

function memoise(name: string, macro: Macro, cache: LruCache<unknown>): Macro {
  return function memoised(this: unknown, ...args: unknown[]) {
    const key = keyOf(args);
    if (key === undefined) return macro.apply(this, args);
    const held = cache.get(`${name}:${key}`);
    if (held !== undefined) return held;
    const html = macro.apply(this, args);
    cache.set(`${name}:${key}`, html);
    return html;
  };
}

/** Makes a component template's exports once (without a context, as `{% from … import … %}` asks) and memoises its macros. */
function memoiseTemplate(template: ExportingTemplate & { [MEMOISED]?: true }, cache: LruCache<unknown>): void {
  if (template[MEMOISED]) return;
  template[MEMOISED] = true;
  const original = template.getExported.bind(template);
  let exported: Record<string, unknown> | undefined;
  template.getExported = (ctx, parentFrame, cb) => {
    if (typeof ctx !== 'function' || parentFrame !== undefined) return original(ctx, parentFrame, cb);
    const done = ctx as Callback;
    if (exported) return done(null, exported);
    original((err: Error | null, value?: unknown) => {
      if (err || !value || typeof value !== 'object') return done(err, value);
      exported = Object.fromEntries(
        Object.entries(value).map(([name, v]) => [
          name,
          typeof v === 'function' ? memoise(name, v as Macro, cache) : v,
        ]),
      );
      done(null, exported);
    });
  };
}

/** Memoises govuk-frontend's component macros in this environment; returns the cache for the tests. */
export function memoiseGovukMacros(env: nunjucks.Environment, entries = 500): LruCache<unknown> {
  const cache = new LruCache<unknown>(entries);
  const getTemplate = env.getTemplate.bind(env) as (...args: unknown[]) => unknown;
  const patch = (name: unknown, template: unknown) => {
    if (typeof name === 'string' && COMPONENT_MACROS.test(name) && template && typeof template === 'object')
      memoiseTemplate(template as ExportingTemplate, cache);
  };
  (env as unknown as { getTemplate: (...args: unknown[]) => unknown }).getTemplate = (...args: unknown[]) => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      const cb = last as Callback;
      return getTemplate(...args.slice(0, -1), (err: Error | null, template?: unknown) => {
        if (!err) patch(args[0], template);
        cb(err, template);
      });
    }
    const template = getTemplate(...args);
    patch(args[0], template);
    return template;
  };
  return cache;
}
