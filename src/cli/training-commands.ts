import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../auth/actor.ts';
import { RecordsImportError } from '../features/training/records-service.ts';
import { createServices } from '../services.ts';
import type { CliContext } from './context.ts';
import { wholeNumber } from './users-commands.ts';

const LABEL = 'Command line';

/** training import-records: the e-learning import of the web page, checked, and added with --commit. */
export function registerTrainingCommands(program: Command, context: CliContext): void {
  const training = program.command('training').description('Training records');
  training
    .command('import-records <file>')
    .description(
      'Check a CSV of e-learning records (email or worker_id, course, date, hours, level), and add them all with --commit; a file with any problem adds none',
    )
    .requiredOption('--partnership <id>', 'the partnership the practitioners belong to', wholeNumber)
    .option('--commit', 'add the records when the file has no problems')
    .addHelpText('after', '\nExample:\n  npm run cli -- training import-records elearning.csv --partnership 1 --commit')
    .action(async (file: string, options: { partnership: string; commit?: boolean }) => {
      const { config, db } = context();
      try {
        const services = createServices(db, config);
        if (!(await services.partnerships.get(Number(options.partnership))))
          throw new Error(
            `There is no partnership with id ${options.partnership}. Run "organisations list" to see them.`,
          );
        const actor = systemActor(Number(options.partnership), LABEL);
        const content = await readFile(file).catch(() => {
          throw new Error(`Cannot read ${file}: check the path.`);
        });
        let id: number;
        try {
          id = await services.training.records.check(actor, { content, fileName: basename(file) });
        } catch (err) {
          if (!(err instanceof RecordsImportError)) throw err;
          console.error(`${file}: ${err.problems.length} problem(s); nothing was imported.`);
          for (const problem of err.problems) console.error(`  ${problem}`);
          process.exitCode = 1;
          return;
        }
        const staged = await services.training.records.review(actor, id);
        if (!options.commit) {
          await services.training.records.discard(actor, id);
          console.log(`${file}: ${staged.row_count} records, no problems. Run again with --commit to add them.`);
          return;
        }
        const count = await services.training.records.commit(actor, id);
        console.log(`${file}: imported ${count} records (import ${id}).`);
      } finally {
        await db.close();
      }
    });
}
