/** Rows shaped for the training views: codes as words, dates and money as people write them. */
import { formatDateTime } from '../../lib/time.ts';
import { JOB_ROLES } from '../workforce/standard/standard.ts';
import { isKeyOf } from '../../lib/records.ts';
import { STATUS_LABELS } from './booking-states.ts';
import { APPROVAL, COMMON_CORE, DELIVERY, hoursText, label, LEVELS, moneyText, THEMES } from './codes.ts';
import { trainingPaths as paths } from './paths.ts';
import type { Selectable } from 'kysely';
import type { TrainingCourseTable, TrainingSessionTable } from '../../db/training-schema.ts';

type CourseRow = Selectable<TrainingCourseTable>;
type SessionSummary = Selectable<TrainingSessionTable> & { taken: number; waiting?: number };

const parse = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

export const jobRoleName = (code: string) => JOB_ROLES.find((r) => r.code === code)?.label ?? code;

export const options = (list: Record<string, string>, chosen: string[]) =>
  Object.entries(list).map(([value, text]) => ({
    value,
    text,
    checked: chosen.includes(value),
    selected: chosen.includes(value),
  }));

export const jobRoleOptions = (chosen: string[]) =>
  JOB_ROLES.map((r) => ({
    value: r.code,
    text: r.label,
    checked: chosen.includes(r.code),
    selected: chosen.includes(r.code),
  }));

export function describeCourse(c: CourseRow) {
  const audience = parse(c.audience);
  return {
    ...c,
    href: paths.course({ id: c.id }),
    levelName: label(LEVELS, c.level),
    deliveryName: label(DELIVERY, c.delivery),
    approvalName: label(APPROVAL, c.approval),
    hours: hoursText(c.duration_minutes),
    hoursValue: String(c.duration_minutes / 60),
    cost: moneyText(c.cost_pence),
    costValue: (c.cost_pence / 100).toFixed(2),
    audienceCodes: audience,
    audienceNames: audience.length ? audience.map(jobRoleName) : ['Everyone in the children’s workforce'],
    commonCoreCodes: parse(c.common_core),
    commonCoreNames: parse(c.common_core).map((code) => label(COMMON_CORE, code)),
    themeCodes: parse(c.themes),
    themeNames: parse(c.themes).map((code) => label(THEMES, code)),
  };
}

export function describeSession(s: SessionSummary) {
  return {
    ...s,
    href: paths.session({ id: s.id }),
    when: formatDateTime(s.starts_at),
    free: Math.max(0, s.capacity - s.taken),
    statusName: s.status === 'cancelled' ? 'Cancelled' : s.taken >= s.capacity ? 'Full' : 'Places free',
  };
}

export const statusName = (status: string) => (isKeyOf(STATUS_LABELS, status) ? STATUS_LABELS[status] : status);
