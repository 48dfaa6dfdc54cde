import { defineFeature, definePage, type Feature } from '../../web/kit/page.ts';
import { path } from '../../web/kit/paths.ts';
import { ROLES } from '../../auth/roles.ts';
import { homePaths as paths } from './paths.ts';
import { tasksFor } from './tasks.ts';

/** Areas whose issues are not built yet say so plainly. */
const AREAS: Record<string, { title: string; description: string }> = {
  reports: { title: 'Reports', description: 'The strategy document and board report, generated from live data.' },
};

const STATIC_PAGES: Record<string, string> = {
  accessibility: 'Accessibility statement',
  privacy: 'Privacy notice',
  licences: 'Licences and attribution',
};

export function homeFeature(): Feature {
  const home = definePage({
    path: paths.home,
    access: 'home:view',
    view: (_data, { actor }) => ({
      template: 'home/views/home.njk',
      title: 'Home',
      locals: { tasks: tasksFor(actor.role), roleName: ROLES[actor.role] },
    }),
  });

  const areas = Object.entries(AREAS).map(([slug, area]) =>
    definePage({
      path: path(`/${slug}`),
      access: 'home:view',
      view: () => ({ template: 'home/views/area.njk', title: area.title, locals: { area } }),
    }),
  );

  const pages = Object.entries(STATIC_PAGES).map(([slug, title]) =>
    definePage({
      path: path(`/${slug}`),
      access: 'public',
      view: () => ({ template: `home/views/${slug}.njk`, title }),
    }),
  );

  return defineFeature('/', [home, ...areas, ...pages], paths);
}
