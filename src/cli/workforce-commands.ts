import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import cliProgress from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import { type Actor, systemActor } from '../auth/actor.ts';
import { HEADLINE } from '../features/workforce/profile/headline.ts';
import { WORKER_FIELDS } from '../features/workforce/standard/standard.ts';
import { exportRows, exportSheets } from '../features/workforce/returns/returns-export.ts';
import { isCensusDate } from '../features/workforce/returns/returns-service.ts';
import { toCsv, toXlsx } from '../lib/spreadsheet.ts';
import { createServices } from '../services.ts';
import type { CliContext } from './context.ts';

const LABEL = 'Command line';
const SHOWN = 50;

const wholeNumber = (value: string): string => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Give an id: a whole number.');
  return value;
};
const censusDate = (value: string): string => {
  if (!isCensusDate(value)) throw new InvalidArgumentError('Give the census date as YYYY-MM-DD.');
  return value;
};

/** Lines in the file, for the progress bar's total (one record a line, near enough). */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path)) for (const byte of chunk as Buffer) if (byte === 10) lines++;
  return Math.max(1, lines);
}

interface Options {
  organisation: string;
  censusDate: string;
}

type Returns = ReturnType<typeof createServices>['workforceReturns'];
type Staged = Awaited<ReturnType<Returns['stageFile']>>;

/** The first lines of import's output: records taken, rows rejected, and the columns left unread. */
export async function stagedSummary(returns: Returns, actor: Actor, staged: Staged): Promise<string[]> {
  const rejected = new Set(
    (await returns.problems(actor, staged.id, { severity: 'error' })).flatMap((p) =>
      p.row_number === null ? [] : [`${p.sheet ?? ''}:${p.row_number}`],
    ),
  ).size;
  const lines = [
    `${staged.file_name}: ${staged.worker_count} worker records, ${staged.vacancy_count} vacancy records, ${staged.error_count} errors, ${staged.warning_count} warnings; ${rejected} ${rejected === 1 ? 'row' : 'rows'} rejected.`,
  ];
  const { columns } = await returns.getUpload(actor, staged.id);
  const fields = new Set<string>(WORKER_FIELDS);
  const all = [...(columns.unmapped ?? []), ...(columns.unknown ?? [])];
  const unread = all.filter((c) => !fields.has(c));
  const missing = all.filter((c) => fields.has(c));
  if (columns.format === 'asc-wds') lines.push('Read as an ASC-WDS staff file and mapped to the data standard.');
  if (unread.length > 0) lines.push(`Columns not mapped to the data standard (ignored): ${unread.join(', ')}.`);
  if (missing.length > 0) lines.push(`Fields of the standard this file does not give: ${missing.join(', ')}.`);
  return lines;
}

/** import and export: a workforce return from and to a file, as the web upload and download do. */
export function registerWorkforceCommands(program: Command, context: CliContext): void {
  async function withActor(
    options: Options,
    fn: (
      services: ReturnType<typeof createServices>,
      actor: ReturnType<typeof systemActor>,
      organisationId: number,
    ) => Promise<void>,
  ) {
    const { config, db } = context();
    try {
      const organisation = await db.kysely
        .selectFrom('organisations')
        .select(['id', 'partnership_id'])
        .where('id', '=', Number(options.organisation))
        .executeTakeFirst();
      if (!organisation) throw new Error(`There is no organisation with id ${options.organisation}.`);
      await fn(createServices(db, config), systemActor(organisation.partnership_id, LABEL), organisation.id);
    } finally {
      await db.close();
    }
  }

  program
    .command('import')
    .description(
      'Check a workforce return file (CSV, XLSX or ASC-WDS staff file) and, when it has no errors, submit it',
    )
    .requiredOption('--organisation <id>', 'the organisation’s id', wholeNumber)
    .requiredOption('--census-date <date>', 'the census date, YYYY-MM-DD', censusDate)
    .option('--check', 'only check the file; do not submit it')
    .argument('<file>', 'the return file')
    .addHelpText('after', '\nExample:\n  npm run cli -- import --organisation 3 --census-date 2026-09-30 workforce.csv')
    .action(async (file: string, options: Options & { check?: boolean }) => {
      await withActor(options, async (services, actor, organisationId) => {
        const returns = services.workforceReturns;
        const xlsx = extname(file).toLowerCase() === '.xlsx';
        const bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: xlsx
              ? 'Checking {file} | {value} rows'
              : 'Checking {file} [{bar}] {percentage}% | {value}/{total} rows',
            hideCursor: true,
            noTTYOutput: false,
            notTTYSchedule: 2000,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(xlsx ? 0 : Math.max(1, (await countLines(file)) - 1), 0, { file: basename(file) });
        let staged;
        try {
          staged = await returns.stageFile(actor, {
            organisationId,
            censusDate: options.censusDate,
            path: file,
            fileName: basename(file),
            source: 'cli',
            onProgress: (rows) => bar.update(rows),
          });
          bar.update(staged.worker_count + staged.vacancy_count);
        } finally {
          bar.stop();
        }
        for (const line of await stagedSummary(returns, actor, staged)) console.log(line);
        const counts = await returns.problemCounts(actor, staged.id);
        for (const c of counts.byKind)
          console.log(`  ${c.severity === 'error' ? 'Error  ' : 'Warning'} ${c.kind}: ${c.count}`);
        for (const p of await returns.problems(actor, staged.id, { limit: SHOWN }))
          console.log(`${p.severity === 'error' ? 'Error' : 'Warning'}: ${p.message}`);
        if (staged.error_count + staged.warning_count > SHOWN)
          console.log(`… and ${staged.error_count + staged.warning_count - SHOWN} more.`);
        if (staged.status !== 'valid') {
          console.log('Nothing was submitted: correct the errors and import the file again.');
          process.exitCode = 1;
          return;
        }
        if (options.check) {
          await returns.abandon(actor, staged.id);
          console.log('The file has no errors. It was only checked (--check), not submitted.');
          return;
        }
        const review = await returns.review(actor, staged.id);
        const created = await returns.commit(actor, staged.id);
        console.log(
          `Submitted return ${created.id} for census date ${created.census_date}: ${created.worker_count} records, ${HEADLINE.fteInPost.label} ${created.fte_total}.`,
        );
        if (review.previous)
          console.log(
            `Against the previous return: ${review.newRecords} new, ${review.changedRecords} changed, ${review.leftRecords} left, ${review.removedRecords} removed.`,
          );
      });
    });

  program
    .command('export')
    .description(
      'Write an organisation’s current workforce return in the standard format (CSV, or XLSX with a Vacancies sheet), ready to import again',
    )
    .requiredOption('--organisation <id>', 'the organisation’s id', wholeNumber)
    .requiredOption('--census-date <date>', 'the census date, YYYY-MM-DD', censusDate)
    .argument('[file]', 'where to write it (.csv or .xlsx); standard output when left out')
    .action(async (file: string | undefined, options: Options) => {
      await withActor(options, async (services, actor, organisationId) => {
        const { workers, vacancies } = await services.workforceReturns.currentRecords(
          actor,
          organisationId,
          options.censusDate,
        );
        if (file && extname(file).toLowerCase() === '.xlsx') {
          await writeFile(file, await toXlsx(exportSheets(workers, vacancies)));
        } else {
          const { header, rows } = exportRows(workers, vacancies);
          const text = toCsv(header, rows);
          if (file) await writeFile(file, text, 'utf8');
          else process.stdout.write(text);
        }
        if (file)
          console.error(
            `Wrote ${workers.length} worker records${file.endsWith('.xlsx') ? ` and ${vacancies.length} vacancy records` : ''} to ${file}.`,
          );
      });
    });
}
