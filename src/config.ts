import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

export type DatabaseEngine = 'sqlite' | 'postgres';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  /** Label on the sign-in button, e.g. "Sign in with your council account". */
  label: string;
  /** Allow http:// issuers (local testing only). */
  allowInsecure: boolean;
}

/** Email (docs/adr/0015): Notify, else SMTP, else none (messages wait in the outbox). */
export interface MessagingConfig {
  notify: { apiKey: string; templateId: string; baseUrl: string } | null;
  smtpUrl: string;
  from: string;
  maxAttempts: number;
  purgeAfterDays: number;
  /** Days before a self-assessment round closes, and before a returns deadline, that reminders go (0: none). */
  reminderDays: { assessment: number; returns: number };
}

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** HOST was given: the demo then listens where it says rather than on 127.0.0.1 only. */
  hostFromEnv: boolean;
  /** Express's 'trust proxy': which proxies may set X-Forwarded-For (TRUST_PROXY; none by default). */
  trustProxy: boolean | number | string;
  /** Worker processes, the request queue and the PostgreSQL pool (see README "Capacity"). */
  capacity: {
    workers: number;
    maxConcurrent: number;
    queueLimit: number;
    timeoutMs: number;
    poolSize: number;
    poolTimeoutMs: number;
  };
  baseUrl: string;
  database: { engine: DatabaseEngine; url: string; sqliteFile: string };
  sessionSecret: string;
  sessionMaxAgeMinutes: number;
  secureCookies: boolean;
  signIn: { maxFailures: number; windowMinutes: number };
  inviteValidDays: number;
  suppressionThreshold: number;
  /** Largest workforce return file accepted through the web upload, in bytes. */
  workforceUploadMaxBytes: number;
  /** Problems an upload keeps in detail, per severity; a file with more errors is refused early. */
  workforceProblemLimit: number;
  /** The quarterly board pack is drafted this many days before each quarter ends. */
  boardPackDraftDays: number;
  /** Years without training activity after which a practitioner's personal data is erased (0: never). */
  trainingEraseAfterYears: number;
  logLevel: string;
  oidc: OidcConfig | null;
  messaging: MessagingConfig;
  version: string;
}

type Env = Record<string, string | undefined>;

/** TRUST_PROXY: unset or "false" trusts no proxy; a number is that many hops; else addresses or subnets. */
function trustProxy(raw: string | undefined): boolean | number | string {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true')
    throw new ConfigError(
      'TRUST_PROXY=true would let anyone choose their address with X-Forwarded-For: give the number of proxies in front of the app, or their addresses (e.g. "loopback" or "10.0.0.0/8")',
    );
  return /^\d+$/.test(value) ? Number(value) : value;
}

export class ConfigError extends Error {}

function integer(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  return value;
}

function readOidc(env: Env, baseUrl: string): OidcConfig | null {
  const issuer = env.OIDC_ISSUER;
  if (!issuer) return null;
  const clientId = env.OIDC_CLIENT_ID;
  const clientSecret = env.OIDC_CLIENT_SECRET;
  if (!clientId || !clientSecret)
    throw new ConfigError('OIDC_ISSUER is set, so OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set too');
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUrl: env.OIDC_REDIRECT_URL ?? `${baseUrl}/sign-in/oidc/callback`,
    label: env.OIDC_LABEL ?? 'Sign in with your organisation account',
    allowInsecure: env.OIDC_ALLOW_INSECURE === 'true',
  };
}

function readMessaging(env: Env): MessagingConfig {
  const apiKey = env.NOTIFY_API_KEY ?? '';
  if (apiKey && !env.NOTIFY_TEMPLATE_ID)
    throw new ConfigError('NOTIFY_API_KEY is set, so NOTIFY_TEMPLATE_ID (the generic template) must be set too');
  return {
    notify: apiKey ? { apiKey, templateId: env.NOTIFY_TEMPLATE_ID ?? '', baseUrl: env.NOTIFY_BASE_URL ?? '' } : null,
    smtpUrl: env.SMTP_URL ?? '',
    from: env.EMAIL_FROM ?? 'One Workforce <no-reply@one-workforce.invalid>',
    maxAttempts: integer(env, 'EMAIL_MAX_ATTEMPTS', 8) || 1,
    purgeAfterDays: integer(env, 'EMAIL_PURGE_DAYS', 30),
    reminderDays: {
      assessment: integer(env, 'ASSESSMENT_REMINDER_DAYS', 3),
      returns: integer(env, 'RETURNS_REMINDER_DAYS', 7),
    },
  };
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const port = integer(env, 'PORT', 3000);
  const host = env.HOST ?? '0.0.0.0';
  const baseUrl = (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  const url = env.DATABASE_URL ?? '';
  const engine: DatabaseEngine = /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
  if (url && engine === 'sqlite') throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  let sessionSecret = env.SESSION_SECRET ?? '';
  if (!sessionSecret) {
    if (nodeEnv === 'production')
      throw new ConfigError('SESSION_SECRET must be set in production (32 or more random characters)');
    sessionSecret = randomBytes(32).toString('hex');
  }
  if (nodeEnv === 'production' && sessionSecret.length < 32)
    throw new ConfigError('SESSION_SECRET must be at least 32 characters');
  return {
    env: nodeEnv,
    port,
    host,
    hostFromEnv: env.HOST !== undefined && env.HOST !== '',
    trustProxy: trustProxy(env.TRUST_PROXY),
    capacity: {
      workers: integer(env, 'WEB_CONCURRENCY', availableParallelism()) || 1,
      maxConcurrent: integer(env, 'MAX_CONCURRENT_REQUESTS', 20) || 1,
      queueLimit: integer(env, 'REQUEST_QUEUE_LIMIT', 200),
      timeoutMs: (integer(env, 'REQUEST_TIMEOUT_SECONDS', 10) || 1) * 1000,
      poolSize: integer(env, 'DATABASE_POOL_SIZE', 10) || 1,
      poolTimeoutMs: integer(env, 'DATABASE_POOL_TIMEOUT_MS', 3000),
    },
    baseUrl,
    database: { engine, url, sqliteFile: resolve(env.SQLITE_FILE ?? 'data/one-workforce.sqlite') },
    sessionSecret,
    sessionMaxAgeMinutes: integer(env, 'SESSION_MAX_AGE_MINUTES', 8 * 60),
    secureCookies: env.SECURE_COOKIES ? env.SECURE_COOKIES === 'true' : baseUrl.startsWith('https://'),
    signIn: {
      maxFailures: integer(env, 'SIGN_IN_MAX_FAILURES', 5),
      windowMinutes: integer(env, 'SIGN_IN_WINDOW_MINUTES', 15),
    },
    inviteValidDays: integer(env, 'INVITE_VALID_DAYS', 14),
    suppressionThreshold: integer(env, 'SUPPRESSION_THRESHOLD', 5),
    workforceUploadMaxBytes: integer(env, 'WORKFORCE_UPLOAD_MAX_BYTES', 50 * 1024 * 1024),
    workforceProblemLimit: Math.max(1, integer(env, 'WORKFORCE_PROBLEM_LIMIT', 1000)),
    boardPackDraftDays: integer(env, 'BOARD_PACK_DRAFT_DAYS', 14),
    trainingEraseAfterYears: integer(env, 'TRAINING_ERASE_AFTER_YEARS', 6),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    oidc: readOidc(env, baseUrl),
    messaging: readMessaging(env),
    version: env.npm_package_version ?? '0.1.0',
  };
}
