/*
 * Roles are bundles of capabilities. Every route and every service use case names the
 * capability it needs; nothing checks a role by name. docs/roles.md is generated from here
 * (node scripts/generate-roles-doc.ts) and a unit test keeps it in step.
 */

export const ROLES = {
  system_admin: 'System administrator',
  partnership_admin: 'Partnership administrator',
  steering_member: 'Steering group member',
  data_lead: 'Partner data lead',
  training_coordinator: 'Training coordinator',
  viewer: 'Viewer',
  training_contact: 'Organisation training contact',
  practitioner: 'Practitioner',
} as const;

export type Role = keyof typeof ROLES;
export const ROLE_CODES = Object.keys(ROLES) as Role[];

export const CAPABILITIES = {
  'home:view': 'See the home page and their own tasks',
  'account:manage-own': 'Change their own password and API tokens',
  'partnerships:manage': 'Create partnerships and work in any of them',
  'organisations:view': 'See the partner organisations',
  'organisations:manage': 'Add and change partner organisations',
  'users:manage': 'Invite users, change roles, deactivate accounts',
  'audit:view': 'Browse the audit log',
  'assessment:respond': 'Answer the self-assessment',
  'assessment:manage': 'Run self-assessment rounds',
  'assessment:results': 'See self-assessment results',
  'workforce:submit-own': "Submit their own organisation's workforce return",
  'workforce:submit-any': "Submit any organisation's workforce return",
  'workforce:view-own': "See their own organisation's workforce records and profile",
  'workforce:view-aggregate': "See the partnership's workforce profile (suppressed)",
  'workforce:view-profile':
    "Open the workforce profile pages (the service shows the partnership's or only their own organisation's)",
  'training:catalogue': 'Browse the training catalogue and its sessions',
  'training:book-own': 'Book their own training and see their own training record',
  'training:book': 'Book staff onto training (an organisation training contact: their own organisation’s staff only)',
  'training:manage': 'Manage courses, sessions and attendance',
  'training:view': 'See training reports',
  'plan:view': 'Read the strategy and action plan',
  'plan:edit': 'Edit the strategy and action plan',
  'plan:update-own': 'Add progress updates to the plan actions they are named as lead of, and nothing more',
  'reports:view': 'Read and download reports',
} as const;

export type Capability = keyof typeof CAPABILITIES;

const EVERYONE: Capability[] = ['home:view', 'account:manage-own', 'assessment:respond', 'plan:update-own'];

const PARTNERSHIP_ADMIN: Capability[] = [
  ...EVERYONE,
  'organisations:view',
  'organisations:manage',
  'users:manage',
  'audit:view',
  'assessment:manage',
  'assessment:results',
  'workforce:submit-any',
  'workforce:view-own',
  'workforce:view-aggregate',
  'workforce:view-profile',
  'training:catalogue',
  'training:book',
  'training:manage',
  'training:view',
  'plan:view',
  'plan:edit',
  'reports:view',
];

export const ROLE_CAPABILITIES: Record<Role, ReadonlySet<Capability>> = {
  system_admin: new Set([...PARTNERSHIP_ADMIN, 'partnerships:manage']),
  partnership_admin: new Set(PARTNERSHIP_ADMIN),
  steering_member: new Set([
    ...EVERYONE,
    'organisations:view',
    'assessment:results',
    'workforce:view-aggregate',
    'workforce:view-profile',
    'training:catalogue',
    'training:view',
    'plan:view',
    'reports:view',
  ]),
  data_lead: new Set([
    ...EVERYONE,
    'organisations:view',
    'workforce:submit-own',
    'workforce:view-own',
    'workforce:view-profile',
    'training:catalogue',
    'training:book',
    'plan:view',
  ]),
  training_coordinator: new Set([
    ...EVERYONE,
    'organisations:view',
    'training:catalogue',
    'training:book',
    'training:manage',
    'training:view',
    'plan:view',
  ]),
  viewer: new Set([
    ...EVERYONE,
    'organisations:view',
    'workforce:view-aggregate',
    'workforce:view-profile',
    'training:catalogue',
    'training:view',
    'plan:view',
    'reports:view',
  ]),
  training_contact: new Set([...EVERYONE, 'organisations:view', 'training:catalogue', 'training:book', 'plan:view']),
  practitioner: new Set(['home:view', 'account:manage-own', 'training:catalogue', 'training:book-own']),
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && value in ROLES;
}

export function can(role: string, capability: Capability): boolean {
  return isRole(role) && ROLE_CAPABILITIES[role].has(capability);
}

/** Who sees which training records (issue 14); enforced in src/features/training/ services. */
const TRAINING_RECORDS = [
  '## Training records',
  '',
  'Training records name people, so each role sees only what it needs:',
  '',
  '- a **practitioner** books their own places and sees only their own bookings and records;',
  '- an **organisation training contact** (and a partner data lead) books for, and sees, their own organisation’s practitioners only;',
  '- **training coordinators** and partnership administrators see and manage everyone’s in the partnership;',
  '- **steering group members** and **viewers** see aggregates only, through the suppression module.',
  '- A line manager needs no account: they approve or decline a request by the link emailed to them, which works once.',
  '',
  'Practitioners register themselves at `/training/register` with a work address in one of their organisation’s email domains (kept by training coordinators and partnership administrators on “Registration and the public catalogue”), and their account works once they have followed the emailed link; coordinators and organisation training contacts also add them, singly or from a CSV file, and each is emailed an invitation. After `TRAINING_ERASE_AFTER_YEARS` without training activity a practitioner’s personal data is erased; counts are kept.',
];

/** Who sees and changes the strategy and action plan (issue 15); enforced in src/features/plan/ services. */
const PLAN = [
  '## Strategy and action plan',
  '',
  'The plan (`/plan`, and `/api/v1/plan/…` with the same capabilities) holds no personal data beyond the names of action leads, risk owners and group members:',
  '',
  '- **partnership administrators** (the workforce strategy manager) and system administrators hold `plan:edit`: they add and change priorities, objectives, actions, risks, indicators, funding streams and ledger entries, governance groups and the glossary; override an action’s RAG with a reason; import a plan; sign off a quarter of indicators (which freezes its values);',
  "- every other role except practitioners holds `plan:view` and reads all of it: the action plan and its exceptions, the risk register, the indicators, the pooled budget, governance and the glossary, and an approved strategy version's document (page, DOCX, PDF; each download audited) with its appendices and the names of leads, owners and members; a course's page lists the plan actions that commission it only to holders of `plan:view` (docs/adr/0035);",
  '- **anyone, without an account**, reads the latest published strategy and its document at `/p/<partnership>/strategy/document`, which names no one but lead roles (action leads by organisation, group members by role, no objective or risk owners) and shows counts of people only where they pass suppression;',
  '- **an action’s lead** is the user named as its lead. With `plan:update-own` they add dated progress updates to the actions they lead (listed under “Actions you lead”, `/plan/my-actions`), and nothing more: they cannot change an action’s fields, its RAG override, or another lead’s action, by the pages or the API;',
  '- every change is written to the audit log, by the pages and the API alike (they call the same services).',
];

/** The roles' table as Markdown, for docs/roles.md. */
export function rolesMarkdown(): string {
  const header = `| Capability | ${ROLE_CODES.map((r) => ROLES[r]).join(' | ')} |`;
  const rule = `|---|${ROLE_CODES.map(() => ':-:').join('|')}|`;
  const rows = (Object.keys(CAPABILITIES) as Capability[]).map(
    (c) =>
      `| \`${c}\` — ${CAPABILITIES[c]} | ${ROLE_CODES.map((r) => (ROLE_CAPABILITIES[r].has(c) ? 'yes' : '—')).join(' | ')} |`,
  );
  return [
    '# Roles and capabilities',
    '',
    'Generated from `src/auth/roles.ts` by `node scripts/generate-roles-doc.ts`; a unit test fails when it is out of date.',
    'Every route and service use case declares one capability; roles only bundle them.',
    'A partner data lead is further limited to their own organisation, and everyone to their own partnership, in the service layer.',
    '',
    header,
    rule,
    ...rows,
    '',
    ...TRAINING_RECORDS,
    '',
    ...PLAN,
    '',
  ].join('\n');
}
