/*
 * Plan actions ↔ the training courses they commission (issue 15 point 3, docs/adr/0035): the
 * link table's reads and writes, and the check that every course chosen is one of the
 * partnership's own. A course keeps its links when it is archived; the form shows it as such.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { FieldErrors } from './plan-input.ts';

type Db = Kysely<Database>;

export interface LinkedCourse {
  id: number;
  title: string;
}

export interface CourseChoice extends LinkedCourse {
  archived: boolean;
}

/** Every course of the partnership, active ones first, each by title. */
export async function courseChoices(db: Db, partnershipId: number): Promise<CourseChoice[]> {
  const rows = await db
    .selectFrom('training_courses')
    .select(['id', 'title', 'status'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('status')
    .orderBy('title')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, archived: r.status === 'archived' }));
}

/** The courses linked to each of the given actions (all of the partnership's when `actionIds` is omitted). */
export async function coursesOfActions(
  db: Db,
  partnershipId: number,
  actionIds?: number[],
): Promise<Map<number, LinkedCourse[]>> {
  const result = new Map<number, LinkedCourse[]>();
  if (actionIds && !actionIds.length) return result;
  let query = db
    .selectFrom('plan_action_courses as l')
    .innerJoin('training_courses as c', 'c.id', 'l.course_id')
    .select(['l.action_id', 'c.id', 'c.title'])
    .where('l.partnership_id', '=', partnershipId);
  if (actionIds) query = query.where('l.action_id', 'in', actionIds);
  for (const row of await query.orderBy('c.title').orderBy('c.id').execute()) {
    const list = result.get(row.action_id) ?? [];
    list.push({ id: row.id, title: row.title });
    result.set(row.action_id, list);
  }
  return result;
}

/** The plan actions a course delivers, by due date. */
export const actionsOfCourse = (db: Db, partnershipId: number, courseId: number) =>
  db
    .selectFrom('plan_action_courses as l')
    .innerJoin('plan_actions as a', 'a.id', 'l.action_id')
    .select(['a.id', 'a.title', 'a.due_date'])
    .where('l.partnership_id', '=', partnershipId)
    .where('l.course_id', '=', courseId)
    .orderBy('a.due_date')
    .orderBy('a.id')
    .execute();

/**
 * The course ids a form or request chose, each checked to be one of this partnership's courses;
 * undefined (the field not sent) leaves the links as they are.
 */
export async function checkCourseIds(
  db: Db,
  partnershipId: number,
  chosen: string[] | undefined,
  errors: FieldErrors,
): Promise<number[] | undefined> {
  if (chosen === undefined) return undefined;
  const ids = [...new Set(chosen.map((c) => c.trim()).filter(Boolean))];
  const numeric = ids.filter((id) => /^\d{1,9}$/.test(id)).map(Number);
  const known = new Set(
    numeric.length
      ? (
          await db
            .selectFrom('training_courses')
            .select('id')
            .where('partnership_id', '=', partnershipId)
            .where('id', 'in', numeric)
            .execute()
        ).map((r) => r.id)
      : [],
  );
  const unknown = ids.filter((id) => !known.has(Number(id)) || !/^\d{1,9}$/.test(id));
  if (unknown.length)
    errors.add(
      'courseIds',
      `Select courses from this partnership’s catalogue: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not one' : 'are not'} of its courses`,
    );
  return numeric.filter((id) => known.has(id)).sort((a, b) => a - b);
}

/** Makes the action's links exactly `courseIds`. */
export async function replaceCourseLinks(db: Db, partnershipId: number, actionId: number, courseIds: number[]) {
  await db
    .deleteFrom('plan_action_courses')
    .where('partnership_id', '=', partnershipId)
    .where('action_id', '=', actionId)
    .execute();
  if (courseIds.length)
    await db
      .insertInto('plan_action_courses')
      .values(courseIds.map((course_id) => ({ partnership_id: partnershipId, action_id: actionId, course_id })))
      .execute();
}
