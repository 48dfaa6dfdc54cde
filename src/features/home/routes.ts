import { Router } from 'express';
import { renderPage } from '../../web/render.ts';
import { publicRoute, route } from '../../web/route.ts';
import type { Services } from '../../services.ts';
import { ROLES } from '../accounts/roles.ts';
import { tasksFor } from './tasks.ts';

/** Areas whose issues are not built yet say so plainly. */
const AREAS: Record<string, { title: string; description: string }> = {
  training: {
    title: 'Training',
    description: 'The course directory, sessions, bookings, attendance, safeguarding compliance and quarterly reports.',
  },
  plan: {
    title: 'Strategy and plan',
    description:
      'Priorities, SMART objectives, the action plan with RAG progress, risks, funding, governance and success indicators.',
  },
  reports: { title: 'Reports', description: 'The strategy document and board report, generated from live data.' },
};

const STATIC_PAGES: Record<string, string> = {
  accessibility: 'Accessibility statement',
  privacy: 'Privacy notice',
  licences: 'Licences and attribution',
};

export function homeRoutes(_services: Services): Router {
  const router = Router();

  router.get(
    '/',
    route('home:view', (req, res) => {
      renderPage(res, 'home/views/home.njk', 'Home', {
        tasks: tasksFor(req.actor.role),
        roleName: ROLES[req.actor.role],
      });
    }),
  );

  for (const [slug, area] of Object.entries(AREAS)) {
    router.get(
      `/${slug}`,
      route('home:view', (_req, res) => renderPage(res, 'home/views/area.njk', area.title, { area })),
    );
  }

  for (const [slug, title] of Object.entries(STATIC_PAGES)) {
    router.get(
      `/${slug}`,
      publicRoute((_req, res) => renderPage(res, `home/views/${slug}.njk`, title)),
    );
  }
  return router;
}
