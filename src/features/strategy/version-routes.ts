import { z } from 'zod';
import type { Services } from '../../services.ts';
import { definePage, formText, idParam, type Page, type SubmittedForm } from '../../web/kit/page.ts';
import { strategyPaths as paths } from './paths.ts';
import { statusTag, VIEWS } from './view-helpers.ts';
import type { StrategyService } from './service.ts';

const byId = z.object({ id: idParam });
// Any text parses, so the capability is checked first; the service answers 404 for an unknown section.
const bySection = z.object({ id: idParam, section: z.string().max(60) });
const sectionForm = z.object({ body: formText, intent: z.enum(['save', 'preview']).catch('save') });
const approvalForm = z
  .object({
    groupId: formText,
    'approvedOn-day': formText,
    'approvedOn-month': formText,
    'approvedOn-year': formText,
  })
  .transform((f) => ({
    groupId: f.groupId,
    on: { day: f['approvedOn-day'], month: f['approvedOn-month'], year: f['approvedOn-year'] },
  }));

type VersionData = Awaited<ReturnType<StrategyService['view']>>;
type SectionData = Awaited<ReturnType<StrategyService['section']>>;

const versionView = (found: VersionData, _ctx: unknown, form?: SubmittedForm) => ({
  template: `${VIEWS}/version.njk`,
  title: `${found.strategy.title} ${found.strategy.period}: version ${found.version.number}`,
  locals: {
    ...found,
    tag: statusTag(found.version.status),
    groupItems: [
      { value: '', text: 'Select a group' },
      ...found.groups.map((g) => ({
        value: String(g.id),
        text: g.name,
        selected: form?.values.groupId === String(g.id),
      })),
    ],
    values: form?.values ?? {},
    backLink: paths.strategy({ id: found.strategy.id }),
  },
});

const sectionView = (found: SectionData, preview?: string) => ({
  template: `${VIEWS}/section-form.njk`,
  title: `${found.section?.title ?? 'Section'}: version ${found.version.number} of ${found.version.title}`,
  locals: {
    ...found,
    preview,
    exampleToken: '{{ workforce.turnoverRate }}',
    columnClass: 'govuk-grid-column-full',
    action: paths.section({ id: found.version.id, section: found.section?.key ?? '' }),
    backLink: paths.version({ id: found.version.id }),
    cancel: paths.version({ id: found.version.id }),
  },
});

/** A version, a section's editor with its preview, approval and publishing. */
export function versionPages(services: Services): Page[] {
  const strategies = services.strategies;
  const loadVersion = ({ actor, params }: { actor: Parameters<StrategyService['view']>[0]; params: { id: number } }) =>
    strategies.view(actor, params.id);

  const version = definePage({
    path: paths.version,
    access: 'plan:view',
    params: byId,
    load: loadVersion,
    view: versionView,
  });

  const section = definePage({
    path: paths.section,
    access: 'plan:edit',
    params: bySection,
    form: sectionForm,
    conflictField: 'body',
    load: ({ actor, params }) => strategies.section(actor, params.id, params.section),
    view: (found, _c, form) => {
      const view = sectionView(found);
      return { ...view, locals: { ...view.locals, values: form?.values ?? { body: found.body } } };
    },
    submit: async ({ actor, params, form, render }) => {
      if (form.intent === 'preview') {
        const found = await strategies.section(actor, params.id, params.section);
        const html = strategies.preview(form.body, params.section, found.current);
        const view = sectionView(found, html);
        return render(view.template, view.title, { ...view.locals, values: { body: form.body } });
      }
      await strategies.saveSection(actor, params.id, params.section, form.body);
      return { redirect: `${paths.version({ id: params.id })}#${params.section}`, flash: 'The section is saved' };
    },
  });

  const approve = definePage({
    path: paths.approve,
    access: 'plan:edit',
    params: byId,
    only: 'post',
    form: approvalForm,
    conflictField: 'groupId',
    load: loadVersion,
    view: versionView,
    submit: async ({ actor, params, form }) => {
      await strategies.approve(actor, params.id, form);
      return {
        redirect: paths.version(params),
        flash: 'The version is approved: its figures are frozen as they are today',
      };
    },
  });

  const publish = definePage({
    path: paths.publish,
    access: 'plan:edit',
    params: byId,
    only: 'post',
    conflictField: 'publish',
    load: loadVersion,
    view: versionView,
    submit: async ({ actor, params }) => {
      await strategies.publish(actor, params.id);
      return {
        redirect: paths.version(params),
        flash: 'The version is published on the partnership’s public strategy page',
      };
    },
  });

  return [version, section, approve, publish];
}
