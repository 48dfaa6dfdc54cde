import { z } from 'zod';
import type { Services } from '../../services.ts';
import { defineFeature, definePage, formChoices, formText, idParam, type Feature } from '../../web/kit/page.ts';
import { formField, formList } from '../../web/kit/render.ts';
import { hasCapability } from '../../auth/actor.ts';
import { label, ORGANISATION_TYPES, SECTORS, SERVICES } from '../accounts/organisation-codes.ts';
import { organisationPaths as paths, PREFIX } from './paths.ts';
import type { OrganisationRecord } from './service.ts';

const VIEWS = 'organisations/views';

const byId = z.object({ id: idParam });

/** The form as sent; the service checks the values and says what is wrong with each. */
const organisationForm = z.object({ name: formText, type: formText, sector: formText, services: formChoices });

const options = (list: Record<string, string>, chosen: string[]) =>
  Object.entries(list).map(([value, text]) => ({ value, text, checked: chosen.includes(value) }));

/** The form's radios and checkboxes, with the user's choices kept. */
const formItems = (values: unknown) => ({
  values,
  typeItems: options(ORGANISATION_TYPES, [formField(values, 'type')]),
  sectorItems: options(SECTORS, [formField(values, 'sector')]),
  serviceItems: options(SERVICES, formList(values, 'services')),
});

/** The add and change form: one template, its heading and button, going back to `back`. */
const formPage = (
  title: string,
  values: unknown,
  f: { action: string; heading: string; button: string; back: string; caption?: string },
) => ({
  template: `${VIEWS}/form.njk`,
  title,
  locals: { ...formItems(values), ...f, backLink: f.back, cancel: f.back },
});

/** Codes turned into the words people read. */
const described = (o: OrganisationRecord) => ({
  ...o,
  href: paths.show({ id: o.id }),
  typeName: label(ORGANISATION_TYPES, o.type),
  sectorName: label(SECTORS, o.sector),
  serviceNames: o.services.map((s) => label(SERVICES, s)),
});

/** Organisations: the worked example of definePage (docs/adr/0011-pages-declared-once.md). */
export function organisationsFeature(services: Services): Feature {
  const organisations = services.organisations;

  const index = definePage({
    path: paths.index,
    access: 'organisations:view',
    load: async ({ actor }) => (await organisations.list(actor)).map(described),
    view: (list, { actor }) => {
      const canManage = hasCapability(actor, 'organisations:manage');
      return {
        template: `${VIEWS}/index.njk`,
        title: 'Organisations',
        locals: {
          organisations: list,
          canManage,
          newHref: paths.new(),
          columnClass: 'govuk-grid-column-full',
          backLink: canManage ? '/admin' : undefined,
        },
      };
    },
  });

  const add = definePage({
    path: paths.new,
    access: 'organisations:manage',
    form: organisationForm,
    view: (_data, _ctx, form) =>
      formPage('Add an organisation', form?.values ?? {}, {
        action: paths.new(),
        heading: 'Add an organisation',
        button: 'Add organisation',
        back: paths.index(),
      }),
    submit: async ({ actor, form }) => {
      const created = await organisations.create(actor, form);
      return { redirect: paths.show({ id: created.id }), flash: `${created.name} is added` };
    },
  });

  const show = definePage({
    path: paths.show,
    access: 'organisations:view',
    params: byId,
    load: ({ actor, params }) => organisations.get(actor, params.id),
    view: (organisation, { actor }) => ({
      template: `${VIEWS}/show.njk`,
      title: organisation.name,
      locals: {
        organisation: described(organisation),
        canManage: hasCapability(actor, 'organisations:manage'),
        editHref: paths.edit({ id: organisation.id }),
        backLink: paths.index(),
      },
    }),
  });

  const edit = definePage({
    path: paths.edit,
    access: 'organisations:manage',
    params: byId,
    form: organisationForm,
    load: ({ actor, params }) => organisations.get(actor, params.id),
    view: (organisation, _ctx, form) =>
      formPage(`Change ${organisation.name}`, form?.values ?? organisation, {
        action: paths.edit({ id: organisation.id }),
        caption: organisation.name,
        heading: 'Change organisation details',
        button: 'Save changes',
        back: paths.show({ id: organisation.id }),
      }),
    submit: async ({ actor, params, form }) => {
      const saved = await organisations.update(actor, params.id, form);
      return { redirect: paths.show({ id: params.id }), flash: `Changes to ${saved.name} are saved` };
    },
  });

  return defineFeature(PREFIX, [index, add, show, edit]);
}
