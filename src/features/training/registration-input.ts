/*
 * The checks a practitioner's details pass however they arrive: self-registration, a coordinator's
 * form, or a row of a CSV file (issue 14, "People"). Pure: no I/O.
 */
import { JOB_ROLES } from '../workforce/standard/standard.ts';

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const JOB_ROLE_CODES = new Set(JOB_ROLES.map((r) => r.code));
const JOB_ROLE_BY_LABEL = new Map(
  JOB_ROLES.flatMap((r) => [r.label, ...(r.synonyms ?? [])].map((name) => [name.toLowerCase(), r.code] as const)),
);
const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export interface PractitionerDetails {
  name: string;
  email: string;
  job_role: string;
  line_manager_email: string;
  worker_id: string | null;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The part of an address after the "@", lower-case. */
export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** A job role given as the data standard's code, its label or a synonym (a CSV may carry any). */
export function jobRoleCode(value: string): string | null {
  const v = value.trim();
  if (JOB_ROLE_CODES.has(v)) return v;
  return JOB_ROLE_BY_LABEL.get(v.toLowerCase()) ?? null;
}

/** Shapes and checks a practitioner's details; errors are keyed by field, worded for the person typing them. */
export function checkPractitioner(
  values: Record<string, unknown>,
  who: 'self' | 'other',
): { details: PractitionerDetails; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const your = who === 'self' ? 'your' : 'the practitioner’s';
  const name = text(values.name).replace(/\s+/g, ' ');
  const email = text(values.email).toLowerCase();
  const manager = text(values.line_manager_email).toLowerCase();
  const role = jobRoleCode(text(values.job_role));
  const workerId = text(values.worker_id);
  if (!name) errors.name = `Enter ${your} full name`;
  else if (name.length > 120) errors.name = 'Full name must be 120 characters or fewer';
  if (!email) errors.email = `Enter ${your} email address`;
  else if (!EMAIL.test(email) || email.length > 254)
    errors.email = 'Enter an email address in the correct format, like name@example.org';
  if (!role) errors.job_role = `Select ${your} job role`;
  if (!EMAIL.test(manager))
    errors.line_manager_email = `Enter ${your} line manager’s email address, like name@example.org`;
  else if (manager === email) errors.line_manager_email = 'The line manager’s email address must be someone else’s';
  if (workerId.length > 50) errors.worker_id = 'Worker ID must be 50 characters or fewer';
  return {
    details: { name, email, job_role: role ?? '', line_manager_email: manager, worker_id: workerId || null },
    errors,
  };
}

/** An organisation's email domains typed one a line (or comma-separated), lower-case, "@" dropped; bad ones named. */
export function parseDomains(raw: string): { domains: string[]; errors: string[] } {
  const domains = new Set<string>();
  const errors: string[] = [];
  for (const part of raw.split(/[\s,;]+/)) {
    const domain = part.trim().toLowerCase().replace(/^@/, '');
    if (!domain) continue;
    if (DOMAIN.test(domain)) domains.add(domain);
    else errors.push(domain);
  }
  return { domains: [...domains].sort(), errors };
}
