import { Router, type Response } from 'express';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { sendTable } from '../../lib/spreadsheet.ts';
import { flash, formField, formList, renderPage } from '../../web/kit/render.ts';
import { route, type SignedInRequest } from '../../web/kit/route.ts';
import type { Services } from '../../services.ts';
import { SECTORS } from '../accounts/organisation-codes.ts';
import { FOCUS_GROUP_COUNTING, parseAudience, RESPONDENT_TYPES } from './codes.ts';
import { roundStatus } from './round-status.ts';
import { formatDate, todayInLondon } from '../../lib/dates.ts';
import { LinkProblemError } from './questionnaire-service.ts';
import type { InvitationInput, RoundInput } from './rounds-service.ts';
import { roundEmailRoutes } from './round-email-routes.ts';
import { audienceFormItems, idParam, numericParams, VIEWS } from './web.ts';

const readRound = (body: unknown): RoundInput => ({
  name: formField(body, 'name'),
  opensOn: {
    day: formField(body, 'opensOn-day'),
    month: formField(body, 'opensOn-month'),
    year: formField(body, 'opensOn-year'),
  },
  closesOn: {
    day: formField(body, 'closesOn-day'),
    month: formField(body, 'closesOn-month'),
    year: formField(body, 'closesOn-year'),
  },
  organisationIds: formList(body, 'organisationIds'),
  sectors: formList(body, 'sectors'),
  respondentTypes: formList(body, 'respondentTypes'),
  focusGroupCounting: formField(body, 'focusGroupCounting') || 'one',
});

const dateParts = (iso: string | null) => {
  const [year, month, day] = (iso ?? '').split('-');
  return { day: day ? String(Number(day)) : '', month: month ? String(Number(month)) : '', year: year ?? '' };
};

/** A stored round as the form's values. */
function roundFormValues(round: {
  name: string;
  opens_on: string | null;
  closes_on: string | null;
  audience_json: string;
  focus_group_counting: string;
}): RoundInput {
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

const options = (list: Record<string, string>, chosen: string[]) =>
  Object.entries(list).map(([value, text]) => ({ value, text, checked: chosen.includes(value) }));

/** Rounds: create, open and close, invitations and their download, focus groups. */
export function roundsRoutes(services: Services): Router {
  const router = Router();
  router.use(roundEmailRoutes(services));
  const rounds = services.assessmentRounds;
  const id = numericParams('id');

  /** The round form, for a new round or (with `roundId`) for changing one. */
  async function showForm(
    req: SignedInRequest,
    res: Response,
    values: Partial<RoundInput> = {},
    errors?: Record<string, string>,
    roundId?: number,
  ) {
    const organisations = await rounds.organisations(req.actor);
    const existing = roundId === undefined ? undefined : await rounds.get(req.actor, roundId);
    if (existing && existing.round.kind !== 'live') throw new NotFoundError('Self-assessment round');
    renderPage(
      res,
      `${VIEWS}/round-form.njk`,
      existing ? `Change ${existing.round.name}` : 'Create a self-assessment round',
      {
        values,
        errors,
        backLink: existing ? `/assessment/rounds/${roundId}` : '/assessment',
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
    );
  }

  router.get(
    '/assessment/rounds/new',
    route('assessment:manage', (req, res) => showForm(req, res)),
  );

  router.post(
    '/assessment/rounds/new',
    route('assessment:manage', async (req, res) => {
      const values = readRound(req.body);
      try {
        const created = await rounds.create(req.actor, values);
        flash(req, `${created.name} is created as a draft. Issue links, then open it.`);
        res.redirect(303, `/assessment/rounds/${created.id}`);
      } catch (err) {
        if (err instanceof ValidationError) return showForm(req, res.status(400), values, err.fields);
        throw err;
      }
    }),
  );

  router.get(
    '/assessment/rounds/:id/edit',
    id,
    route('assessment:manage', async (req, res) => {
      const roundId = idParam(req.params.id);
      const { round } = await rounds.get(req.actor, roundId);
      await showForm(req, res, roundFormValues(round), undefined, roundId);
    }),
  );

  router.post(
    '/assessment/rounds/:id/edit',
    id,
    route('assessment:manage', async (req, res) => {
      const roundId = idParam(req.params.id);
      const values = readRound(req.body);
      try {
        const saved = await rounds.update(req.actor, roundId, values);
        flash(req, saved.changed ? `Changes to ${saved.name} are saved` : 'Nothing was changed');
        res.redirect(303, `/assessment/rounds/${roundId}`);
      } catch (err) {
        if (err instanceof ValidationError) return showForm(req, res.status(400), values, err.fields, roundId);
        throw err;
      }
    }),
  );

  async function showRound(
    req: SignedInRequest,
    res: Response,
    roundId: number,
    values: Partial<InvitationInput> = {},
    errors?: Record<string, string>,
  ) {
    const details = await rounds.get(req.actor, roundId);
    const status = roundStatus(details.round);
    renderPage(res, `${VIEWS}/round.njk`, details.round.name, {
      ...details,
      values,
      errors,
      status,
      tag: status.tag,
      today: todayInLondon(),
      hasLinks: details.perOrganisation.some((o) => o.personalLinks > 0 || o.openLink),
      columnClass: 'govuk-grid-column-full',
      backLink: '/assessment',
      opensText: formatDate(details.round.opens_on),
      closesText: formatDate(details.round.closes_on),
      organisationNames: details.audience.organisationIds.length
        ? details.audienceOrganisations.map((o) => o.name)
        : [],
      ...audienceFormItems(details, values),
      sectorNames: details.audience.sectors.map((s) => SECTORS[s as keyof typeof SECTORS] ?? s),
      typeNames: details.respondentTypes.map((t) => RESPONDENT_TYPES[t]),
      countingText: FOCUS_GROUP_COUNTING[details.round.focus_group_counting],
    });
  }

  router.get(
    '/assessment/rounds/:id',
    id,
    route('assessment:manage', (req, res) => showRound(req, res, idParam(req.params.id))),
  );

  for (const status of ['open', 'close'] as const) {
    router.post(
      `/assessment/rounds/:id/${status}`,
      id,
      route('assessment:manage', async (req, res) => {
        const roundId = idParam(req.params.id);
        let name: string;
        try {
          ({ name } = await rounds.setStatus(req.actor, roundId, status === 'open' ? 'open' : 'closed'));
        } catch (err) {
          if (err instanceof ValidationError) return showRound(req, res.status(400), roundId, {}, err.fields);
          throw err;
        }
        flash(req, `${name} is ${status === 'open' ? 'open' : 'closed'}`);
        res.redirect(303, `/assessment/rounds/${roundId}`);
      }),
    );
  }

  router.post(
    '/assessment/rounds/:id/invitations',
    id,
    route('assessment:manage', async (req, res) => {
      const roundId = idParam(req.params.id);
      const values: InvitationInput = {
        organisationId: formField(req.body, 'organisationId'),
        respondentType: formField(req.body, 'respondentType'),
        count: formField(req.body, 'count'),
      };
      try {
        const issued = await rounds.issuePersonal(req.actor, roundId, values);
        flash(
          req,
          `${issued.count} personal link${issued.count === 1 ? '' : 's'} issued for ${issued.organisation}. Download the links to send them.`,
        );
        res.redirect(303, `/assessment/rounds/${roundId}#links`);
      } catch (err) {
        if (err instanceof ValidationError) return showRound(req, res.status(400), roundId, values, err.fields);
        throw err;
      }
    }),
  );

  router.post(
    '/assessment/rounds/:id/open-links',
    id,
    route('assessment:manage', async (req, res) => {
      const roundId = idParam(req.params.id);
      try {
        const { count } = await rounds.issueOpenLinks(req.actor, roundId);
        flash(
          req,
          count
            ? `Open links issued for ${count} organisation${count === 1 ? '' : 's'}`
            : 'Every organisation in the audience already has an open link',
        );
        res.redirect(303, `/assessment/rounds/${roundId}#links`);
      } catch (err) {
        if (err instanceof ValidationError) return showRound(req, res.status(400), roundId, {}, err.fields);
        throw err;
      }
    }),
  );

  router.get(
    '/assessment/rounds/:id/links.csv',
    id,
    route('assessment:manage', async (req, res) => {
      const { round, links } = await rounds.links(req.actor, idParam(req.params.id));
      await sendTable(res, 'csv', `${round.name} links`, [
        {
          name: 'Links',
          header: ['Organisation', 'Kind', 'Respondent type', 'Link', 'Used'],
          rows: links.map((l) => [l.organisation, l.kind, l.respondentType, l.link, l.used]),
        },
      ]);
    }),
  );

  async function showFocusGroup(
    req: SignedInRequest,
    res: Response,
    roundId: number,
    values: Record<string, string> = {},
    errors?: Record<string, string>,
  ) {
    const details = await rounds.get(req.actor, roundId);
    renderPage(res, `${VIEWS}/focus-group-form.njk`, 'Record a focus group', {
      round: details.round,
      values,
      errors,
      backLink: `/assessment/rounds/${roundId}`,
      organisationOptions: [
        { value: '', text: 'Several organisations' },
        ...details.audienceOrganisations.map((o) => ({
          value: String(o.id),
          text: o.name,
          selected: values.organisationId === String(o.id),
        })),
      ],
      sectorItems: options(SECTORS, [values.sector ?? '']),
      typeItems: options(RESPONDENT_TYPES, [values.respondentType ?? '']),
    });
  }

  router.get(
    '/assessment/rounds/:id/focus-groups/new',
    id,
    route('assessment:manage', (req, res) => showFocusGroup(req, res, idParam(req.params.id))),
  );

  router.post(
    '/assessment/rounds/:id/focus-groups/new',
    id,
    route('assessment:manage', async (req, res) => {
      const roundId = idParam(req.params.id);
      const values = Object.fromEntries(
        ['organisationId', 'sector', 'respondentType', 'participants'].map((f) => [f, formField(req.body, f)]),
      ) as Record<'organisationId' | 'sector' | 'respondentType' | 'participants', string>;
      try {
        const token = await services.questionnaire.startFocusGroup(req.actor, roundId, values);
        res.redirect(303, `/respond/${token}/theme/1`);
      } catch (err) {
        if (err instanceof ValidationError) return showFocusGroup(req, res.status(400), roundId, values, err.fields);
        throw err;
      }
    }),
  );

  router.post(
    '/assessment/rounds/:id/focus-groups/:responseId/continue',
    numericParams('id', 'responseId'),
    route('assessment:manage', async (req, res) => {
      const roundId = idParam(req.params.id);
      try {
        const token = await services.questionnaire.continueFocusGroup(
          req.actor,
          roundId,
          idParam(req.params.responseId),
        );
        res.redirect(303, `/respond/${token}`);
      } catch (err) {
        if (err instanceof LinkProblemError) {
          flash(req, 'That focus group’s scores have already been sent');
          return res.redirect(303, `/assessment/rounds/${roundId}`);
        }
        throw err;
      }
    }),
  );

  return router;
}
