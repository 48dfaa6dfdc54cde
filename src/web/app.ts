import express, { type Express } from 'express';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../lib/logger.ts';
import type { Services } from '../services.ts';
import { authMiddleware } from './middleware/auth.ts';
import { csrfMiddleware } from './middleware/csrf.ts';
import { errorMiddleware, notFoundMiddleware } from './middleware/errors.ts';
import { flashMiddleware } from './middleware/flash.ts';
import { healthMiddleware } from './middleware/health.ts';
import { loadShedding } from './middleware/load-shedding.ts';
import { startupGate, type StartupState } from './middleware/startup.ts';
import { securityMiddleware } from './middleware/security.ts';
import { sessionMiddleware } from './middleware/session.ts';
import { staticMiddleware } from './middleware/static.ts';
import { configureViews, localsMiddleware } from './middleware/views.ts';
import { apiRouter } from '../api/router.ts';
import type { Feature } from './kit/page.ts';
import { accountsFeature } from '../features/accounts/routes.ts';
import { auditFeature } from '../features/audit/routes.ts';
import { homeFeature } from '../features/home/routes.ts';
import { organisationsFeature } from '../features/organisations/routes.ts';
import { messagingFeature } from '../features/messaging/routes.ts';
import { administrationFeature } from '../features/administration/routes.ts';
import { partnershipsFeature } from '../features/partnerships/routes.ts';
import { trainingFeature } from '../features/training/routes.ts';
import { planFeature } from '../features/plan/routes.ts';
import { publicStrategyFeature, strategyFeature } from '../features/strategy/routes.ts';
import { returnsFeature } from '../features/workforce/returns/returns-routes.ts';
import { standardFeature } from '../features/workforce/standard/standard-routes.ts';
import { profileRoutes } from '../features/workforce/profile/profile-routes.ts';
import { assessmentFeature } from '../features/assessment/routes.ts';
import { reportsHomeFeature } from '../features/reports/home-routes.ts';
import { publicFeature } from '../features/public/routes.ts';
import { questionnaireFeature } from '../features/assessment/questionnaire-routes.ts';
import { boardPackFeature } from '../features/reports/pack-routes.ts';

export interface AppDependencies {
  config: Config;
  db: Db;
  services: Services;
  logger: Logger;
  /** Not ready while the app waits for its database at start; ready when omitted. */
  startup?: StartupState;
}

const mount = (app: Express, feature: Feature) => app.use(feature.prefix, feature.router);

/** The one place the web application is wired, in a fixed order. */
export function createApp({ config, db, services, logger, startup = { ready: true } }: AppDependencies): Express {
  const app = express();
  const production = config.env === 'production';
  app.disable('x-powered-by');
  // Every page and answer differs per request (CSRF token, nonce) and is sent no-store: an ETag
  // would never match, and Express would hash every body to make one (docs/adr/0047).
  app.disable('etag');
  app.set('trust proxy', config.trustProxy);
  configureViews(app, config.env === 'development');

  const load = loadShedding(config.capacity, logger);
  app.use(healthMiddleware(db, config, { startup, load: load.state }));
  app.use(securityMiddleware(config.secureCookies));
  app.use(staticMiddleware(production));
  app.use(startupGate(startup, logger));
  app.use(load.middleware);
  app.use('/api', apiRouter(services, config));
  app.use(sessionMiddleware(db, config));
  app.use(express.urlencoded({ extended: true, limit: '1mb' }));
  app.use(authMiddleware(services));
  app.use(localsMiddleware);
  app.use(flashMiddleware(config));
  app.use(csrfMiddleware(config));

  mount(app, accountsFeature(services, config, logger));
  mount(app, assessmentFeature(services));
  mount(app, questionnaireFeature(services));
  mount(app, trainingFeature(services));
  mount(app, planFeature(services));
  mount(app, boardPackFeature(services));
  mount(app, strategyFeature(services));
  mount(app, publicStrategyFeature(services));
  mount(app, homeFeature());
  mount(app, standardFeature());
  mount(app, returnsFeature(services, config));
  app.use(profileRoutes(services));
  mount(app, auditFeature(services));
  mount(app, administrationFeature());
  mount(app, messagingFeature(services));
  mount(app, organisationsFeature(services));
  mount(app, partnershipsFeature(services));
  mount(app, reportsHomeFeature(services));
  mount(app, publicFeature(services));

  app.use(notFoundMiddleware);
  app.use(errorMiddleware(db, logger));
  return app;
}
