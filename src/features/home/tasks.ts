import { can, type Capability } from '../../auth/roles.ts';

export interface Task {
  href: string;
  text: string;
  hint: string;
}

/** What each capability asks a user to do, in the order a strategy manager works. */
const TASKS: { capability: Capability; task: Task; unlessAlso?: Capability }[] = [
  {
    capability: 'users:manage',
    task: {
      href: '/admin/users',
      text: 'Invite people and manage their roles',
      hint: 'Give each partner’s data lead, training coordinator and steering group member an account.',
    },
  },
  {
    capability: 'organisations:manage',
    task: {
      href: '/admin/organisations',
      text: 'Keep the list of partner organisations up to date',
      hint: 'Name, type, sector and services of every partner agency.',
    },
  },
  {
    capability: 'assessment:manage',
    task: {
      href: '/assessment',
      text: 'Run the One Children’s Workforce self-assessment',
      hint: 'Set a baseline and re-assess to show progress.',
    },
  },
  {
    capability: 'workforce:submit-own',
    task: {
      href: '/workforce',
      text: 'Submit your organisation’s workforce return',
      hint: 'Upload your workforce data to the partnership’s data standard.',
    },
  },
  {
    capability: 'assessment:results',
    task: {
      href: '/assessment',
      text: 'Read the self-assessment results',
      hint: 'The heat map and rainbow for each round, and how the latest compares with the baseline.',
    },
  },
  {
    capability: 'workforce:view-aggregate',
    task: {
      href: '/workforce/profile',
      text: 'Read the partnership’s workforce profile',
      hint: 'Headcount, FTE, diversity, turnover, vacancies and projections.',
    },
  },
  {
    capability: 'workforce:view-own',
    task: {
      href: '/workforce/profile',
      text: 'See your organisation’s workforce profile',
      hint: 'The measures from your own returns, with the same definitions as the partnership’s.',
    },
    unlessAlso: 'workforce:view-aggregate',
  },
  {
    capability: 'training:manage',
    task: {
      href: '/training',
      text: 'Manage training courses and attendance',
      hint: 'Sessions, bookings, attendance and safeguarding compliance.',
    },
  },
  {
    capability: 'training:book',
    task: {
      href: '/training/bookings',
      text: 'Book your organisation’s staff onto training',
      hint: 'Find a course, book a practitioner and see your organisation’s bookings.',
    },
    unlessAlso: 'training:manage',
  },
  {
    capability: 'training:book',
    task: {
      href: '/training/practitioners',
      text: 'Add practitioners',
      hint: 'One at a time or from a CSV file; each is emailed an invitation to set a password.',
    },
  },
  {
    capability: 'training:manage',
    task: {
      href: '/training/registration-settings',
      text: 'Set who can register for training',
      hint: 'Each organisation’s email domains for self-registration, and the public catalogue and calendar feed.',
    },
  },
  {
    capability: 'training:book-own',
    task: {
      href: '/training',
      text: 'Find and book training',
      hint: 'Multi-agency courses across the partnership, your own bookings, and your training record to download.',
    },
  },
  {
    capability: 'training:view',
    task: {
      href: '/training/report',
      text: 'Read the training quarterly report',
      hint: 'Places, attendance, no-shows and cancellations by agency and job role, courses over- and under-subscribed, and unmet demand.',
    },
  },
  {
    capability: 'plan:edit',
    task: {
      href: '/plan',
      text: 'Update the strategy and action plan',
      hint: 'Priorities, SMART objectives, actions, leads, dates, RAG progress and risks.',
    },
  },
  {
    capability: 'plan:view',
    task: {
      href: '/plan',
      text: 'Read the strategy and action plan',
      hint: 'Priorities, the action plan’s RAG progress, exceptions and the risk register.',
    },
    unlessAlso: 'plan:edit',
  },
  {
    capability: 'plan:edit',
    task: {
      href: '/plan/actions/exceptions',
      text: 'Chase the plan’s red, amber and stale actions',
      hint: 'Ask each lead for an update, or set the RAG by hand with a reason.',
    },
  },
  {
    capability: 'plan:view',
    task: {
      href: '/plan/actions/exceptions',
      text: 'See which plan actions need attention',
      hint: 'Red, amber and stale actions, and the risks above their appetite, before the board meets.',
    },
    unlessAlso: 'plan:edit',
  },
  {
    capability: 'plan:edit',
    task: {
      href: '/plan/indicators',
      text: 'Record this quarter’s success indicators and sign it off',
      hint: 'Type the values kept by hand; live ones come from the workforce profile. Signing off freezes them.',
    },
  },
  {
    capability: 'plan:edit',
    task: {
      href: '/plan/funding',
      text: 'Record contributions and spending in the pooled budget',
      hint: 'A ring-fenced stream refuses to be overspent.',
    },
  },
  {
    capability: 'plan:edit',
    task: {
      href: '/plan/groups',
      text: 'Record governance meetings and their actions arising',
      hint: 'Put each action arising on the action plan with one click.',
    },
  },
  {
    capability: 'plan:update-own',
    task: {
      href: '/plan/my-actions',
      text: 'Update the actions you lead',
      hint: 'Add a dated progress update to each plan action you are named as lead of.',
    },
    unlessAlso: 'plan:edit',
  },
  {
    capability: 'reports:view',
    task: {
      href: '/reports',
      text: 'Read the reports',
      hint: 'Board packs, each OCWT theme from gap to action, training and re-assessment, and the public progress page.',
    },
  },
  {
    capability: 'workforce:submit-own',
    task: {
      href: '/reports',
      text: 'Read your organisation’s pack',
      hint: 'Your return, your profile against the partnership’s, and your training.',
    },
    unlessAlso: 'reports:view',
  },
  {
    capability: 'audit:view',
    task: { href: '/admin/audit', text: 'Check the audit log', hint: 'Who changed what, and when.' },
  },
  {
    capability: 'assessment:respond',
    task: {
      href: '/assessment',
      text: 'Answer the self-assessment',
      hint: 'Tell the partnership how integrated its workforce is.',
    },
  },
];

export function tasksFor(role: string): Task[] {
  const seen = new Set<string>();
  return TASKS.filter(({ capability, task, unlessAlso }) => {
    if (!can(role, capability) || (unlessAlso && can(role, unlessAlso)) || seen.has(task.href + task.text))
      return false;
    seen.add(task.href + task.text);
    return true;
  }).map(({ task }) => task);
}
