import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express, RequestHandler } from 'express';
import { can, type Capability } from '../../auth/roles.ts';
import nunjucks from 'nunjucks';
import { formatDateTime } from '../../lib/time.ts';
import { formatDate } from '../../lib/dates.ts';
import { memoiseGovukMacros } from './macro-memo.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const GOVUK_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/**
 * Nunjucks over govuk-frontend's macros, the shared layouts and each feature's views. Compiled
 * templates are kept except in development, where an edited view shows on the next request;
 * recompiling govuk-frontend's macros costs tens of milliseconds a page.
 */
export function configureViews(app: Express, reloadTemplates: boolean): nunjucks.Environment {
  const env = nunjucks.configure([GOVUK_DIST, join(here, '..', 'views'), join(here, '..', '..', 'features')], {
    autoescape: true,
    express: app,
    noCache: reloadTemplates,
    throwOnUndefined: false,
  });
  if (!reloadTemplates) memoiseGovukMacros(env);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('date', formatDate);
  env.addFilter('json', (value: unknown) => JSON.stringify(value, null, 2));
  env.addFilter('trim', trimFilter);
  app.set('view engine', 'njk');
  return env;
}

/**
 * Nunjucks' own `trim` runs /^\s*|\s*$/g over the whole string, and govuk-frontend's macros trim
 * every caller's body (a page's whole content): a long page spent more time there than in the rest
 * of its rendering. String.prototype.trim removes the same characters and looks at the ends only.
 */
export function trimFilter(value: unknown): unknown {
  const text = String(value).trim();
  return value instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(text) : text;
}

export const SERVICE_NAME = 'One Workforce';

/** The areas; one with a capability is shown only to those who have it (a practitioner sees Training alone). */
const AREAS: { href: string; text: string; exact?: boolean; capability?: Capability }[] = [
  { href: '/', text: 'Home', exact: true },
  { href: '/assessment', text: 'Self-assessment', capability: 'assessment:respond' },
  { href: '/workforce', text: 'Workforce', capability: 'organisations:view' },
  { href: '/training', text: 'Training', capability: 'training:catalogue' },
  { href: '/plan', text: 'Strategy and plan', capability: 'organisations:view' },
  { href: '/reports', text: 'Reports', capability: 'organisations:view' },
];

/** What every page's layout needs: the service and partnership names, navigation, flash message. */
export const localsMiddleware: RequestHandler = (req, res, next) => {
  res.locals.serviceName = SERVICE_NAME;
  res.locals.actor = req.actor;
  res.locals.user = req.user;
  res.locals.partnership = req.partnership;
  res.locals.partnershipName = req.partnership?.name;
  res.locals.currentPath = req.path;
  const role = req.actor?.role ?? '';
  const items = AREAS.filter((item) => !item.capability || can(role, item.capability));
  if (can(role, 'users:manage') || can(role, 'organisations:manage') || can(role, 'audit:view'))
    items.push({ href: '/admin', text: 'Administration' });
  res.locals.navigation = req.actor
    ? items.map((item) => ({
        href: item.href,
        text: item.text,
        active: item.exact ? req.path === item.href : req.path === item.href || req.path.startsWith(`${item.href}/`),
      }))
    : [];
  if (req.session?.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  next();
};
