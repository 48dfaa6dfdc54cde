/*
 * The quarterly board pack's pages (issue 16 points 1 and 2): the list with "Draft a pack", a pack
 * as a page that prints well, its narrative form, issuing it after a confirmation, and its DOCX
 * and PDF downloads. Reading needs reports:view; drafting, writing and issuing need plan:edit.
 */
import { z } from 'zod';
import type { Actor } from '../../auth/actor.ts';
import { prepareSvgToPng } from '../../lib/svg-png.ts';
import type { Services } from '../../services.ts';
import { formatDate } from '../../lib/dates.ts';
import { formatDateTime } from '../../lib/time.ts';
import {
  defineFeature,
  definePage,
  formText,
  idParam,
  redirectTo,
  type Feature,
  type Page,
  type SubmittedForm,
} from '../../web/kit/page.ts';
import type { PackService } from './pack-service.ts';
import { quarterLabel } from './pack-compare.ts';
import { packBlocks, RAG_NAMES } from './pack-document.ts';
import { packFileName } from './pack-files.ts';
import { PACK_PREFIX, packPaths as paths } from './pack-paths.ts';
import { NARRATIVE_SECTIONS, SECTION_KEYS, sectionsFrom, type BoardPack, type Narrative } from './pack-types.ts';

const VIEWS = 'reports/views';
const byId = z.object({ id: idParam });
const narrativeForm = z.record(z.string(), z.unknown());
const downloadQuery = z.object({ format: z.enum(['docx', 'pdf']).catch('pdf') });

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The posted form as a narrative: section-<key>, corrective-<id> and ask-<id>. */
export function narrativeFromForm(form: Record<string, unknown>, pack: BoardPack): Narrative {
  return {
    sections: sectionsFrom((k) => text(form[`section-${k}`])),
    actions: Object.fromEntries(
      pack.figures.exceptions.map((e) => [
        String(e.id),
        { corrective: text(form[`corrective-${e.id}`]), ask: text(form[`ask-${e.id}`]) },
      ]),
    ),
  };
}

const formValues = (narrative: Narrative) => ({
  ...Object.fromEntries(SECTION_KEYS.map((k) => [`section-${k}`, narrative.sections[k]])),
  ...Object.fromEntries(
    Object.entries(narrative.actions).flatMap(([id, a]) => [
      [`corrective-${id}`, a.corrective],
      [`ask-${id}`, a.ask],
    ]),
  ),
});

/** The quarters a pack may be drafted for, the chosen (or first) one checked. */
const choiceItems = (choices: { value: string; text: string }[], chosen?: unknown) =>
  choices.map((c, i) => ({ ...c, checked: chosen === undefined ? i === 0 : chosen === c.value }));

const packLocals = (pack: BoardPack) => ({
  pack,
  label: quarterLabel(pack.quarterEnd),
  issuedOn: formatDateTime(pack.issuedAt),
  links: {
    narrative: paths.narrative({ id: pack.id }),
    issue: paths.issue({ id: pack.id }),
    docx: `${paths.download({ id: pack.id })}?format=docx`,
    pdf: `${paths.download({ id: pack.id })}?format=pdf`,
  },
});

type PackList = Awaited<ReturnType<PackService['list']>>;

/** The list of packs with the "Draft a pack now" form (after a refused draft, with its errors). */
const indexView = (found: PackList, form?: SubmittedForm) => ({
  template: `${VIEWS}/pack-index.njk`,
  title: 'Quarterly board packs',
  locals: {
    ...found,
    ...form,
    packs: found.packs.map((p) => ({
      ...p,
      href: paths.pack({ id: p.id }),
      issuedOn: formatDate(p.issuedAt?.slice(0, 10)),
    })),
    choiceItems: choiceItems(found.choices, form?.values.quarterEnd),
    action: paths.draft(),
    backLink: '/reports',
  },
});

/** A draft for its narrative or issue page; an issued pack's own page instead, as it can no longer change. */
async function draftOnly(packs: PackService, actor: Actor, id: number) {
  const found = await packs.get(actor, id);
  return found.pack.status === 'draft' ? found : redirectTo(paths.pack({ id }));
}

const indexPage = (packs: PackService): Page =>
  definePage({
    path: paths.index,
    access: 'reports:view',
    load: ({ actor }) => packs.list(actor),
    view: (found) => indexView(found),
  });

const draftPage = (packs: PackService): Page =>
  definePage({
    path: paths.draft,
    access: 'plan:edit',
    only: 'post',
    form: z.object({ quarterEnd: formText }),
    load: ({ actor }) => packs.list(actor),
    view: (found, _ctx, form) => indexView(found, form),
    submit: async ({ actor, form }) => {
      const id = await packs.draft(actor, form.quarterEnd);
      return { redirect: paths.pack({ id }), flash: `The board pack for ${quarterLabel(form.quarterEnd)} is drafted` };
    },
  });

const showPage = (packs: PackService): Page =>
  definePage({
    path: paths.pack,
    access: 'reports:view',
    params: byId,
    load: ({ actor, params }) => packs.get(actor, params.id),
    view: ({ pack, canEdit }) => ({
      template: `${VIEWS}/pack.njk`,
      title: `Board pack: ${quarterLabel(pack.quarterEnd)}`,
      locals: {
        ...packLocals(pack),
        canEdit,
        blocks: packBlocks(pack),
        backLink: paths.index(),
        columnClass: 'govuk-grid-column-full',
      },
    }),
  });

const narrativePage = (packs: PackService): Page =>
  definePage({
    path: paths.narrative,
    access: 'plan:edit',
    params: byId,
    form: narrativeForm,
    load: ({ actor, params }) => draftOnly(packs, actor, params.id),
    view: ({ pack }, _ctx, form) => ({
      template: `${VIEWS}/pack-narrative.njk`,
      title: `Narrative: board pack ${quarterLabel(pack.quarterEnd)}`,
      locals: {
        ...packLocals(pack),
        sections: SECTION_KEYS.map((key) => ({ key, title: NARRATIVE_SECTIONS[key] })),
        exceptions: pack.figures.exceptions.map((e) => ({ ...e, ragName: RAG_NAMES[e.rag] ?? e.rag })),
        values: form?.values ?? formValues(pack.narrative),
        errors: form?.errors,
        action: paths.narrative({ id: pack.id }),
        backLink: paths.pack({ id: pack.id }),
      },
    }),
    submit: async ({ actor, params, form }) => {
      const { pack } = await packs.get(actor, params.id);
      await packs.saveNarrative(actor, params.id, narrativeFromForm(form, pack));
      return { redirect: paths.pack({ id: params.id }), flash: 'The narrative is saved' };
    },
  });

const issuePage = (packs: PackService): Page =>
  definePage({
    path: paths.issue,
    access: 'plan:edit',
    params: byId,
    load: ({ actor, params }) => draftOnly(packs, actor, params.id),
    view: ({ pack }) => ({
      template: `${VIEWS}/pack-issue.njk`,
      title: `Issue the board pack for ${quarterLabel(pack.quarterEnd)}`,
      locals: { ...packLocals(pack), action: paths.issue({ id: pack.id }), backLink: paths.pack({ id: pack.id }) },
    }),
    submit: async ({ actor, params }) => {
      const pack = await packs.issue(actor, params.id);
      return {
        redirect: paths.pack({ id: params.id }),
        flash: `The board pack for ${quarterLabel(pack.quarterEnd)} is issued: its figures are frozen`,
      };
    },
  });

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const downloadPage = (packs: PackService): Page =>
  definePage({
    path: paths.download,
    access: 'reports:view',
    params: byId,
    query: downloadQuery,
    handle: async ({ actor, params, query, res }) => {
      const { pack, body } = await packs.download(actor, params.id, query.format);
      res.type(query.format === 'docx' ? DOCX_TYPE : 'application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="${packFileName(pack, query.format)}"`);
      res.send(body);
    },
  });

export function boardPackFeature(services: Services): Feature {
  const packs = services.boardPacks;
  // The DOCX's charts need resvg's WebAssembly: compile it now rather than on the first download.
  prepareSvgToPng().catch(() => undefined);
  return defineFeature(
    PACK_PREFIX,
    [indexPage, draftPage, narrativePage, issuePage, downloadPage, showPage].map((page) => page(packs)),
    paths,
  );
}
