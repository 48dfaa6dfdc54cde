import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

export interface ErrorItem {
  text: string;
  href: string;
}

/** Field errors in form order, as govuk-frontend's error summary wants them. */
export function errorList(errors: Record<string, string> | undefined): ErrorItem[] {
  return Object.entries(errors ?? {}).map(([field, text]) => ({ text, href: `#${field}` }));
}

/**
 * HTML kept as UTF-8 bytes: a fragment a page keeps per data version (the results page's heat map
 * and tables). Encoding a long page to send it cost more than rendering it around a kept fragment
 * (docs/adr/0048), so a kept fragment is encoded once, and only the page around it on each view.
 */
export class EncodedHtml {
  readonly bytes: Buffer;
  constructor(html: string) {
    this.bytes = Buffer.from(html, 'utf8');
  }
}

// Unguessable, so no text a user typed can stand in for a fragment's place.
const MARKER = `<!--ow-fragment-${randomBytes(12).toString('hex')}-`;

/** The page's bytes: its HTML with each marker replaced by the fragment's bytes. */
function spliced(html: string, fragments: Map<string, Buffer>): Buffer {
  const found = [...fragments].map(([marker, bytes]) => ({ at: html.indexOf(marker), marker, bytes }));
  const missing = found.find((f) => f.at < 0 || html.indexOf(f.marker, f.at + 1) >= 0);
  if (missing) throw new Error('A kept fragment must be shown exactly once, with `| safe`');
  const parts: Buffer[] = [];
  let from = 0;
  for (const { at, marker, bytes } of found.sort((a, b) => a.at - b.at)) {
    parts.push(Buffer.from(html.slice(from, at), 'utf8'), bytes);
    from = at + marker.length;
  }
  parts.push(Buffer.from(html.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

/** Renders a page with its title; `errors` also fill the error summary. */
export function renderPage(res: Response, view: string, title: string, locals: Record<string, unknown> = {}): void {
  const errors = locals.errors as Record<string, string> | undefined;
  const shown: Record<string, unknown> = { title, ...locals, errorList: errorList(errors) };
  const fragments = new Map<string, Buffer>();
  for (const [name, value] of Object.entries(shown))
    if (value instanceof EncodedHtml) {
      const marker = `${MARKER}${fragments.size}-->`;
      fragments.set(marker, value.bytes);
      shown[name] = marker;
    }
  if (!fragments.size) return res.render(view, shown);
  res.render(view, shown, (err: Error | null, html?: string) => {
    if (err) return res.req.next?.(err);
    try {
      res.type('html').send(spliced(html ?? '', fragments));
    } catch (failure) {
      res.req.next?.(failure);
    }
  });
}

/** Shows a success banner on the next page (post/redirect/get). */
export function flash(req: Request, text: string, heading?: string): void {
  const message = heading ? { heading, text } : { text };
  if (req.setFlash) req.setFlash(message);
  else req.session.flash = message;
}

/** Only same-site paths may be used as a place to return to. */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : fallback;
}

const fieldOf = (body: unknown, name: string): unknown =>
  typeof body === 'object' && body !== null ? Reflect.get(body, name) : undefined;

/** Form values as strings, with anything else (arrays, objects) read as empty. */
export function formField(body: unknown, name: string): string {
  const value = fieldOf(body, name);
  return typeof value === 'string' ? value : '';
}

export function formList(body: unknown, name: string): string[] {
  const value = fieldOf(body, name);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' && value ? [value] : [];
}
