/*
 * Certificate codes and what a certificate says. Pure. A code is 12 characters of Crockford's
 * base 32 (no I, L, O or U, so it reads back without mistakes), about 60 bits: not guessable, and
 * short enough to type from paper: OW-7KQ2-M9XD-4HJT.
 */
import { randomBytes } from 'node:crypto';
import { dateParts } from './working-days.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newCertificateCode(): string {
  const chars = [...randomBytes(12)].map((b) => ALPHABET[b % 32]).join('');
  return `OW-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** A code as someone may type it (lower case, spaces, O for 0) made canonical, or null when it cannot be one. */
export function canonicalCode(typed: string): string | null {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/^OW/, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(plain)) return null;
  return `OW-${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8, 12)}`;
}

/** The date a refresher is due: `years` after the course date, or null when it needs none. */
export function validUntil(courseDate: string, years: number | null): string | null {
  if (!years) return null;
  const { y, m, d } = dateParts(courseDate);
  const date = new Date(Date.UTC(y + years, m - 1, d));
  return date.toISOString().slice(0, 10);
}
