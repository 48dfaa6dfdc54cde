import { defineFeature, definePage, type Feature } from '../../web/kit/page.ts';
import { hasCapability } from '../../auth/actor.ts';
import type { Capability } from '../../auth/roles.ts';
import { auditPaths } from '../audit/paths.ts';
import { organisationPaths } from '../organisations/paths.ts';
import { partnershipPaths } from '../partnerships/paths.ts';
import { userPaths } from '../accounts/paths.ts';
import { administrationPaths as paths, PREFIX } from './paths.ts';

interface Section {
  capability: Capability;
  href: string;
  text: string;
  hint: string;
}

const SECTIONS: Section[] = [
  {
    capability: 'organisations:manage',
    href: organisationPaths.index(),
    text: 'Organisations',
    hint: 'Add partner organisations and change their type, sector and services.',
  },
  {
    capability: 'users:manage',
    href: userPaths.index(),
    text: 'Users',
    hint: 'Invite people, change their role or organisation, and deactivate accounts.',
  },
  {
    capability: 'audit:view',
    href: auditPaths.index(),
    text: 'Audit log',
    hint: 'See who signed in and who changed what, and when.',
  },
  {
    capability: 'partnerships:manage',
    href: partnershipPaths.index(),
    text: 'Partnerships',
    hint: 'Add partnerships and choose which one to work in.',
  },
];

/**
 * The administration hub, listing only the sections the user may use. It is declared with the
 * capability every administrator holds, so the route-permission test can check it exactly.
 */
export function administrationFeature(): Feature {
  const index = definePage({
    path: paths.index,
    access: 'organisations:manage',
    view: (_data, { actor }) => ({
      template: 'administration/views/index.njk',
      title: 'Administration',
      locals: { sections: SECTIONS.filter((s) => hasCapability(actor, s.capability)) },
    }),
  });
  return defineFeature(PREFIX, [index]);
}
