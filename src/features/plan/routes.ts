import type { Services } from '../../services.ts';
import { defineFeature, type Feature } from '../../web/kit/page.ts';
import { actionPages } from './actions-routes.ts';
import { planPaths as paths, PREFIX } from './paths.ts';
import { priorityPages } from './priorities-routes.ts';
import { riskPages } from './risks-routes.ts';
import { importPages } from './import-routes.ts';
import { indicatorPages } from './indicators-routes.ts';
import { fundingPages } from './funding-routes.ts';
import { governancePages } from './governance-routes.ts';
import { glossaryPages } from './glossary-routes.ts';

/** The strategy and action plan (issue 15, docs/adr/0023). */
export function planFeature(services: Services): Feature {
  return defineFeature(
    PREFIX,
    [
      ...priorityPages(services),
      ...actionPages(services),
      ...riskPages(services),
      ...importPages(services),
      ...indicatorPages(services),
      ...fundingPages(services),
      ...governancePages(services),
      ...glossaryPages(services),
    ],
    paths,
  );
}
