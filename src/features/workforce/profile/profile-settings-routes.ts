import { Router, type Response } from 'express';
import { ValidationError } from '../../../lib/errors.ts';
import { flash, formField, renderPage } from '../../../web/kit/render.ts';
import { route, type SignedInRequest } from '../../../web/kit/route.ts';
import type { Services } from '../../../services.ts';
import { SERVICES } from '../../accounts/organisation-codes.ts';
import type { WorkforceSettings, WorkforceSettingsInput } from './profile-types.ts';
import { localAuthorities } from './reference.ts';
import { QUALIFICATION_LEVELS } from '../standard/standard.ts';

const VIEW = 'workforce/profile/views/settings.njk';
const PATH = '/workforce/profile/settings';
export const NEIGHBOUR_FIELDS = 10;
const SETTINGS_CAPABILITY = 'organisations:manage';

/** The form's fields back into the service's input (one select per service, ten neighbour selects). */
function readForm(body: unknown): WorkforceSettingsInput {
  const minimumQualifications: Record<string, string> = {};
  for (const service of Object.keys(SERVICES)) {
    const level = formField(body, `minimum-${service}`);
    if (level) minimumQualifications[service] = level;
  }
  const neighbours: string[] = [];
  for (let i = 1; i <= NEIGHBOUR_FIELDS; i += 1) {
    const code = formField(body, `neighbour${i}`);
    if (code) neighbours.push(code);
  }
  return {
    localAuthorityCode: formField(body, 'localAuthorityCode'),
    retirementAge: formField(body, 'retirementAge').trim(),
    workingDaysPerYear: formField(body, 'workingDaysPerYear').trim(),
    minimumQualifications,
    statisticalNeighbours: neighbours,
  };
}

const fromSettings = (s: WorkforceSettings): WorkforceSettingsInput => ({
  localAuthorityCode: s.localAuthorityCode ?? '',
  retirementAge: s.retirementAge,
  workingDaysPerYear: s.workingDaysPerYear,
  minimumQualifications: s.minimumQualifications,
  statisticalNeighbours: s.statisticalNeighbours,
});

export function profileSettingsRoutes(services: Services): Router {
  const router = Router();
  const profiles = services.profile;

  async function showForm(
    req: SignedInRequest,
    res: Response,
    values?: WorkforceSettingsInput,
    errors?: Record<string, string>,
  ) {
    const settings = await profiles.getSettings(req.actor);
    const shown = values ?? fromSettings(settings);
    const authorities = localAuthorities();
    const laItems = (chosen: string, none: string) => [
      { value: '', text: none },
      ...authorities.map((a) => ({ value: a.code, text: `${a.name} (${a.code})`, selected: a.code === chosen })),
    ];
    const levels = (chosen: string | undefined) => [
      { value: '', text: 'No minimum' },
      ...QUALIFICATION_LEVELS.filter((l) => l.code !== 'none' && l.code !== 'not_known').map((l) => ({
        value: l.code,
        text: l.label,
        selected: l.code === chosen,
      })),
    ];
    renderPage(res, VIEW, 'Workforce profile settings', {
      values: shown,
      errors,
      settings,
      backLink: '/workforce/profile',
      localAuthorityItems: laItems(shown.localAuthorityCode, 'Select a local authority'),
      minimumFields: Object.entries(SERVICES).map(([code, name]) => ({
        code,
        name,
        items: levels(shown.minimumQualifications[code]),
      })),
      neighbourFields: Array.from({ length: NEIGHBOUR_FIELDS }, (_, i) => ({
        n: i + 1,
        items: laItems(shown.statisticalNeighbours[i] ?? '', 'None'),
      })),
    });
  }

  router.get(
    PATH,
    route(SETTINGS_CAPABILITY, (req, res) => showForm(req, res)),
  );

  router.post(
    PATH,
    route(SETTINGS_CAPABILITY, async (req, res) => {
      const values = readForm(req.body);
      try {
        await profiles.updateSettings(req.actor, values);
        flash(req, 'The workforce profile settings are saved');
        res.redirect(303, PATH);
      } catch (err) {
        if (err instanceof ValidationError) return showForm(req, res.status(400), values, err.fields);
        throw err;
      }
    }),
  );

  return router;
}
