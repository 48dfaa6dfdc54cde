/*
 * The course and session forms as sent, checked into the values stored, with one message per
 * field that says what to do. Pure: the services call these, then write.
 */
import { dateFromInput, londonWallClock, todayInLondon } from '../../lib/dates.ts';
import { JOB_ROLES } from '../workforce/standard/standard.ts';
import { isKeyOf } from '../../lib/records.ts';
import { APPROVAL, COMMON_CORE, DELIVERY, LEVELS, THEMES } from './codes.ts';

export type FormValues = Record<string, unknown>;
/** A text field as sent, trimmed; '' when it is missing or not text. */
export function formText(v: FormValues, name: string): string {
  const value = v[name];
  return typeof value === 'string' ? value.trim() : '';
}
const text = formText;
const list = (v: FormValues, name: string): string[] => {
  const value = v[name];
  return (Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : []).filter(
    (x): x is string => typeof x === 'string',
  );
};
const JOB_ROLE_CODES = new Set(JOB_ROLES.map((r) => r.code));

/** A decimal number with up to two places, or null. */
const decimal = (value: string): number | null => (/^\d{1,4}(\.\d{1,2})?$/.test(value) ? Number(value) : null);
const whole = (value: string, max: number): number | null =>
  /^\d{1,6}$/.test(value) && Number(value) <= max ? Number(value) : null;

export function checkCourse(v: FormValues) {
  const errors: Record<string, string> = {};
  const title = text(v, 'title').replace(/\s+/g, ' ');
  if (!title) errors.title = 'Enter the course title';
  else if (title.length > 150) errors.title = 'Course title must be 150 characters or fewer';
  const description = text(v, 'description');
  if (!description) errors.description = 'Enter a description of the course';
  const level = text(v, 'level');
  if (!(level in LEVELS)) errors.level = 'Select the course level';
  const deliveryText = text(v, 'delivery');
  const delivery = isKeyOf(DELIVERY, deliveryText) ? deliveryText : null;
  if (!delivery) errors.delivery = 'Select how the course is delivered';
  const hours = decimal(text(v, 'hours'));
  if (hours === null || hours <= 0 || hours > 200) errors.hours = 'Enter the hours as a number, like 3 or 6.5';
  const validityText = text(v, 'validity_years');
  const validity = validityText ? whole(validityText, 20) : null;
  if (validityText && !validity)
    errors.validity_years = 'Enter the years before a refresher as a whole number from 1 to 20, or leave it blank';
  const cost = decimal(text(v, 'cost') || '0');
  if (cost === null) errors.cost = 'Enter the cost per place in pounds, like 0 or 45.50';
  const approvalText = text(v, 'approval');
  const approval = isKeyOf(APPROVAL, approvalText) ? approvalText : null;
  if (!approval) errors.approval = 'Select who approves a booking';
  const audience = list(v, 'audience');
  if (audience.some((code) => !JOB_ROLE_CODES.has(code))) errors.audience = 'Select job roles from the list';
  const commonCore = list(v, 'common_core');
  if (commonCore.some((code) => !(code in COMMON_CORE))) errors.common_core = 'Select Common Core areas from the list';
  const themes = list(v, 'themes');
  if (themes.some((code) => !(code in THEMES))) errors.themes = 'Select self-assessment themes from the list';
  if (!delivery || !approval || Object.keys(errors).length) return { errors, values: null };
  return {
    errors,
    values: {
      title,
      description,
      level,
      delivery,
      duration_minutes: Math.round((hours ?? 0) * 60),
      validity_years: validity,
      cost_pence: Math.round((cost ?? 0) * 100),
      approval,
      audience: JSON.stringify(audience),
      common_core: JSON.stringify(commonCore),
      themes: JSON.stringify(themes),
      prerequisites: text(v, 'prerequisites'),
      charging_policy: text(v, 'charging_policy'),
    },
  };
}

// The instants already worked out: the closed loop and the reports ask for the same few dates on every view.
const londonTimes = new Map<string, string>();

/** An instant from a date and a wall-clock time in England (GMT or BST, whichever is in force then). */
export function londonTime(date: string, time: string): string {
  const key = `${date} ${time}`;
  const known = londonTimes.get(key);
  if (known !== undefined) return known;
  if (londonTimes.size >= 1000) londonTimes.clear();
  const instant = instantInLondon(date, time);
  londonTimes.set(key, instant);
  return instant;
}

function instantInLondon(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const wall = new Date(`${londonWallClock(guess).replace(' ', 'T')}Z`);
  return new Date(guess.getTime() - (wall.getTime() - guess.getTime())).toISOString();
}

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;
const time = (value: string): string | null => {
  const m = TIME.exec(value.replace(/\s/g, ''));
  return m ? `${(m[1] ?? '').padStart(2, '0')}:${m[2]}` : null;
};
const dateOf = (v: FormValues, name: string) =>
  dateFromInput({ day: text(v, `${name}-day`), month: text(v, `${name}-month`), year: text(v, `${name}-year`) });
const blankDate = (v: FormValues, name: string) => !['day', 'month', 'year'].some((p) => text(v, `${name}-${p}`));

export const SESSION_DATE_ROWS = 3;

function checkDates(v: FormValues, errors: Record<string, string>) {
  const dates: { starts_at: string; ends_at: string }[] = [];
  for (let i = 1; i <= SESSION_DATE_ROWS; i += 1) {
    if (i > 1 && blankDate(v, `date${i}`) && !text(v, `start${i}`) && !text(v, `end${i}`)) continue;
    const day = dateOf(v, `date${i}`);
    const [start, end] = [time(text(v, `start${i}`)), time(text(v, `end${i}`))];
    if (!day) errors[`date${i}-day`] = `Enter day ${i}’s date as a real date, like 27 3 2027`;
    else if (!start) errors[`start${i}`] = `Enter day ${i}’s start time, like 09:30`;
    else if (!end || end <= start) errors[`end${i}`] = `Enter day ${i}’s end time, after its start, like 16:00`;
    else dates.push({ starts_at: londonTime(day, start), ends_at: londonTime(day, end) });
  }
  return dates.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
}

export function checkSession(v: FormValues) {
  const errors: Record<string, string> = {};
  const dates = checkDates(v, errors);
  const capacity = whole(text(v, 'capacity'), 10_000);
  if (!capacity) errors.capacity = 'Enter the number of places, a whole number from 1';
  const minimum = whole(text(v, 'minimum') || '0', 10_000);
  if (minimum === null || (capacity && minimum > capacity))
    errors.minimum = 'Enter the minimum number as a whole number no more than the places';
  const cutoff = whole(text(v, 'cutoff') || '0', 60);
  if (cutoff === null) errors.cutoff = 'Enter the cancellation cut-off in working days, from 0 to 60';
  const offerHours = whole(text(v, 'offer_hours') || '48', 336);
  if (!offerHours) errors.offer_hours = 'Enter how many hours an offered place is held, from 1 to 336';
  const opens = blankDate(v, 'opens') ? todayInLondon() : dateOf(v, 'opens');
  if (!opens) errors['opens-day'] = 'Enter the date booking opens as a real date, or leave it blank for today';
  const first = dates[0]?.starts_at.slice(0, 10) ?? '';
  const closes = blankDate(v, 'closes') ? first : dateOf(v, 'closes');
  if (!closes)
    errors['closes-day'] = 'Enter the date booking closes as a real date, or leave it blank for the first day';
  else if (opens && closes < opens) errors['closes-day'] = 'Booking must close on or after the day it opens';
  const venue = text(v, 'venue');
  const onlineLink = text(v, 'online_link');
  if (onlineLink && !/^https:\/\/\S+$/.test(onlineLink)) errors.online_link = 'Enter the online link starting https://';
  return {
    errors,
    dates,
    values: {
      venue,
      access_info: text(v, 'access_info'),
      online_link: onlineLink,
      trainers: text(v, 'trainers'),
      capacity: capacity ?? 0,
      minimum: minimum ?? 0,
      cancellation_cutoff_days: cutoff ?? 0,
      offer_hours: offerHours ?? 48,
      auto_promote: text(v, 'auto_promote') === 'no' ? 0 : 1,
      booking_opens_on: opens ?? '',
      booking_closes_on: closes ?? '',
      starts_at: dates[0]?.starts_at ?? '',
    },
  };
}
