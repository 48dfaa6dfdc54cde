import { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Actor } from '../../auth/actor.ts';
import { definePage, formText, idParam, type Page } from '../../web/kit/page.ts';
import { formField } from '../../web/kit/render.ts';
import { GROUP_KINDS } from './governance-service.ts';
import { planPaths as paths } from './paths.ts';
import { datePartsOf, formPage, priorityOptions, VIEWS } from './view-helpers.ts';

const byId = z.object({ id: idParam });

const groupForm = z
  .object({
    kind: formText,
    name: formText,
    parentId: formText,
    termsOfReference: formText,
    'review-day': formText,
    'review-month': formText,
    'review-year': formText,
  })
  .transform((f) => ({ ...f, review: { day: f['review-day'], month: f['review-month'], year: f['review-year'] } }));

const memberForm = z.object({ name: formText, organisation: formText, role: formText });

const meetingForm = z
  .object({ decisions: formText, 'held-day': formText, 'held-month': formText, 'held-year': formText })
  .transform((f) => ({ ...f, held: { day: f['held-day'], month: f['held-month'], year: f['held-year'] } }));

const arisingForm = z
  .object({
    what: formText,
    owner: formText,
    organisation: formText,
    'due-day': formText,
    'due-month': formText,
    'due-year': formText,
  })
  .transform((f) => ({ ...f, due: { day: f['due-day'], month: f['due-month'], year: f['due-year'] } }));

const toPlanForm = z.object({ priorityId: formText });

async function groupFormView(
  services: Services,
  actor: Actor,
  values: unknown,
  heading: string,
  action: string,
  back: string,
) {
  const groups = await services.planGovernance.listParents(actor);
  const chosen = formField(values, 'parentId');
  return formPage('group-form.njk', heading, action, back, {
    values,
    kindItems: Object.entries(GROUP_KINDS).map(([value, text]) => ({
      value,
      text,
      checked: formField(values, 'kind') === value,
    })),
    parentItems: [
      { value: '', text: 'None (it reports to no other group)' },
      ...groups.map((g) => ({ value: String(g.id), text: g.name, selected: chosen === String(g.id) })),
    ],
  });
}

async function meetingView(services: Services, actor: Actor, id: number, focus?: number) {
  const found = await services.planGovernance.getMeeting(actor, id);
  const priorities = found.canEdit ? await services.planPriorities.list(actor) : [];
  // The action arising just sent (else the first open one) has the field's own id, so the error summary's link lands on it.
  const first = focus ?? found.arising.find((a) => a.plan_action_id === null)?.id;
  const arising = found.arising.map((a) => ({ ...a, fieldId: a.id === first ? 'priorityId' : `priorityId-${a.id}` }));
  return { ...found, arising, priorityItems: priorityOptions(priorities, '', 'Select a priority').slice(1) };
}

/** The governance pages: groups with members and terms of reference, meetings and actions arising. */
const withValues = <V extends { locals: Record<string, unknown> }>(view: V, form?: { values: unknown }) =>
  form ? { ...view, locals: { ...view.locals, values: form.values } } : view;

const indexPage = (services: Services) =>
  definePage({
    path: paths.groups,
    access: 'plan:view',
    load: ({ actor }) => services.planGovernance.list(actor),
    view: (found) => ({
      template: `${VIEWS}/groups.njk`,
      title: 'Governance',
      locals: { ...found, backLink: paths.index() },
    }),
  });

const addPage = (services: Services) =>
  definePage({
    path: paths.newGroup,
    access: 'plan:edit',
    form: groupForm,
    load: ({ actor }) => groupFormView(services, actor, {}, 'Add a group', paths.newGroup(), paths.groups()),
    view: (view, _c, form) => withValues(view, form),
    submit: async ({ actor, form }) => {
      const created = await services.planGovernance.createGroup(actor, form);
      return { redirect: paths.group({ id: created.id }), flash: `The group ${created.name} is added` };
    },
  });

const showPage = (services: Services) =>
  definePage({
    path: paths.group,
    access: 'plan:view',
    params: byId,
    load: ({ actor, params }) => services.planGovernance.get(actor, params.id),
    view: (found) => ({
      template: `${VIEWS}/group.njk`,
      title: found.group.name,
      locals: { ...found, backLink: paths.groups() },
    }),
  });

const editPage = (services: Services) =>
  definePage({
    path: paths.editGroup,
    access: 'plan:edit',
    params: byId,
    form: groupForm,
    load: async ({ actor, params }) => {
      const { group } = await services.planGovernance.get(actor, params.id);
      const input = services.planGovernance.groupInput(group);
      const values = { ...input, ...datePartsOf('review', group.review_on) };
      const back = paths.group({ id: group.id });
      return groupFormView(services, actor, values, 'Change the group', paths.editGroup({ id: group.id }), back);
    },
    view: (view, _c, form) => withValues(view, form),
    submit: async ({ actor, params, form }) => {
      const saved = await services.planGovernance.updateGroup(actor, params.id, form);
      return { redirect: paths.group({ id: params.id }), flash: `Changes to ${saved.name} are saved` };
    },
  });

const addMemberPage = (services: Services) =>
  definePage({
    path: paths.addMember,
    access: 'plan:edit',
    only: 'post',
    params: byId,
    form: memberForm,
    load: ({ actor, params }) => services.planGovernance.get(actor, params.id),
    view: (found) => ({ template: `${VIEWS}/group.njk`, title: found.group.name, locals: { ...found } }),
    submit: async ({ actor, params, form }) => {
      const member = await services.planGovernance.addMember(actor, params.id, form);
      return { redirect: paths.group({ id: params.id }), flash: `${member.name} is added as ${member.role}` };
    },
  });

const newMeetingPage = (services: Services) =>
  definePage({
    path: paths.newMeeting,
    access: 'plan:edit',
    params: byId,
    form: meetingForm,
    load: async ({ actor, params }) => {
      const { group } = await services.planGovernance.get(actor, params.id);
      const back = paths.group({ id: group.id });
      return formPage(
        'meeting-form.njk',
        `Record a meeting of ${group.name}`,
        paths.newMeeting({ id: group.id }),
        back,
        {
          values: {},
        },
      );
    },
    view: (view, _c, form) => withValues(view, form),
    submit: async ({ actor, params, form }) => {
      const created = await services.planGovernance.addMeeting(actor, params.id, form);
      return { redirect: paths.meeting({ id: created.id }), flash: 'The meeting is recorded' };
    },
  });

const meetingScreen = (found: Awaited<ReturnType<typeof meetingView>>) => ({
  template: `${VIEWS}/meeting.njk`,
  title: `${found.meeting.group_name}: meeting`,
  locals: { ...found, backLink: paths.group({ id: found.meeting.group_id }) },
});

const meetingPage = (services: Services) =>
  definePage({
    path: paths.meeting,
    access: 'plan:view',
    params: byId,
    load: ({ actor, params }) => meetingView(services, actor, params.id),
    view: meetingScreen,
  });

const addArisingPage = (services: Services) =>
  definePage({
    path: paths.addArising,
    access: 'plan:edit',
    only: 'post',
    params: byId,
    form: arisingForm,
    load: ({ actor, params }) => meetingView(services, actor, params.id),
    view: meetingScreen,
    submit: async ({ actor, params, form }) => {
      await services.planGovernance.addArising(actor, params.id, form);
      return { redirect: paths.meeting({ id: params.id }), flash: 'The action arising is recorded' };
    },
  });

const toPlanPage = (services: Services) =>
  definePage({
    path: paths.arisingToPlan,
    access: 'plan:edit',
    only: 'post',
    params: byId,
    form: toPlanForm,
    load: async ({ actor, params }) =>
      meetingView(services, actor, await services.planGovernance.meetingOfArising(actor, params.id), params.id),
    view: meetingScreen,
    submit: async ({ actor, params, form }) => {
      const added = await services.planGovernance.addToPlan(actor, params.id, form.priorityId);
      return {
        redirect: paths.meeting({ id: added.meetingId }),
        flash: `${added.title} is added to the action plan`,
      };
    },
  });

export const governancePages = (services: Services): Page[] => [
  indexPage(services),
  addPage(services),
  showPage(services),
  editPage(services),
  addMemberPage(services),
  newMeetingPage(services),
  meetingPage(services),
  addArisingPage(services),
  toPlanPage(services),
];
