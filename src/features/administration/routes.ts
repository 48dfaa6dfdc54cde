import { Router } from 'express';
import { renderPage } from '../../web/render.ts';
import { route } from '../../web/route.ts';
import { hasCapability } from '../accounts/actor.ts';
import type { Capability } from '../accounts/roles.ts';

interface Section {
  capability: Capability;
  href: string;
  text: string;
  hint: string;
}

const SECTIONS: Section[] = [
  {
    capability: 'organisations:manage',
    href: '/admin/organisations',
    text: 'Organisations',
    hint: 'Add partner organisations and change their type, sector and services.',
  },
  {
    capability: 'users:manage',
    href: '/admin/users',
    text: 'Users',
    hint: 'Invite people, change their role or organisation, and deactivate accounts.',
  },
  {
    capability: 'audit:view',
    href: '/admin/audit',
    text: 'Audit log',
    hint: 'See who signed in and who changed what, and when.',
  },
  {
    capability: 'partnerships:manage',
    href: '/admin/partnerships',
    text: 'Partnerships',
    hint: 'Add partnerships and choose which one to work in.',
  },
];

/**
 * The administration hub, listing only the sections the user may use. It is declared with the
 * capability every administrator holds, so the route-permission test can check it exactly.
 */
export function administrationRoutes(): Router {
  const router = Router();
  router.get(
    '/admin',
    route('organisations:manage', (req, res) => {
      const sections = SECTIONS.filter((s) => hasCapability(req.actor, s.capability));
      renderPage(res, 'administration/views/index.njk', 'Administration', { sections });
    }),
  );
  return router;
}
