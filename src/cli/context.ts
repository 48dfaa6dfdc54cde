import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../lib/logger.ts';

/** What a command needs, opened only when a command that needs it runs. */
export type CliContext = () => { config: Config; db: Db; logger: Logger };
