import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../lib/logger.ts';

export type CliContext = () => { config: Config; db: Db; logger: Logger };

/** users create|invite|token, backup, restore. */
export function registerAdminCommands(_program: Command, _context: CliContext): void {
}
