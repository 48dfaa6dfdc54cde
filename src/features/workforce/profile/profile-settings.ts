/* The partnership's workforce profile settings: read with their defaults, and changed (audited). */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/schema.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { nowIso } from '../../../lib/time.ts';
import { type Actor, requireCapability } from '../../../auth/actor.ts';
import { recordAudit } from '../../audit/service.ts';
import { DEFAULT_MINIMUM_QUALIFICATIONS, DEFAULT_RETIREMENT_AGE, DEFAULT_WORKING_DAYS } from './measures.ts';
import * as repo from './profile-repository.ts';
import type { WorkforceSettings, WorkforceSettingsInput } from './profile-types.ts';
import { localAuthorities, localAuthorityName } from './reference.ts';
import { QUALIFICATION_LEVELS, SERVICE_CODES } from '../standard/standard.ts';

/** A stored JSON setting of the expected shape, or the fallback when it is missing or unreadable. */
function parseJson<S extends z.ZodType>(schema: S, text: string | undefined, fallback: z.infer<S>): z.infer<S> {
  try {
    return text ? schema.parse(JSON.parse(text)) : fallback;
  } catch {
    return fallback;
  }
}

export async function settingsOf(db: Kysely<Database>, partnershipId: number): Promise<WorkforceSettings> {
  const row = await repo.findSettings(db, partnershipId);
  // Until the profile settings are saved, the partnership's own local authority code is used.
  const code = row ? row.local_authority_code : await repo.partnershipAuthority(db, partnershipId);
  return {
    localAuthorityCode: code,
    localAuthorityName: code ? localAuthorityName(code) : null,
    retirementAge: row?.retirement_age ?? DEFAULT_RETIREMENT_AGE,
    minimumQualifications: parseJson(
      z.record(z.string(), z.string()),
      row?.minimum_qualifications_json,
      DEFAULT_MINIMUM_QUALIFICATIONS,
    ),
    statisticalNeighbours: parseJson(z.array(z.string()), row?.statistical_neighbours_json, []),
    workingDaysPerYear: row?.working_days_per_year ?? DEFAULT_WORKING_DAYS,
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
  };
}

export async function updateSettings(
  db: Kysely<Database>,
  actor: Actor,
  input: WorkforceSettingsInput,
): Promise<WorkforceSettings> {
  requireCapability(actor, 'organisations:manage');
  const fields: Record<string, string> = {};
  const las = localAuthorities();
  const code = input.localAuthorityCode.trim();
  if (code && !las.some((la) => la.code === code))
    fields.localAuthorityCode = 'Select an upper-tier local authority in England';
  const retirementAge = Number(String(input.retirementAge).trim());
  if (!Number.isInteger(retirementAge) || retirementAge < 55 || retirementAge > 75)
    fields.retirementAge = 'Retirement age must be a whole number from 55 to 75';
  const workingDays = Number(String(input.workingDaysPerYear).trim());
  if (!Number.isInteger(workingDays) || workingDays < 200 || workingDays > 366)
    fields.workingDaysPerYear = 'Working days per year must be a whole number from 200 to 366';
  const levels = QUALIFICATION_LEVELS.map((l) => l.code).filter((c) => c !== 'not_known' && c !== 'none');
  const minimums: Record<string, string> = {};
  for (const [service, level] of Object.entries(input.minimumQualifications)) {
    if (!level) continue;
    if (!SERVICE_CODES.some((s) => s.code === service) || !levels.includes(level))
      fields.minimumQualifications = 'Select an RQF level for each service, or none';
    else minimums[service] = level;
  }
  const neighbours = [...new Set(input.statisticalNeighbours.map((n) => n.trim()).filter(Boolean))];
  if (neighbours.some((n) => !las.some((la) => la.code === n)))
    fields.statisticalNeighbours = 'Statistical neighbours must be local authorities in England';
  else if (neighbours.length > 15) fields.statisticalNeighbours = 'Choose at most 15 statistical neighbours';
  if (Object.keys(fields).length) throw new ValidationError(fields);
  const before = await settingsOf(db, actor.partnershipId);
  const values = {
    local_authority_code: code || null,
    retirement_age: retirementAge,
    working_days_per_year: workingDays,
    minimum_qualifications_json: JSON.stringify(minimums),
    statistical_neighbours_json: JSON.stringify(neighbours),
    updated_at: nowIso(),
    updated_by: actor.label,
  };
  await db.transaction().execute(async (trx) => {
    const existing = await repo.findSettings(trx, actor.partnershipId);
    if (existing)
      await trx
        .updateTable('workforce_settings')
        .set(values)
        .where('partnership_id', '=', actor.partnershipId)
        .execute();
    else
      await trx
        .insertInto('workforce_settings')
        .values({ partnership_id: actor.partnershipId, ...values })
        .execute();
    await recordAudit(trx, actor, {
      action: 'workforce.settings.update',
      entityType: 'workforce_settings',
      entityId: actor.partnershipId,
      summary: 'Changed the workforce profile settings',
      before: {
        localAuthorityCode: before.localAuthorityCode,
        retirementAge: before.retirementAge,
        minimumQualifications: before.minimumQualifications,
        statisticalNeighbours: before.statisticalNeighbours,
        workingDaysPerYear: before.workingDaysPerYear,
      },
      after: {
        localAuthorityCode: values.local_authority_code,
        retirementAge,
        minimumQualifications: minimums,
        statisticalNeighbours: neighbours,
        workingDaysPerYear: workingDays,
      },
    });
  });
  return settingsOf(db, actor.partnershipId);
}
