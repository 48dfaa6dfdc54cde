import { createHmac } from 'node:crypto';
import { hashSecret, newSecret } from '../../lib/secrets.ts';

/*
 * Invitation links carry a token; the database keeps only its SHA-256 and its prefix. The rest
 * of the token is an HMAC of the prefix under the server secret, so the links can be downloaded
 * again later for a mail merge without the database ever holding them. If the secret changes,
 * old links still work (their hash is stored) but cannot be shown again.
 */
const PREFIX_BYTES = 9;

function invitationTail(secret: string, prefix: string): string {
  return createHmac('sha256', secret).update(`assessment-invitation:${prefix}`).digest('base64url');
}

export function newInvitationToken(secret: string): { token: string; prefix: string; hash: string } {
  const prefix = newSecret('i', PREFIX_BYTES);
  const token = `${prefix}${invitationTail(secret, prefix)}`;
  return { token, prefix, hash: hashSecret(token) };
}

/** The invitation's token again, or null when the secret it was made with is gone. */
export function invitationToken(secret: string, prefix: string, hash: string): string | null {
  const token = `${prefix}${invitationTail(secret, prefix)}`;
  return hashSecret(token) === hash ? token : null;
}

/** A respondent's own link back to an answer in progress: random, shown once, never exported. */
export function newResumeToken(): { token: string; hash: string } {
  const token = newSecret('r');
  return { token, hash: hashSecret(token) };
}

export const tokenHash = hashSecret;

/** Tokens are base64url text of a known length range; anything else is not looked up at all. */
export const plausibleToken = (value: string): boolean => /^[ir][A-Za-z0-9_-]{20,80}$/.test(value);
