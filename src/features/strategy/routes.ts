import { z } from 'zod';
import type { Services } from '../../services.ts';
import { defineFeature, definePage, type Feature, formText, idParam, type Page } from '../../web/kit/page.ts';
import { planPaths } from '../plan/paths.ts';
import { strategyPaths as paths, PREFIX, PUBLIC_PREFIX } from './paths.ts';
import { checklistPages } from './checklist-routes.ts';
import { documentPages, publicDocumentPages } from './document-routes.ts';
import { publicPages, promotionPages } from './public-routes.ts';
import { versionPages } from './version-routes.ts';
import { statusTag, VIEWS } from './view-helpers.ts';

const byId = z.object({ id: idParam });
const strategyForm = z.object({ title: formText, startYear: formText, endYear: formText });

/** The strategies list, adding one, a strategy's versions and starting a new draft. */
function strategyPages(services: Services): Page[] {
  const strategies = services.strategies;

  const index = definePage({
    path: paths.strategies,
    access: 'plan:view',
    load: ({ actor }) => strategies.list(actor),
    view: (found) => ({
      template: `${VIEWS}/strategies.njk`,
      title: 'Strategies',
      locals: {
        ...found,
        publicPath: found.publishedSlug ? paths.published({ slug: found.publishedSlug }) : null,
        strategies: found.strategies.map((s) => ({
          ...s,
          versions: s.versions.map((v) => ({ ...v, tag: statusTag(v.status) })),
        })),
        backLink: planPaths.index(),
      },
    }),
  });

  const add = definePage({
    path: paths.newStrategy,
    access: 'plan:edit',
    form: strategyForm,
    view: (_d, _c, form) => ({
      template: `${VIEWS}/strategy-form.njk`,
      title: 'Add a strategy',
      locals: { values: form?.values ?? {}, backLink: paths.strategies(), cancel: paths.strategies() },
    }),
    submit: async ({ actor, form }) => {
      const created = await strategies.create(actor, form);
      return {
        redirect: paths.version({ id: created.versionId }),
        flash: `${form.title.trim()} is added with a first draft`,
      };
    },
  });

  type Found = Awaited<ReturnType<typeof strategies.get>>;
  const strategyView = (found: Found) => ({
    template: `${VIEWS}/strategy.njk`,
    title: `${found.strategy.title} ${found.strategy.period}`,
    locals: {
      ...found,
      versions: found.versions.map((v) => ({ ...v, tag: statusTag(v.status) })),
      backLink: paths.strategies(),
    },
  });

  const show = definePage({
    path: paths.strategy,
    access: 'plan:view',
    params: byId,
    load: ({ actor, params }) => strategies.get(actor, params.id),
    view: strategyView,
  });

  const newVersion = definePage({
    path: paths.newVersion,
    access: 'plan:edit',
    params: byId,
    only: 'post',
    conflictField: 'version',
    load: ({ actor, params }) => strategies.get(actor, params.id),
    view: strategyView,
    submit: async ({ actor, params }) => {
      const draft = await strategies.startDraft(actor, params.id);
      return { redirect: paths.version({ id: draft.id }), flash: `Version ${draft.number} is started as a draft` };
    },
  });

  return [index, add, show, newVersion];
}

/** Strategies with versions, their sections and checklist, and promotion (issue 15 points 1, 2, 8; docs/adr/0026). */
export function strategyFeature(services: Services): Feature {
  return defineFeature(
    PREFIX,
    [
      ...strategyPages(services),
      ...versionPages(services),
      ...documentPages(services),
      ...checklistPages(services),
      ...promotionPages(services),
    ],
    paths,
  );
}

/** The published strategy, open without an account. */
export const publicStrategyFeature = (services: Services): Feature =>
  defineFeature(PUBLIC_PREFIX, [...publicPages(services), ...publicDocumentPages(services)], paths);
