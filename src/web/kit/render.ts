import type { Request, Response } from 'express';

export interface ErrorItem {
  text: string;
  href: string;
}

/** Field errors in form order, as govuk-frontend's error summary wants them. */
export function errorList(errors: Record<string, string> | undefined): ErrorItem[] {
  return Object.entries(errors ?? {}).map(([field, text]) => ({ text, href: `#${field}` }));
}

/** Renders a page with its title; `errors` also fill the error summary. */
export function renderPage(res: Response, view: string, title: string, locals: Record<string, unknown> = {}): void {
  const errors = locals.errors as Record<string, string> | undefined;
  res.render(view, { title, ...locals, errorList: errorList(errors) });
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
