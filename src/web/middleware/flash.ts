import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type { CookieOptions, Request, RequestHandler } from 'express';
import type { Config } from '../../config.ts';
import { readCookie } from './cookies.ts';

export const FLASH_COOKIE = 'ow.flash';
// A browser's limit is about 4 KB a cookie; a longer message goes in the session instead.
const MAX_SEALED = 3_500;

export interface FlashMessage {
  heading?: string;
  text: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Shows a success banner on the next page (set by flashMiddleware). */
      setFlash?: (message: FlashMessage) => void;
    }
  }
}

const ALGORITHM = 'aes-256-gcm';

function seal(key: KeyObject, message: FlashMessage): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(message), 'utf8'), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

function unseal(key: KeyObject, sealed: string): FlashMessage | undefined {
  const [iv, body, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !body || !tag || iv.length !== 12 || tag.length !== 16) return undefined;
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv);
    decipher.setAuthTag(tag);
    const value: unknown = JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8'));
    const { heading, text } = (value ?? {}) as Record<string, unknown>;
    if (typeof text !== 'string' || (heading !== undefined && typeof heading !== 'string')) return undefined;
    return heading === undefined ? { text } : { heading, text };
  } catch {
    return undefined; // altered, or sealed with another secret
  }
}

/**
 * The success banner after a post/redirect/get, carried in a short-lived cookie rather than the
 * session, so that neither the post nor the page after it writes the session row (a write on
 * every form sent, and one more to remove the message). The cookie is encrypted and
 * authenticated with a key from SESSION_SECRET: nobody can plant a message, and the names a
 * message may hold are not readable on the way. It is cleared by the next page, which shows it.
 */
export function flashMiddleware(config: Config): RequestHandler {
  // A key object made once: made from raw bytes on every call, it cost more than the cipher itself.
  const key = createSecretKey(createHash('sha256').update(`flash:${config.sessionSecret}`).digest());
  const options: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' };
  function setFlash(this: Request, message: FlashMessage): void {
    const sealed = seal(key, message);
    if (sealed.length > MAX_SEALED || !this.res) this.session.flash = message;
    else this.res.cookie(FLASH_COOKIE, sealed, { ...options, maxAge: 300_000 });
  }
  return (req, res, next) => {
    req.setFlash = setFlash;
    const sealed = readCookie(req, FLASH_COOKIE);
    if (sealed !== undefined) {
      const message = unseal(key, sealed);
      if (message) res.locals.flash = message;
      res.clearCookie(FLASH_COOKIE, options);
    }
    next();
  };
}
