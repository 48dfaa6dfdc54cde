import { ForbiddenError } from '../lib/errors.ts';
import { can, type Capability, type Role } from './roles.ts';

/** Who is acting: a signed-in user, an API token's user, or the system itself (CLI, demo). */
export interface Actor {
  userId: number | null;
  partnershipId: number;
  role: Role;
  organisationId: number | null;
  label: string;
  ip: string | null;
}

export function requireCapability(actor: Actor, capability: Capability): void {
  if (!can(actor.role, capability)) throw new ForbiddenError();
}

export function hasCapability(actor: Actor, capability: Capability): boolean {
  return can(actor.role, capability);
}

/** The CLI and the demo loader act as a system administrator of one partnership. */
export function systemActor(partnershipId: number, label = 'System'): Actor {
  return { userId: null, partnershipId, role: 'system_admin', organisationId: null, label, ip: null };
}
