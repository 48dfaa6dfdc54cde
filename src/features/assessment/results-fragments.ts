import type { Response } from 'express';
import type { Actor } from '../../auth/actor.ts';
import { LruCache } from '../../lib/lru-cache.ts';
import { EncodedHtml } from '../../web/kit/render.ts';
import type { RoundResults } from './results-types.ts';

const VIEWS = 'assessment/views/results';
/** Rendered rounds kept per worker: a few rounds, for each role that views them. */
const FRAGMENT_CACHE_ENTRIES = 32;

/** Kept as UTF-8 bytes, so a repeated view does not encode them again (docs/adr/0048). */
export interface ResultsFragments {
  figuresHtml: EncodedHtml;
  tablesHtml: EncodedHtml;
}

const render = (res: Response, view: string, locals: Record<string, unknown>): Promise<string> =>
  new Promise((resolve, reject) =>
    // app.render, not res.render: the request's locals (nonce, CSRF token, user) are not available to it.
    res.app.render(view, locals, (err: Error | null, html?: string) => (err ? reject(err) : resolve(html ?? ''))),
  );

/**
 * The results page's heat map, rainbow and tables as HTML, rendered once per data version and kept
 * per worker (docs/adr/0038): two thirds of the page's cost was building and rendering them. The
 * fragments hold nothing of the viewer or the request; the page around them (navigation, forms,
 * CSRF token, nonce, priorities, training) is rendered on every request. Keyed by role as well, so
 * no two roles ever share an entry, whatever a fragment comes to show.
 */
export function resultsFragmentCache(entries = FRAGMENT_CACHE_ENTRIES) {
  const cache = new LruCache<ResultsFragments>(entries);
  return {
    async fragments(
      res: Response,
      actor: Actor,
      results: RoundResults,
      locals: () => Record<string, unknown>,
    ): Promise<ResultsFragments> {
      const key =
        results.version === undefined
          ? null
          : JSON.stringify([
              actor.partnershipId,
              actor.role,
              results.version,
              results.round,
              results.themes,
              results.stages,
              results.threshold,
            ]);
      const hit = key === null ? undefined : cache.get(key);
      if (hit) return hit;
      const view = locals();
      const rendered = {
        figuresHtml: new EncodedHtml(await render(res, `${VIEWS}/_figures.njk`, view)),
        tablesHtml: new EncodedHtml(await render(res, `${VIEWS}/_tables.njk`, view)),
      };
      if (key !== null) cache.set(key, rendered);
      return rendered;
    },
    stats: () => ({ hits: cache.hits, misses: cache.misses, entries: cache.size }),
  };
}
