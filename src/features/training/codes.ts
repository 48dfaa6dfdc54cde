/** The training feature's code lists (issue 14, point 1; docs/domain.md, section 5). */
import { DEFAULT_THEMES } from '../assessment/framework.ts';

export const LEVELS: Record<string, string> = {
  level_1: 'Safeguarding Level 1 (single agency or e-learning)',
  level_2: 'Safeguarding Level 2 (multi-agency)',
  level_3: 'Safeguarding Level 3 (specialist)',
  level_4: 'Safeguarding Level 4',
  working_together: 'Working Together (multi-agency)',
  other: 'Other',
};

export const DELIVERY = {
  face_to_face: 'Face to face',
  live_online: 'Live online',
  elearning: 'E-learning',
};

export type Delivery = keyof typeof DELIVERY;

export const APPROVAL = {
  none: 'No approval needed',
  manager: 'The line manager approves',
  manager_then_coordinator: 'The line manager, then a training coordinator, approve',
};

/** Common Core of Skills and Knowledge (2010 refresh): its six areas. */
export const COMMON_CORE: Record<string, string> = {
  communication: 'Effective communication and engagement',
  development: 'Child and young person development',
  safeguarding: 'Safeguarding and promoting the welfare of the child',
  transitions: 'Supporting transitions',
  multi_agency: 'Multi-agency working',
  information: 'Sharing information',
};

/** OCWT themes a course can address (the closed loop, issue 14 point 10), by their position 1–8. */
export const THEMES: Record<string, string> = Object.fromEntries(
  DEFAULT_THEMES.map((t) => [String(t.position), t.name]),
);

export const label = (list: Record<string, string>, code: string): string => list[code] ?? code;

/** Hours as people write them: "3 hours", "1.5 hours", "1 hour". */
export function hoursText(minutes: number): string {
  const hours = Math.round((minutes / 60) * 100) / 100;
  return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

/** £25.00, or "Free". */
export const moneyText = (pence: number): string => (pence === 0 ? 'Free' : `£${(pence / 100).toFixed(2)}`);

/** The most bookings the API's list gives; the page shows them 50 at a time, and each session's page all of its own. */
export const BOOKING_LIST_LIMIT = 200;
/** Bookings on each page of the bookings list. */
export const BOOKINGS_PAGE_SIZE = 50;
