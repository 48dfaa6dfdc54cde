import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../lib/logger.ts';
import { registerBackupCommands } from './backup.ts';
import { registerOrganisationsCommands } from './organisations-commands.ts';
import { registerUsersCommands } from './users-commands.ts';

export type CliContext = () => { config: Config; db: Db; logger: Logger };

/** users create|invite|token|list, organisations list, backup, restore. */
export function registerAdminCommands(program: Command, context: CliContext): void {
  registerUsersCommands(program, context);
  registerOrganisationsCommands(program, context);
  registerBackupCommands(program);
}
