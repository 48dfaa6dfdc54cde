import type { Command } from 'commander';
import { registerBackupCommands } from './backup.ts';
import type { CliContext } from './context.ts';
import { registerOrganisationsCommands } from './organisations-commands.ts';
import { registerUsersCommands } from './users-commands.ts';

/** users create|invite|token|list, organisations list, backup, restore. */
export function registerAdminCommands(program: Command, context: CliContext): void {
  registerUsersCommands(program, context);
  registerOrganisationsCommands(program, context);
  registerBackupCommands(program);
}
