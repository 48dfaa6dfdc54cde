import { z } from 'zod';
import type { Actor } from '../../auth/actor.ts';
import { NotFoundError } from '../../lib/errors.ts';
import type { Services } from '../../services.ts';
import { definePage, formChoices, formText, idParam, type Page, type SubmittedForm } from '../../web/kit/page.ts';
import { SECTORS } from '../accounts/organisation-codes.ts';
import { FOCUS_GROUP_COUNTING, parseAudience, RESPONDENT_TYPES } from './codes.ts';
import { assessmentPaths as paths } from './paths.ts';
import type { RoundInput } from './round-checks.ts';
import { VIEWS } from './web.ts';

/** The round form as sent, shaped as the service's input (the service checks the values). */
const roundForm = z
  .object({
    name: formText,
    'opensOn-day': formText,
    'opensOn-month': formText,
    'opensOn-year': formText,
    'closesOn-day': formText,
    'closesOn-month': formText,
    'closesOn-year': formText,
    organisationIds: formChoices,
    sectors: formChoices,
    respondentTypes: formChoices,
    focusGroupCounting: formText,
  })
  .transform((f): RoundInput => ({
    name: f.name,
    opensOn: { day: f['opensOn-day'], month: f['opensOn-month'], year: f['opensOn-year'] },
    closesOn: { day: f['closesOn-day'], month: f['closesOn-month'], year: f['closesOn-year'] },
    organisationIds: f.organisationIds,
    sectors: f.sectors,
    respondentTypes: f.respondentTypes,
    focusGroupCounting: f.focusGroupCounting || 'one',
  }));

const dateParts = (iso: string | null) => {
  const [year, month, day] = (iso ?? '').split('-');
  return { day: day ? String(Number(day)) : '', month: month ? String(Number(month)) : '', year: year ?? '' };
};

interface StoredRound {
  name: string;
  opens_on: string | null;
  closes_on: string | null;
  audience_json: string;
  focus_group_counting: string;
}

/** A stored round as the form's values. */
function roundFormValues(round: StoredRound): RoundInput {
  const audience = parseAudience(round.audience_json);
  return {
    name: round.name,
    opensOn: dateParts(round.opens_on),
    closesOn: dateParts(round.closes_on),
    organisationIds: audience.organisationIds.map(String),
    sectors: audience.sectors,
    respondentTypes: audience.respondentTypes,
    focusGroupCounting: round.focus_group_counting,
  };
}

export const options = (list: Record<string, string>, chosen: string[]) =>
  Object.entries(list).map(([value, text]) => ({ value, text, checked: chosen.includes(value) }));

/** Round create and change: one form, for a new round or (with an id) for changing a live one. */
export function roundFormPages(services: Services): Page[] {
  const rounds = services.assessmentRounds;

  async function loadForm(actor: Actor, roundId?: number) {
    const organisations = await rounds.organisations(actor);
    const existing = roundId === undefined ? undefined : await rounds.get(actor, roundId);
    if (existing && existing.round.kind !== 'live') throw new NotFoundError('Self-assessment round');
    return { organisations, existing, roundId };
  }

  function formView({ organisations, existing, roundId }: Awaited<ReturnType<typeof loadForm>>, form?: SubmittedForm) {
    const values: Partial<RoundInput> = form
      ? roundForm.parse(form.values)
      : existing
        ? roundFormValues(existing.round)
        : {};
    return {
      template: `${VIEWS}/round-form.njk`,
      title: existing ? `Change ${existing.round.name}` : 'Create a self-assessment round',
      locals: {
        values,
        dates: { opensOn: values.opensOn, closesOn: values.closesOn },
        backLink: roundId === undefined ? paths.landing() : paths.round({ id: roundId }),
        roundId,
        roundName: existing?.round.name,
        responseCount: existing ? existing.totals.submitted + existing.totals.inProgress : 0,
        organisationItems: organisations.map((o) => ({
          value: String(o.id),
          text: o.name,
          checked: (values.organisationIds ?? []).includes(String(o.id)),
        })),
        sectorItems: options(SECTORS, values.sectors ?? []),
        typeItems: options(RESPONDENT_TYPES, values.respondentTypes ?? []),
        countingItems: options(FOCUS_GROUP_COUNTING, [values.focusGroupCounting ?? 'one']),
      },
    };
  }

  const newRound = definePage({
    path: paths.newRound,
    access: 'assessment:manage',
    form: roundForm,
    load: ({ actor }) => loadForm(actor),
    view: (data, _ctx, form) => formView(data, form),
    submit: async ({ actor, form }) => {
      const created = await rounds.create(actor, form);
      return {
        redirect: paths.round({ id: created.id }),
        flash: `${created.name} is created as a draft. Issue links, then open it.`,
      };
    },
  });

  const editRound = definePage({
    path: paths.editRound,
    access: 'assessment:manage',
    params: z.object({ id: idParam }),
    form: roundForm,
    load: ({ actor, params }) => loadForm(actor, params.id),
    view: (data, _ctx, form) => formView(data, form),
    submit: async ({ actor, params, form }) => {
      const saved = await rounds.update(actor, params.id, form);
      return {
        redirect: paths.round(params),
        flash: saved.changed ? `Changes to ${saved.name} are saved` : 'Nothing was changed',
      };
    },
  });

  return [newRound, editRound];
}
