import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { recordAudit } from '../audit/service.ts';
import { POSITIONS, SCORES } from './framework.ts';
import * as repo from './repository.ts';

/** The edit form's text: theme_N_name, theme_N_description, stage_N_…, level_N_name, level_N_description. */
export type FrameworkInput = Record<string, string>;

const MAX_NAME = 120;
const MAX_DESCRIPTION = 600;

function wording(current: repo.FrameworkRecord, input: FrameworkInput) {
  const fields: Record<string, string> = {};
  const text = (key: string, max: number, label: string, required: boolean) => {
    const value = (input[key] ?? '').trim().replace(/\s+/g, ' ');
    if (required && !value) fields[key] = `Enter the ${label}`;
    else if (value.length > max) fields[key] = `The ${label} must be ${max} characters or fewer`;
    return value;
  };
  const themes = current.themes.map((t) => ({
    ...t,
    name: text(`theme_${t.position}_name`, MAX_NAME, `name of theme ${t.position}`, true),
    description: text(`theme_${t.position}_description`, MAX_DESCRIPTION, `description of theme ${t.position}`, false),
  }));
  const stages = current.stages.map((s) => ({
    ...s,
    name: text(`stage_${s.position}_name`, MAX_NAME, `name of stage ${s.position}`, true),
    description: text(`stage_${s.position}_description`, MAX_DESCRIPTION, `description of stage ${s.position}`, false),
  }));
  const levels = current.levels.map((l) => ({
    score: l.score,
    name: text(`level_${l.score}_name`, MAX_NAME, `name of level ${l.score}`, true),
    description: text(`level_${l.score}_description`, MAX_DESCRIPTION, `description of level ${l.score}`, false),
  }));
  for (const [kind, list] of [
    ['theme', themes],
    ['stage', stages],
  ] as const) {
    const seen = new Map<string, number>();
    for (const item of list) {
      const key = item.name.toLowerCase();
      if (key && seen.has(key))
        fields[`${kind}_${item.position}_name`] ??=
          `Theme and stage names must be different: ${kind} ${seen.get(key)} is already called ${item.name}`;
      seen.set(key, item.position);
    }
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
  return { themes, stages, levels };
}

/** The form's values for a framework, keyed as the form names its fields. */
export function frameworkFormValues(framework: repo.FrameworkRecord): FrameworkInput {
  const values: FrameworkInput = {};
  for (const t of framework.themes) {
    values[`theme_${t.position}_name`] = t.name;
    values[`theme_${t.position}_description`] = t.description;
  }
  for (const s of framework.stages) {
    values[`stage_${s.position}_name`] = s.name;
    values[`stage_${s.position}_description`] = s.description;
  }
  for (const l of framework.levels) {
    values[`level_${l.score}_name`] = l.name;
    values[`level_${l.score}_description`] = l.description;
  }
  return values;
}

export const FRAMEWORK_FIELDS = [
  ...POSITIONS.flatMap((p) => [`theme_${p}_name`, `theme_${p}_description`]),
  ...POSITIONS.flatMap((p) => [`stage_${p}_name`, `stage_${p}_description`]),
  ...SCORES.flatMap((s) => [`level_${s}_name`, `level_${s}_description`]),
];

export function createFrameworkService(db: Kysely<Database>) {
  return {
    /** The framework new rounds use: the newest version, the default OCWT the first time. */
    async current(actor: Actor): Promise<repo.FrameworkRecord & { inUse: boolean }> {
      requireCapability(actor, 'assessment:respond');
      const id = await repo.ensureDefaultFramework(db, actor.partnershipId);
      const framework = await repo.findFramework(db, actor.partnershipId, id);
      if (!framework) throw new NotFoundError('Framework');
      return { ...framework, inUse: await repo.frameworkInUse(db, actor.partnershipId, id) };
    },

    async get(actor: Actor, id: number): Promise<repo.FrameworkRecord> {
      requireCapability(actor, 'assessment:respond');
      const framework = await repo.findFramework(db, actor.partnershipId, id);
      if (!framework) throw new NotFoundError('Framework');
      return framework;
    },

    /**
     * Saves new wording. If a round already has answers against the current version, the change
     * becomes a new version (those rounds keep the wording they were answered with).
     */
    async update(
      actor: Actor,
      input: FrameworkInput,
    ): Promise<{ id: number; version: number; newVersion: boolean; changed: boolean }> {
      requireCapability(actor, 'assessment:manage');
      const currentId = await repo.ensureDefaultFramework(db, actor.partnershipId);
      const current = await repo.findFramework(db, actor.partnershipId, currentId);
      if (!current) throw new NotFoundError('Framework');
      const next = wording(current, input);
      const before = { levels: current.levels, themes: current.themes, stages: current.stages };
      if (
        JSON.stringify(next) ===
        JSON.stringify({ themes: current.themes, stages: current.stages, levels: current.levels })
      ) {
        return { id: current.id, version: current.version, newVersion: false, changed: false };
      }
      return db.transaction().execute(async (trx) => {
        const inUse = await repo.frameworkInUse(trx, actor.partnershipId, current.id);
        let id = current.id;
        let version = current.version;
        if (inUse) {
          version = current.version + 1;
          id = await repo.insertFramework(trx, actor.partnershipId, {
            name: current.name,
            version,
            basedOnId: current.id,
            ...next,
          });
          await repo.moveUnansweredDraftRounds(trx, actor.partnershipId, current.id, id);
        } else {
          await repo.updateFrameworkWording(trx, actor.partnershipId, current.id, next);
        }
        await recordAudit(trx, actor, {
          action: inUse ? 'create' : 'update',
          entityType: 'assessment_framework',
          entityId: id,
          summary: inUse
            ? `Created version ${version} of the self-assessment framework`
            : `Changed the wording of version ${version} of the self-assessment framework`,
          before,
          after: next,
        });
        return { id, version, newVersion: inUse, changed: true };
      });
    },
  };
}

export type FrameworkService = ReturnType<typeof createFrameworkService>;
