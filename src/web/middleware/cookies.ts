import type { Request } from 'express';

/**
 * One cookie's value from the request's Cookie header, decoded; undefined when absent. A value
 * that is not valid percent-encoding is kept as sent (as the `cookie` package does), so a hostile
 * header cannot turn into a server error.
 */
export function readCookie(req: Pick<Request, 'headers'>, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    const raw = value.join('=');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}
