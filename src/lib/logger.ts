import { pino, type Logger } from 'pino';

/** Paths never written to logs: secrets, and personal fields that may pass through. */
const REDACT = [
  'password',
  '*.password',
  '*.newPassword',
  '*.confirmPassword',
  'token',
  '*.token',
  '*.apiToken',
  '*.secret',
  '*.clientSecret',
  '*.sessionSecret',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'email',
  '*.email',
  '*.name',
  '*.displayName',
  '*.birthYear',
  '*.ethnicity',
  '*.disability',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } });
}

export type { Logger };
