import { z } from 'zod';
import type { Services } from '../../services.ts';
import { definePage, formText, type Page } from '../../web/kit/page.ts';
import { reportsPaths as paths } from './home-paths.ts';
import { formatDate } from '../../lib/dates.ts';
import { RAG_LABELS } from '../plan/rag.ts';
import { figureText, scoreText } from './theme-figures.ts';
import { changeText, directionText, indicatorTag, RAG_TAG } from './theme-view.ts';
import type { ThemePage } from './theme-service.ts';

const byTheme = z.object({ theme: z.coerce.number().int().min(1).max(8) });
const linkForm = z.object({ indicatorId: formText, remove: formText });

/** Sentences for "what changed since the last round". */
function changes(page: ThemePage): string[] {
  const lines: string[] = [];
  const { previous, latest } = page;
  if (latest && previous) {
    const moved = page.stages.filter((s) => s.direction === 'improved' || s.direction === 'declined');
    const up = moved.filter((s) => s.direction === 'improved').map((s) => s.name);
    const down = moved.filter((s) => s.direction === 'declined').map((s) => s.name);
    lines.push(
      `The theme’s average score is ${changeText(page.averages).toLowerCase()} between ${previous.name} and ${latest.name}.`,
    );
    if (up.length) lines.push(`Scores rose for: ${up.join('; ')}.`);
    if (down.length) lines.push(`Scores fell for: ${down.join('; ')}.`);
    if (!up.length && !down.length) lines.push('No stage’s score that can be shown has moved.');
  } else lines.push('There is only one round with scores, so there is nothing to compare yet.');
  if (latest) {
    const since = formatDate(latest.heldOn);
    if (page.completedSince !== null)
      lines.push(`Actions completed since ${since}: ${figureText(page.completedSince)}.`);
    const t = page.training.sinceLatest;
    if (t && page.training.courses.length)
      lines.push(
        `Since ${since}: ${figureText(t.sessions)} sessions run on linked courses, ${figureText(t.people)} people trained.`,
      );
  }
  return lines;
}

export function themeView(page: ThemePage) {
  return {
    ...page,
    stageRows: page.stages.map((s) => ({
      name: s.name,
      latest: scoreText(s.latest),
      previous: scoreText(s.previous),
      change: changeText(s),
    })),
    averageRow: {
      latest: scoreText(page.averages.latest),
      previous: scoreText(page.averages.previous),
      change: changeText(page.averages),
    },
    actionRows: page.actions.map((a) => ({
      title: a.title,
      href: `/plan/actions/${a.id}`,
      rag: { text: RAG_LABELS[a.status.rag], classes: RAG_TAG[a.status.rag] },
      stale: a.status.stale,
      progress: a.progress,
      due: formatDate(a.dueDate),
    })),
    indicatorRows: page.indicators.linked.map((i) => ({
      ...i,
      valueText:
        i.value === null ? 'No value' : `${figureText(i.value)}${typeof i.value === 'number' ? ` ${i.unit}` : ''}`,
      tag: indicatorTag(i.rag),
      direction: directionText(i.vsLastQuarter),
      unlinkAction: paths.themeIndicators({ theme: page.theme.position }),
    })),
    indicatorItems: [
      { value: '', text: 'Choose an indicator' },
      ...page.indicators.unlinked.map((i) => ({ value: String(i.id), text: i.name })),
    ],
    trainingTotal: {
      sessions: figureText(page.training.total.sessions),
      people: figureText(page.training.total.people),
    },
    changeLines: changes(page),
  };
}

const themePage = (page: ThemePage) => ({
  template: 'reports/views/theme.njk',
  title: `Theme ${page.theme.position}: ${page.theme.name}`,
  locals: { ...themeView(page), backLink: paths.home(), columnClass: 'govuk-grid-column-full' },
});

/** One page per OCWT theme (issue 16 point 5), and linking success indicators to it. */
export function themePages(services: Services): Page[] {
  const themes = services.reportsThemes;

  const show = definePage({
    path: paths.theme,
    access: 'reports:view',
    params: byTheme,
    load: ({ actor, params }) => themes.page(actor, params.theme),
    view: (page) => themePage(page),
  });

  const link = definePage({
    path: paths.themeIndicators,
    access: 'plan:edit',
    only: 'post',
    params: byTheme,
    form: linkForm,
    load: ({ actor, params }) => themes.page(actor, params.theme),
    view: (page) => themePage(page),
    submit: async ({ actor, params, form }) => {
      const id = /^\d+$/.test(form.indicatorId) ? Number(form.indicatorId) : 0;
      const linked = form.remove !== 'yes';
      const name = await themes.setIndicatorLink(actor, params.theme, id, linked);
      return {
        redirect: `${paths.theme({ theme: params.theme })}#indicators`,
        flash: linked ? `${name} is shown on this theme’s page` : `${name} is no longer shown on this theme’s page`,
      };
    },
  });

  return [show, link];
}
