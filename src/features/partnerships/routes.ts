import { z } from 'zod';
import type { Services } from '../../services.ts';
import { defineFeature, definePage, formText, idParam, type Feature } from '../../web/kit/page.ts';
import { partnershipPaths as paths, PREFIX } from './paths.ts';

const VIEWS = 'partnerships/views';

/** System administrators add partnerships and choose the one they work in. */
export function partnershipsFeature(services: Services): Feature {
  const partnerships = services.partnerships;

  const index = definePage({
    path: paths.index,
    access: 'partnerships:manage',
    load: ({ actor }) => partnerships.list(actor),
    view: (list, { actor }) => ({
      template: `${VIEWS}/index.njk`,
      title: 'Partnerships',
      locals: {
        partnerships: list.map((p) => ({ ...p, switchAction: paths.switch({ id: p.id }) })),
        currentId: actor.partnershipId,
        newHref: paths.new(),
        columnClass: 'govuk-grid-column-full',
        backLink: '/admin',
      },
    }),
  });

  const add = definePage({
    path: paths.new,
    access: 'partnerships:manage',
    form: z.object({ name: formText, localAuthorityCode: formText }),
    view: (_data, _ctx, form) => ({
      template: `${VIEWS}/new.njk`,
      title: 'Add a partnership',
      locals: { values: form?.values ?? {}, action: paths.new(), cancel: paths.index(), backLink: paths.index() },
    }),
    submit: async ({ actor, form }) => {
      const created = await partnerships.create(actor, form);
      return {
        redirect: paths.index(),
        flash: `${created.name} is added. Choose ‘Work in this partnership’ to set it up.`,
      };
    },
  });

  const switchTo = definePage({
    path: paths.switch,
    access: 'partnerships:manage',
    params: z.object({ id: idParam }),
    submit: async ({ actor, params, req }) => {
      const partnership = await partnerships.switchTo(actor, params.id);
      req.session.partnershipId = partnership.id;
      return { redirect: '/', flash: `You are now working in ${partnership.name}` };
    },
  });

  return defineFeature(PREFIX, [index, add, switchTo]);
}
