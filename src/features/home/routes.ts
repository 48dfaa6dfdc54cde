import { defineFeature, definePage, type Feature } from '../../web/kit/page.ts';
import { path } from '../../web/kit/paths.ts';
import { ROLES } from '../../auth/roles.ts';
import { homePaths as paths } from './paths.ts';
import { tasksFor } from './tasks.ts';

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

  const pages = Object.entries(STATIC_PAGES).map(([slug, title]) =>
    definePage({
      path: path(`/${slug}`),
      access: 'public',
      view: () => ({ template: `home/views/${slug}.njk`, title }),
    }),
  );

  return defineFeature('/', [home, ...pages], paths);
}
