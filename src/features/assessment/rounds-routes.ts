import { z } from 'zod';
import type { Actor } from '../../auth/actor.ts';
import { formatDate, todayInLondon } from '../../lib/dates.ts';
import { sendTable } from '../../lib/spreadsheet.ts';
import type { Services } from '../../services.ts';
import { definePage, formText, idParam, type Page, type SubmittedForm } from '../../web/kit/page.ts';
import { label, SECTORS } from '../accounts/organisation-codes.ts';
import { FOCUS_GROUP_COUNTING, RESPONDENT_TYPES } from './codes.ts';
import { assessmentPaths as paths, respondPaths } from './paths.ts';
import { LinkProblemError } from './questionnaire-link.ts';
import { options, roundFormPages } from './round-form-pages.ts';
import { roundStatus } from './round-status.ts';
import { audienceFormItems, VIEWS } from './web.ts';

const byId = z.object({ id: idParam });
const invitationForm = z.object({ organisationId: formText, respondentType: formText, count: formText });
const focusGroupForm = z.object({
  organisationId: formText,
  sector: formText,
  respondentType: formText,
  participants: formText,
});

/** The round page's declaration, shared by the page and its actions (which show it again with their errors). */
function roundPage(services: Services) {
  const load = ({ actor, params }: { actor: Actor; params: { id: number } }) =>
    services.assessmentRounds.get(actor, params.id);
  const view = (details: Awaited<ReturnType<typeof load>>, _ctx: unknown, form?: SubmittedForm) => {
    const status = roundStatus(details.round);
    return {
      template: `${VIEWS}/round.njk`,
      title: details.round.name,
      locals: {
        ...details,
        values: {},
        status,
        tag: status.tag,
        today: todayInLondon(),
        hasLinks: details.perOrganisation.some((o) => o.personalLinks > 0 || o.openLink),
        columnClass: 'govuk-grid-column-full',
        backLink: paths.landing(),
        opensText: formatDate(details.round.opens_on),
        closesText: formatDate(details.round.closes_on),
        organisationNames: details.audience.organisationIds.length
          ? details.audienceOrganisations.map((o) => o.name)
          : [],
        ...audienceFormItems(details, form?.values ?? {}),
        sectorNames: details.audience.sectors.map((s) => label(SECTORS, s)),
        typeNames: details.respondentTypes.map((t) => RESPONDENT_TYPES[t]),
        countingText: FOCUS_GROUP_COUNTING[details.round.focus_group_counting],
      },
    };
  };
  return { access: 'assessment:manage', params: byId, load, view } as const;
}
type RoundPage = ReturnType<typeof roundPage>;

/** Rounds: the round page and its actions (open and close, links and their download), focus groups. */
export function roundPages(services: Services): Page[] {
  const rounds = services.assessmentRounds;
  const base = roundPage(services);
  const round = definePage({ ...base, path: paths.round });

  const linksCsv = definePage({
    path: paths.linksCsv,
    access: 'assessment:manage',
    params: byId,
    handle: async ({ actor, params, res }) => {
      const { round: found, links } = await rounds.links(actor, params.id);
      await sendTable(res, 'csv', `${found.name} links`, [
        {
          name: 'Links',
          header: ['Organisation', 'Kind', 'Respondent type', 'Link', 'Used'],
          rows: links.map((l) => [l.organisation, l.kind, l.respondentType, l.link, l.used]),
        },
      ]);
    },
  });

  return [round, ...actionPages(services, base), linksCsv, ...focusGroupPages(services), ...roundFormPages(services)];
}

/** Recording a focus group's scores: the facilitator answers the questionnaire for the group. */
function focusGroupPages(services: Services): Page[] {
  const newFocusGroup = definePage({
    path: paths.newFocusGroup,
    access: 'assessment:manage',
    params: byId,
    form: focusGroupForm,
    load: ({ actor, params }) => services.assessmentRounds.get(actor, params.id),
    view: (details, _ctx, form) => {
      const values = focusGroupForm.parse(form?.values ?? {});
      return {
        template: `${VIEWS}/focus-group-form.njk`,
        title: 'Record a focus group',
        locals: {
          round: details.round,
          values,
          backLink: paths.round({ id: details.round.id }),
          organisationOptions: [
            { value: '', text: 'Several organisations' },
            ...details.audienceOrganisations.map((o) => ({
              value: String(o.id),
              text: o.name,
              selected: values.organisationId === String(o.id),
            })),
          ],
          sectorItems: options(SECTORS, [values.sector]),
          typeItems: options(RESPONDENT_TYPES, [values.respondentType]),
        },
      };
    },
    submit: async ({ actor, params, form }) => {
      const token = await services.questionnaire.startFocusGroup(actor, params.id, form);
      return respondPaths.theme({ token, theme: 1 });
    },
  });

  const continueFocusGroup = definePage({
    path: paths.continueFocusGroup,
    access: 'assessment:manage',
    params: z.object({ id: idParam, responseId: idParam }),
    submit: async ({ actor, params }) => {
      try {
        const token = await services.questionnaire.continueFocusGroup(actor, params.id, params.responseId);
        return respondPaths.start({ token });
      } catch (err) {
        if (!(err instanceof LinkProblemError)) throw err;
        return { redirect: paths.round({ id: params.id }), flash: 'That focus group’s scores have already been sent' };
      }
    },
  });

  return [newFocusGroup, continueFocusGroup];
}

/** The round page's actions: open, close, issue links. Each shows the round again with its errors. */
function actionPages(services: Services, base: RoundPage): Page[] {
  const rounds = services.assessmentRounds;
  const roundAction = { ...base, only: 'post' } as const;
  const statuses = (['open', 'close'] as const).map((action) =>
    definePage({
      ...roundAction,
      path: action === 'open' ? paths.open : paths.close,
      submit: async ({ actor, params }) => {
        const { name } = await rounds.setStatus(actor, params.id, action === 'open' ? 'open' : 'closed');
        return { redirect: paths.round(params), flash: `${name} is ${action === 'open' ? 'open' : 'closed'}` };
      },
    }),
  );

  const invitations = definePage({
    ...roundAction,
    path: paths.invitations,
    form: invitationForm,
    submit: async ({ actor, params, form }) => {
      const issued = await rounds.issuePersonal(actor, params.id, form);
      const links = `${issued.count} personal link${issued.count === 1 ? '' : 's'}`;
      return {
        redirect: `${paths.round(params)}#links`,
        flash: `${links} issued for ${issued.organisation}. Download the links to send them.`,
      };
    },
  });

  const openLinks = definePage({
    ...roundAction,
    path: paths.openLinks,
    submit: async ({ actor, params }) => {
      const { count } = await rounds.issueOpenLinks(actor, params.id);
      return {
        redirect: `${paths.round(params)}#links`,
        flash: count
          ? `Open links issued for ${count} organisation${count === 1 ? '' : 's'}`
          : 'Every organisation in the audience already has an open link',
      };
    },
  });

  return [...statuses, invitations, openLinks];
}
