import type { Command } from 'commander';
import { systemActor } from '../auth/actor.ts';
import { label, ORGANISATION_TYPES } from '../features/accounts/organisation-codes.ts';
import { createServices } from '../services.ts';
import type { CliContext } from './context.ts';
import { wholeNumber } from './users-commands.ts';

const LABEL = 'Command line';

/** organisations list: the ids that `import` and `export` need, with names and types. */
export function registerOrganisationsCommands(program: Command, context: CliContext): void {
  const organisations = program.command('organisations').description('List partner organisations and their ids');
  organisations
    .command('list')
    .description('List organisations: id, name and type, for every partnership or one (--partnership)')
    .option('--partnership <id>', 'only this partnership’s organisations', wholeNumber)
    .addHelpText('after', '\nExample:\n  npm run cli -- organisations list --partnership 1')
    .action(async (options: { partnership?: string }) => {
      const { config, db } = context();
      try {
        const services = createServices(db, config);
        const all = await services.partnerships.list(systemActor(0, LABEL));
        const chosen = options.partnership ? all.filter((p) => p.id === Number(options.partnership)) : all;
        if (options.partnership && !chosen.length)
          throw new Error(
            `There is no partnership with id ${options.partnership}. Run "organisations list" without --partnership to see them all.`,
          );
        if (!chosen.length) console.log('There are no partnerships yet. Run "one-workforce demo" to load the demo.');
        for (const partnership of chosen) {
          const list = await services.organisations.list(systemActor(partnership.id, LABEL));
          console.log(`Partnership ${partnership.id}: ${partnership.name}`);
          console.log(`${'id'.padStart(5)}  ${'name'.padEnd(48)}  type`);
          for (const o of list)
            console.log(`${String(o.id).padStart(5)}  ${o.name.padEnd(48)}  ${label(ORGANISATION_TYPES, o.type)}`);
          if (!list.length) console.log('  This partnership has no organisations.');
        }
      } finally {
        await db.close();
      }
    });
}
