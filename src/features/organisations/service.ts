import type { Kysely } from 'kysely';
import type { Database, Organisation } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import {
  ORGANISATION_TYPES,
  SECTORS,
  SERVICES,
  type OrganisationType,
  type Sector,
  type Service,
} from '../accounts/organisation-codes.ts';
import { recordAudit } from '../audit/service.ts';
import * as repo from './repository.ts';
import { codeIn, isKeyOf, keysOf } from '../../lib/records.ts';

/** What the form sends: raw text, checked here. */
export interface OrganisationInput {
  name: string;
  type: string;
  sector: string;
  services: string[];
}

export interface OrganisationDetails {
  id: number;
  name: string;
  type: OrganisationType;
  sector: Sector;
  services: Service[];
}
export type OrganisationRecord = OrganisationDetails & { userCount: number; created_at: string; updated_at: string };

const MAX_NAME = 120;
const SERVICE_CODES = keysOf(SERVICES);

function parseServices(json: string): Service[] {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? SERVICE_CODES.filter((code) => list.includes(code)) : [];
  } catch {
    return [];
  }
}

const details = (o: Organisation): OrganisationDetails => ({
  id: o.id,
  name: o.name,
  type: codeIn(ORGANISATION_TYPES, o.type, 'organisation type'),
  sector: codeIn(SECTORS, o.sector, 'sector'),
  services: parseServices(o.services),
});

const record = (row: repo.OrganisationRow): OrganisationRecord => ({
  ...details(row),
  userCount: Number(row.user_count ?? 0),
  created_at: row.created_at,
  updated_at: row.updated_at,
});

/** Partner organisations: their type, sector, services and full-time hours. */
export class OrganisationService {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async #check(actor: Actor, input: OrganisationInput, exceptId?: number) {
    const fields: Record<string, string> = {};
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (!name) fields.name = 'Enter the organisation’s name';
    else if (name.length > MAX_NAME) fields.name = `Name must be ${MAX_NAME} characters or fewer`;
    else if (await repo.findOrganisationNamed(this.#db, actor.partnershipId, name, exceptId))
      fields.name = `There is already an organisation called ${name} in this partnership`;
    if (!(input.type in ORGANISATION_TYPES)) fields.type = 'Select the type of organisation';
    if (!(input.sector in SECTORS)) fields.sector = 'Select the organisation’s sector';
    const unknown = input.services.some((s) => !isKeyOf(SERVICES, s));
    if (!input.services.length || unknown) fields.services = 'Select at least one service the organisation provides';
    if (Object.keys(fields).length) throw new ValidationError(fields);
    return {
      name,
      type: input.type,
      sector: input.sector,
      services: JSON.stringify(SERVICE_CODES.filter((c) => input.services.includes(c))),
    };
  }

  /** A name taken between the check and the write breaks the unique constraint: say so, as the check would. */
  async #explainConflict<T>(
    actor: Actor,
    name: string,
    exceptId: number | undefined,
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (await repo.findOrganisationNamed(this.#db, actor.partnershipId, name, exceptId)) {
        throw new ValidationError({ name: `There is already an organisation called ${name} in this partnership` });
      }
      throw err;
    }
  }

  async #find(actor: Actor, id: number): Promise<repo.OrganisationRow> {
    const row = await repo.findOrganisation(this.#db, actor.partnershipId, id);
    if (!row) throw new NotFoundError('Organisation');
    return row;
  }

  async get(actor: Actor, id: number): Promise<OrganisationRecord> {
    requireCapability(actor, 'organisations:view');
    return record(await this.#find(actor, id));
  }

  async list(actor: Actor): Promise<OrganisationRecord[]> {
    requireCapability(actor, 'organisations:view');
    return (await repo.listOrganisations(this.#db, actor.partnershipId)).map(record);
  }

  async create(actor: Actor, input: OrganisationInput): Promise<OrganisationDetails> {
    requireCapability(actor, 'organisations:manage');
    const values = await this.#check(actor, input);
    return this.#explainConflict(actor, values.name, undefined, () =>
      this.#db.transaction().execute(async (trx) => {
        const at = nowIso();
        const created = details(
          await repo.insertOrganisation(trx, {
            partnership_id: actor.partnershipId,
            ...values,
            created_at: at,
            updated_at: at,
          }),
        );
        await recordAudit(trx, actor, {
          action: 'create',
          entityType: 'organisation',
          entityId: created.id,
          organisationId: created.id,
          summary: `Added organisation ${created.name}`,
          after: created,
        });
        return created;
      }),
    );
  }

  /** Saves the changes, if any, with the before and after in the audit log. */
  async update(actor: Actor, id: number, input: OrganisationInput): Promise<OrganisationDetails> {
    requireCapability(actor, 'organisations:manage');
    const row = await this.#find(actor, id);
    const values = await this.#check(actor, input, id);
    const previous = details(row);
    const after = details({ ...row, ...values });
    if (JSON.stringify(after) === JSON.stringify(previous)) return after;
    return this.#explainConflict(actor, values.name, id, () =>
      this.#db.transaction().execute(async (trx) => {
        await repo.updateOrganisation(trx, actor.partnershipId, id, { ...values, updated_at: nowIso() });
        await recordAudit(trx, actor, {
          action: 'update',
          entityType: 'organisation',
          entityId: id,
          organisationId: id,
          summary: `Changed organisation ${after.name}`,
          before: previous,
          after,
        });
        return after;
      }),
    );
  }
}

export const createOrganisationService = (db: Kysely<Database>): OrganisationService => new OrganisationService(db);
