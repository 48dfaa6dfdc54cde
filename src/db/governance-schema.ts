import type { Generated, Insertable, Selectable } from 'kysely';

/** Governance groups, members, meetings and actions arising (migration 0021). */
export interface GovGroupTable {
  id: Generated<number>;
  partnership_id: number;
  parent_id: number | null;
  /** board, steering or sub-group */
  kind: string;
  name: string;
  terms_of_reference: string;
  review_on: string;
  created_at: string;
  updated_at: string;
}

export interface GovMemberTable {
  id: Generated<number>;
  partnership_id: number;
  group_id: number;
  name: string;
  organisation: string;
  role: string;
}

export interface GovMeetingTable {
  id: Generated<number>;
  partnership_id: number;
  group_id: number;
  held_on: string;
  /** One decision a line. */
  decisions: string;
  created_at: string;
}

export interface GovActionArisingTable {
  id: Generated<number>;
  partnership_id: number;
  meeting_id: number;
  what: string;
  owner: string;
  owner_organisation: string;
  due_on: string;
  plan_action_id: number | null;
}

export type GovGroup = Selectable<GovGroupTable>;
export type NewGovGroup = Insertable<GovGroupTable>;
export type GovMeeting = Selectable<GovMeetingTable>;
export type GovActionArising = Selectable<GovActionArisingTable>;

/** This schema file's tables, by name, for the Database interface. */
export interface GovernanceTables {
  gov_groups: GovGroupTable;
  gov_members: GovMemberTable;
  gov_meetings: GovMeetingTable;
  gov_actions_arising: GovActionArisingTable;
}
