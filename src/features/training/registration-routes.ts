import { z } from 'zod';
import type { Services } from '../../services.ts';
import { definePage, formText, idParam, type Page } from '../../web/kit/page.ts';
import { formField } from '../../web/kit/render.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { registrationPaths as paths } from './registration-paths.ts';
import { jobRoleOptions } from './view-model.ts';

const VIEWS = 'training/views/registration';
const anyForm = z.record(z.string(), z.unknown());

/** Self-registration (public) and its settings: each organisation's email domains, the public catalogue switch. */
export function registrationPages(services: Services): Page[] {
  return [...registerPages(services), ...settingsPages(services)];
}

/** The GOV.UK pattern: the form, then "Check your email". */
function registerPages(services: Services): Page[] {
  const registration = services.trainingRegistration;

  const register = definePage({
    path: paths.selfRegister,
    access: 'public',
    form: anyForm,
    throttledField: 'email',
    load: () => registration.choices(),
    view: (choices, _ctx, form) => {
      const values = form?.values ?? {};
      const several = new Set(choices.map((c) => c.partnershipId)).size > 1;
      return {
        template: `${VIEWS}/register.njk`,
        title: 'Register to book training',
        locals: {
          values,
          hasChoices: choices.length > 0,
          action: paths.selfRegister(),
          organisationItems: [
            { value: '', text: 'Choose your organisation' },
            ...choices.map((c) => ({
              value: String(c.id),
              text: several ? `${c.name} (${c.partnershipName})` : c.name,
              selected: formField(values, 'organisation') === String(c.id),
            })),
          ],
          roleItems: [{ value: '', text: 'Choose your job role' }, ...jobRoleOptions([formField(values, 'job_role')])],
        },
      };
    },
    submit: async ({ form, req }) => {
      await registration.register(form, req.ip ?? 'unknown');
      return paths.selfRegisterSent();
    },
  });

  const sent = definePage({
    path: paths.selfRegisterSent,
    access: 'public',
    view: () => ({
      template: `${VIEWS}/sent.njk`,
      title: 'Check your email',
      locals: { validDays: registration.validDays, again: paths.selfRegister() },
    }),
  });

  return [register, sent];
}

/** Where coordinators keep each organisation's email domains and switch the public catalogue on or off. */
function settingsPages(services: Services): Page[] {
  const registration = services.trainingRegistration;
  const settings = definePage({
    path: paths.settings,
    access: 'training:manage',
    load: async ({ actor }) => ({
      organisations: await registration.domains(actor),
      publicOn: await services.trainingPublic.isOn(actor),
      partnershipId: actor.partnershipId,
    }),
    view: (data) => ({
      template: `${VIEWS}/settings.njk`,
      title: 'Registration and the public catalogue',
      locals: {
        ...data,
        organisations: data.organisations.map((o) => ({ ...o, href: paths.editDomains({ id: o.id }) })),
        publicHref: paths.publicPartnership({ partnership: data.partnershipId }),
        switchAction: paths.publicSwitch(),
        registerHref: paths.selfRegister(),
        columnClass: 'govuk-grid-column-full',
      },
    }),
  });

  const publicSwitch = definePage({
    path: paths.publicSwitch,
    access: 'training:manage',
    only: 'post',
    form: z.object({ public: formText }),
    submit: async ({ actor, form }) => {
      await services.trainingPublic.switch(actor, form.public === 'on');
      return {
        redirect: paths.settings(),
        flash: form.public === 'on' ? 'The public catalogue is on' : 'The public catalogue is off',
      };
    },
  });

  const editDomains = definePage({
    path: paths.editDomains,
    access: 'training:manage',
    params: z.object({ id: idParam }),
    form: z.object({ domains: formText }),
    load: async ({ actor, params }) => {
      const organisation = (await registration.domains(actor)).find((o) => o.id === params.id);
      if (!organisation) throw new NotFoundError('Organisation');
      return organisation;
    },
    view: (organisation, { params }, form) => ({
      template: `${VIEWS}/domains-form.njk`,
      title: `Email domains of ${organisation.name}`,
      locals: {
        organisation,
        values: form?.values ?? { domains: organisation.domains.join('\n') },
        action: paths.editDomains({ id: params.id }),
        backLink: paths.settings(),
        cancel: paths.settings(),
      },
    }),
    submit: async ({ actor, params, form }) => {
      const saved = await registration.saveDomains(actor, params.id, form.domains);
      return { redirect: paths.settings(), flash: `The email domains of ${saved.name} are saved` };
    },
  });

  return [settings, publicSwitch, editDomains];
}
