import type { Command } from 'commander';
import { registerBackupCommands } from './backup.ts';
import type { CliContext } from './context.ts';
import { registerUsersCommands } from './users-commands.ts';

/** users create|invite|token, backup, restore. */
export function registerAdminCommands(program: Command, context: CliContext): void {
  registerUsersCommands(program, context);
  registerBackupCommands(program);
}
