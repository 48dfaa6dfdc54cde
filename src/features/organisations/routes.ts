import { Router, type Response } from 'express';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { flash, formField, formList, renderPage } from '../../web/render.ts';
import { route, type SignedInRequest } from '../../web/route.ts';
import type { Services } from '../../services.ts';
import { hasCapability } from '../accounts/actor.ts';
import { label, ORGANISATION_TYPES, SECTORS, SERVICES } from '../accounts/organisation-codes.ts';
import type { OrganisationInput, OrganisationRecord } from './service.ts';

const VIEWS = 'organisations/views';

function organisationId(value: unknown): number {
  const text = String(value);
  if (!/^\d{1,9}$/.test(text)) throw new NotFoundError('Organisation');
  return Number(text);
}

const readForm = (body: unknown): OrganisationInput => ({
  name: formField(body, 'name'),
  type: formField(body, 'type'),
  sector: formField(body, 'sector'),
  services: formList(body, 'services'),
});

const options = (list: Record<string, string>, chosen: string[]) =>
  Object.entries(list).map(([value, text]) => ({ value, text, checked: chosen.includes(value) }));

/** The form's radios and checkboxes, with the user's choices kept. */
const formItems = (values: Partial<OrganisationInput>) => ({
  typeItems: options(ORGANISATION_TYPES, [values.type ?? '']),
  sectorItems: options(SECTORS, [values.sector ?? '']),
  serviceItems: options(SERVICES, values.services ?? []),
});

/** Codes turned into the words people read. */
const described = (o: OrganisationRecord) => ({
  ...o,
  typeName: label(ORGANISATION_TYPES, o.type),
  sectorName: label(SECTORS, o.sector),
  serviceNames: o.services.map((s) => label(SERVICES, s)),
});

export function organisationsRoutes(services: Services): Router {
  const router = Router();
  const organisations = services.organisations;

  function showNewForm(res: Response, values: Partial<OrganisationInput> = {}, errors?: Record<string, string>) {
    renderPage(res, `${VIEWS}/form.njk`, 'Add an organisation', {
      values,
      errors,
      ...formItems(values),
      action: '/admin/organisations/new',
      heading: 'Add an organisation',
      button: 'Add organisation',
      backLink: '/admin/organisations',
      cancel: '/admin/organisations',
    });
  }

  async function showEditForm(
    req: SignedInRequest,
    res: Response,
    id: number,
    values?: OrganisationInput,
    errors?: Record<string, string>,
  ) {
    const organisation = await organisations.get(req.actor, id);
    const shown = values ?? organisation;
    renderPage(res, `${VIEWS}/form.njk`, `Change ${organisation.name}`, {
      values: shown,
      errors,
      ...formItems(shown),
      action: `/admin/organisations/${id}/edit`,
      caption: organisation.name,
      heading: 'Change organisation details',
      button: 'Save changes',
      backLink: `/admin/organisations/${id}`,
      cancel: `/admin/organisations/${id}`,
    });
  }

  router.get(
    '/admin/organisations',
    route('organisations:view', async (req, res) => {
      const canManage = hasCapability(req.actor, 'organisations:manage');
      renderPage(res, `${VIEWS}/index.njk`, 'Organisations', {
        organisations: (await organisations.list(req.actor)).map(described),
        canManage,
        columnClass: 'govuk-grid-column-full',
        backLink: canManage ? '/admin' : undefined,
      });
    }),
  );

  router.get(
    '/admin/organisations/new',
    route('organisations:manage', (_req, res) => showNewForm(res)),
  );

  router.post(
    '/admin/organisations/new',
    route('organisations:manage', async (req, res) => {
      const values = readForm(req.body);
      try {
        const created = await organisations.create(req.actor, values);
        flash(req, `${created.name} is added`);
        res.redirect(303, `/admin/organisations/${created.id}`);
      } catch (err) {
        if (err instanceof ValidationError) return showNewForm(res.status(400), values, err.fields);
        throw err;
      }
    }),
  );

  router.get(
    '/admin/organisations/:id',
    route('organisations:view', async (req, res) => {
      const organisation = await organisations.get(req.actor, organisationId(req.params.id));
      renderPage(res, `${VIEWS}/show.njk`, organisation.name, {
        organisation: described(organisation),
        canManage: hasCapability(req.actor, 'organisations:manage'),
        backLink: '/admin/organisations',
      });
    }),
  );

  router.get(
    '/admin/organisations/:id/edit',
    route('organisations:manage', (req, res) => showEditForm(req, res, organisationId(req.params.id))),
  );

  router.post(
    '/admin/organisations/:id/edit',
    route('organisations:manage', async (req, res) => {
      const id = organisationId(req.params.id);
      const values = readForm(req.body);
      try {
        const saved = await organisations.update(req.actor, id, values);
        flash(req, `Changes to ${saved.name} are saved`);
        res.redirect(303, `/admin/organisations/${id}`);
      } catch (err) {
        if (err instanceof ValidationError) return showEditForm(req, res.status(400), id, values, err.fields);
        throw err;
      }
    }),
  );

  return router;
}
