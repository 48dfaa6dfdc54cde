import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const argon2Async = promisify(argon2);

// OWASP's recommended argon2id settings: 19 MiB memory, 2 passes, 1 lane.
const PRODUCTION_PARAMS = { memory: 19_456, passes: 2, parallelism: 1, tagLength: 32 } as const;
let PARAMS: { memory: number; passes: number; parallelism: number; tagLength: number } = PRODUCTION_PARAMS;

/**
 * Test suites only: argon2id's smallest cost, so that thousands of sign-ins do not dominate the
 * run. No setting or environment variable reaches this; it refuses to run in production.
 */
export function useCheapPasswordHashingInTests(): void {
  if (process.env.NODE_ENV === 'production') throw new Error('Cheap password hashing is for tests only');
  PARAMS = { memory: 64, passes: 1, parallelism: 1, tagLength: 32 };
}

export const MIN_PASSWORD_LENGTH = 12;

async function derive(
  password: string,
  salt: Buffer,
  p: { memory: number; passes: number; parallelism: number; tagLength: number },
): Promise<Buffer> {
  return argon2Async('argon2id', { message: password, nonce: salt, ...p });
}

/** Hashes a password into a PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, PARAMS);
  return `$argon2id$v=19$m=${PARAMS.memory},t=${PARAMS.passes},p=${PARAMS.parallelism}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const match = /^\$argon2id\$v=19\$m=(?<m>\d+),t=(?<t>\d+),p=(?<p>\d+)\$(?<salt>[\w-]+)\$(?<hash>[\w-]+)$/.exec(phc);
  const { m, t, p, salt, hash } = match?.groups ?? {};
  if (!m || !t || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), {
    memory: Number(m),
    passes: Number(t),
    parallelism: Number(p),
    tagLength: expected.length,
  });
  return timingSafeEqual(actual, expected);
}

/** A rule a person can follow: length beats complexity (NCSC guidance). */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (password.length > 256) return 'Password must be 256 characters or fewer';
  return null;
}

/**
 * A new password typed twice ("password" and "confirm-password" fields): the problems by field.
 * `what` names it in the messages: "password" (an invite) or "new password" (a reset).
 */
export function newPasswordProblems(password: string, confirmation: string, what: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const problem = password ? passwordProblem(password) : `Enter a ${what}`;
  if (problem) fields.password = problem;
  else if (!confirmation) fields['confirm-password'] = `Enter your ${what} again`;
  else if (confirmation !== password) fields['confirm-password'] = 'The passwords do not match';
  return fields;
}
