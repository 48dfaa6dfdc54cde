import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Actor, hasCapability, requireCapability, systemActor } from '../../auth/actor.ts';
import { isIsoDate, todayInLondon } from '../../lib/dates.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { codeIn } from '../../lib/records.ts';
import { recordAudit } from '../audit/service.ts';
import { updateAndAudit } from './audited-update.ts';
import type { ProfileService } from '../workforce/profile/profile-service.ts';
import {
  direction,
  financialYear,
  indicatorRag,
  isLiveSource,
  type LiveSource,
  POLARITIES,
  quarterEnds,
} from './indicator-rules.ts';
import { isTrainingSource, liveValueOf, type LiveValue, trainingValues } from './indicators-training.ts';
import { FieldErrors, requiredText } from './plan-input.ts';

export const QUARTERS_SHOWN = 8;
/** An indicator's own page shows three years, so each of its last eight quarters has its year-ago comparison. */
export const INDICATOR_PAGE_QUARTERS = 12;

export interface IndicatorInput {
  name: string;
  definition: string;
  unit: string;
  polarity: string;
  baseline: string;
  source: string;
  tolerance: string;
}

function number(errors: FieldErrors, field: string, text: string, what: string, required: boolean): number | null {
  const value = text.trim().replace(/%$/, '').replaceAll(',', '');
  if (!value) {
    if (required) errors.add(field, `Enter ${what}`);
    return null;
  }
  if (!/^-?\d+(\.\d+)?$/.test(value)) {
    errors.add(field, `${what.charAt(0).toUpperCase()}${what.slice(1)} must be a number, like 12.5`);
    return null;
  }
  return Number(value);
}

function checkIndicator(input: IndicatorInput) {
  const errors = new FieldErrors();
  const source = input.source === 'manual' || isLiveSource(input.source) ? input.source : '';
  if (!source) errors.add('source', 'Select where the values come from');
  if (input.polarity !== 'higher' && input.polarity !== 'lower')
    errors.add('polarity', 'Select whether higher or lower is better');
  const tolerance = number(errors, 'tolerance', input.tolerance || '10', 'the tolerance', true);
  if (tolerance !== null && (tolerance < 0 || tolerance > 100))
    errors.add('tolerance', 'The tolerance must be from 0 to 100%');
  const values = {
    name: requiredText(errors, 'name', input.name, 'the indicator’s name', 200),
    definition: requiredText(errors, 'definition', input.definition, 'how it is defined', 2000),
    unit: requiredText(errors, 'unit', input.unit, 'the unit, for example % or people', 40),
    polarity: input.polarity,
    baseline: number(errors, 'baseline', input.baseline, 'the baseline', false),
    source,
    tolerance_percent: Math.round(tolerance ?? 10),
  };
  errors.throwIfAny();
  return values;
}

type IndicatorRow = Awaited<ReturnType<typeof listIndicators>>[number];
const listIndicators = (db: Kysely<Database>, partnershipId: number) =>
  db.selectFrom('plan_indicators').selectAll().where('partnership_id', '=', partnershipId).orderBy('id').execute();

/** `threshold`: the suppression threshold for counts of people from training (config.suppressionThreshold). */
/** Success indicators: definitions, targets, values live or entered, and quarters signed off. */
export class IndicatorsService {
  readonly #db: Kysely<Database>;
  readonly #profile: ProfileService;
  readonly #threshold: number;

  constructor(db: Kysely<Database>, profile: ProfileService, threshold: number) {
    this.#db = db;
    this.#profile = profile;
    this.#threshold = threshold;
  }

  /**
   * Workforce values for each quarter end, from the latest census date on or before it (suppressed as the
   * profile is). The latest profile's trends hold every headline measure at every census date, the
   * same protected numbers as each date's own profile, so one (cached) profile serves every quarter
   * instead of one profile built per census date.
   */
  async #workforceValues(partnershipId: number, quarters: string[]) {
    const latest = await this.#profile.getProfile(systemActor(partnershipId, 'Success indicators'));
    const dates = latest.options.censusDates;
    const byMeasure = new Map(latest.trends.table.rows.map((row) => [row.key, row.values]));
    const values = new Map<string, (source: LiveSource) => LiveValue>();
    for (const quarter of quarters) {
      const date = dates.filter((d) => d <= quarter).at(-1);
      if (!date) continue;
      values.set(quarter, (source) => liveValueOf(byMeasure.get(source.slice('workforce.'.length))?.[date] ?? null));
    }
    return values;
  }

  /** Every live indicator's value at each (not signed-off) quarter end, from the workforce profile or training. */
  async #liveValues(partnershipId: number, indicators: IndicatorRow[], quarters: string[]) {
    const sources = new Set(indicators.map((i) => i.source).filter(isLiveSource));
    const training = new Set([...sources].filter(isTrainingSource));
    const [workforce, fromTraining] = await Promise.all([
      training.size < sources.size && quarters.length ? this.#workforceValues(partnershipId, quarters) : new Map(),
      trainingValues(this.#db, partnershipId, training, training.size ? quarters : [], this.#threshold),
    ]);
    return (quarter: string, source: LiveSource): LiveValue | undefined =>
      isTrainingSource(source) ? fromTraining.get(quarter)?.get(source) : workforce.get(quarter)?.(source);
  }

  async #series(partnershipId: number, indicators: IndicatorRow[], quarters: string[]) {
    const ids = indicators.map((i) => i.id);
    const [stored, targets] = ids.length
      ? await Promise.all([
          this.#db
            .selectFrom('plan_indicator_values')
            .selectAll()
            .where('partnership_id', '=', partnershipId)
            .where('indicator_id', 'in', ids)
            .execute(),
          this.#db
            .selectFrom('plan_indicator_targets')
            .selectAll()
            .where('partnership_id', '=', partnershipId)
            .where('indicator_id', 'in', ids)
            .execute(),
        ])
      : [[], []];
    const signedOff = new Set(stored.filter((v) => v.signed_off_at).map((v) => v.quarter_end));
    const live = await this.#liveValues(
      partnershipId,
      indicators,
      quarters.filter((q) => !signedOff.has(q)),
    );
    return indicators.map((indicator) => {
      const polarity = codeIn(POLARITIES, indicator.polarity, 'indicator polarity');
      const points = quarters.map((quarter) => {
        const row = stored.find((v) => v.indicator_id === indicator.id && v.quarter_end === quarter);
        const frozen = Boolean(row?.signed_off_at);
        const fromProfile = !frozen && isLiveSource(indicator.source) ? live(quarter, indicator.source) : undefined;
        const value = fromProfile
          ? fromProfile.value
          : row?.value === null || row?.value === undefined
            ? null
            : Number(row.value);
        const target = targets.find(
          (t) => t.indicator_id === indicator.id && Number(t.year) === financialYear(quarter),
        );
        return {
          quarterEnd: quarter,
          value,
          suppressed: fromProfile ? fromProfile.suppressed : Boolean(row?.suppressed),
          frozen,
          signedOff: signedOff.has(quarter),
          target: target ? Number(target.target) : null,
          rag: indicatorRag(
            value,
            target ? Number(target.target) : null,
            polarity,
            Number(indicator.tolerance_percent),
          ),
        };
      });
      const withTravel = points.map((p, i) => ({
        ...p,
        vsLastQuarter: direction(p.value, points[i - 1]?.value ?? null, polarity),
        vsLastYear: direction(p.value, points[i - 4]?.value ?? null, polarity),
      }));
      return {
        ...indicator,
        polarity,
        live: isLiveSource(indicator.source),
        points: withTravel,
        latest: withTravel.at(-1),
      };
    });
  }

  async #find(actor: Actor, id: number) {
    const row = await this.#db
      .selectFrom('plan_indicators')
      .selectAll()
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Indicator');
    return row;
  }

  async list(actor: Actor) {
    requireCapability(actor, 'plan:view');
    const quarters = quarterEnds(todayInLondon(), QUARTERS_SHOWN);
    const indicators = await this.#series(
      actor.partnershipId,
      await listIndicators(this.#db, actor.partnershipId),
      quarters,
    );
    const signedOff = new Set(indicators.flatMap((i) => i.points.filter((p) => p.signedOff).map((p) => p.quarterEnd)));
    return { indicators, quarters, signedOff: [...signedOff], canEdit: hasCapability(actor, 'plan:edit') };
  }

  async get(actor: Actor, id: number) {
    requireCapability(actor, 'plan:view');
    const quarters = quarterEnds(todayInLondon(), INDICATOR_PAGE_QUARTERS);
    const [indicator] = await this.#series(actor.partnershipId, [await this.#find(actor, id)], quarters);
    if (!indicator) throw new NotFoundError('Indicator');
    return { indicator, quarters, canEdit: hasCapability(actor, 'plan:edit') };
  }

  async create(actor: Actor, input: IndicatorInput) {
    requireCapability(actor, 'plan:edit');
    const values = checkIndicator(input);
    return this.#db.transaction().execute(async (trx) => {
      const at = nowIso();
      const row = await trx
        .insertInto('plan_indicators')
        .values({ partnership_id: actor.partnershipId, ...values, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'plan_indicator',
        entityId: row.id,
        summary: `Added indicator ${values.name}`,
        after: values,
      });
      return { id: row.id, ...values };
    });
  }

  /** Changes an indicator's definition; values already signed off stay frozen. */
  async update(actor: Actor, id: number, input: IndicatorInput) {
    requireCapability(actor, 'plan:edit');
    const before = await this.#find(actor, id);
    const values = checkIndicator(input);
    await this.#db.transaction().execute(async (trx) => {
      await updateAndAudit(trx, actor, {
        table: 'plan_indicators',
        id,
        values,
        entityType: 'plan_indicator',
        noun: 'indicator',
        before,
      });
    });
    return { id, ...values };
  }

  async setTarget(actor: Actor, id: number, input: { year: string; target: string }) {
    requireCapability(actor, 'plan:edit');
    const indicator = await this.#find(actor, id);
    const errors = new FieldErrors();
    const year = Number(input.year);
    if (!/^\d{4}$/.test(input.year)) errors.add('year', 'Select the financial year');
    const target = number(errors, 'target', input.target, 'the target', true);
    errors.throwIfAny();
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('plan_indicator_targets').where('indicator_id', '=', id).where('year', '=', year).execute();
      await trx
        .insertInto('plan_indicator_targets')
        .values({ partnership_id: actor.partnershipId, indicator_id: id, year, target: target ?? 0 })
        .execute();
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'plan_indicator',
        entityId: id,
        summary: `Set the ${year} target of ${indicator.name} to ${target}`,
        after: { year, target },
      });
    });
  }

  /** A hand-entered quarter value; refused for live indicators and signed-off quarters. */
  async recordValue(actor: Actor, id: number, input: { quarterEnd: string; value: string }) {
    requireCapability(actor, 'plan:edit');
    const indicator = await this.#find(actor, id);
    const errors = new FieldErrors();
    if (isLiveSource(indicator.source))
      errors.add(
        'value',
        `This indicator’s values come from ${isTrainingSource(indicator.source) ? 'training' : 'the workforce profile'}; they cannot be typed`,
      );
    if (!quarterEnds(todayInLondon(), INDICATOR_PAGE_QUARTERS).includes(input.quarterEnd))
      errors.add('quarterEnd', 'Select a quarter from the list');
    const value = number(errors, 'value', input.value, 'the value', true);
    errors.throwIfAny();
    const existing = await this.#db
      .selectFrom('plan_indicator_values')
      .selectAll()
      .where('indicator_id', '=', id)
      .where('quarter_end', '=', input.quarterEnd)
      .executeTakeFirst();
    if (existing?.signed_off_at)
      throw new ValidationError({ quarterEnd: 'That quarter is signed off: its values cannot change' });
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('plan_indicator_values')
        .where('indicator_id', '=', id)
        .where('quarter_end', '=', input.quarterEnd)
        .execute();
      await trx
        .insertInto('plan_indicator_values')
        .values({
          partnership_id: actor.partnershipId,
          indicator_id: id,
          quarter_end: input.quarterEnd,
          value,
          signed_off_at: null,
          signed_off_by: null,
        })
        .execute();
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'plan_indicator',
        entityId: id,
        summary: `Recorded ${value} for ${indicator.name}, quarter ending ${input.quarterEnd}`,
        before: existing ? { value: existing.value } : undefined,
        after: { quarterEnd: input.quarterEnd, value },
      });
    });
  }

  /** Freezes every indicator's value for the quarter (live ones as worked out now), in one transaction. */
  async signOff(actor: Actor, quarterEnd: string) {
    requireCapability(actor, 'plan:edit');
    const quarters = quarterEnds(todayInLondon(), QUARTERS_SHOWN);
    if (!isIsoDate(quarterEnd) || !quarters.includes(quarterEnd))
      throw new ValidationError({ quarterEnd: 'Select a quarter that has ended' });
    const indicators = await this.#series(actor.partnershipId, await listIndicators(this.#db, actor.partnershipId), [
      quarterEnd,
    ]);
    if (indicators.some((i) => i.points[0]?.signedOff))
      throw new ValidationError({ quarterEnd: 'That quarter is already signed off' });
    const at = nowIso();
    await this.#db.transaction().execute(async (trx) => {
      for (const indicator of indicators) {
        const point = indicator.points[0];
        await trx
          .deleteFrom('plan_indicator_values')
          .where('indicator_id', '=', indicator.id)
          .where('quarter_end', '=', quarterEnd)
          .execute();
        await trx
          .insertInto('plan_indicator_values')
          .values({
            partnership_id: actor.partnershipId,
            indicator_id: indicator.id,
            quarter_end: quarterEnd,
            value: point?.value ?? null,
            suppressed: point?.suppressed ? 1 : 0,
            signed_off_at: at,
            signed_off_by: actor.label,
          })
          .execute();
      }
      await recordAudit(trx, actor, {
        action: 'sign-off',
        entityType: 'plan_indicators',
        entityId: quarterEnd,
        summary: `Signed off the indicators for the quarter ending ${quarterEnd}`,
        after: Object.fromEntries(indicators.map((i) => [i.name, i.points[0]?.value ?? null])),
      });
    });
    return indicators.length;
  }
}

export const createIndicatorsService = (
  db: Kysely<Database>,
  profile: ProfileService,
  threshold: number,
): IndicatorsService => new IndicatorsService(db, profile, threshold);
