import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import cliProgress from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import { type Actor, systemActor } from '../auth/actor.ts';
import { HEADLINE } from '../features/workforce/profile/headline.ts';
import { WORKER_FIELDS } from '../features/workforce/standard/standard.ts';
import { exportRows, exportSheets, vacancyRows } from '../features/workforce/returns/returns-export.ts';
import type { ReturnReview } from '../features/workforce/returns/review.ts';
import { toCsv, toXlsx } from '../lib/spreadsheet.ts';
import { createServices } from '../services.ts';
import type { CliContext } from './context.ts';
import { isIsoDate } from '../lib/dates.ts';
import { byteChunks } from '../lib/byte-chunks.ts';

const LABEL = 'Command line';
const SHOWN = 50;

const wholeNumber = (value: string): string => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Give an id: a whole number.');
  return value;
};
const censusDate = (value: string): string => {
  if (!isIsoDate(value)) throw new InvalidArgumentError('Give the census date as YYYY-MM-DD.');
  return value;
};

/** Lines in the file, for the progress bar's total (one record a line, near enough). */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of byteChunks(createReadStream(path))) for (const byte of chunk) if (byte === 10) lines++;
  return Math.max(1, lines);
}

/** What submitting did to each part of the return (docs/adr/0020). */
function partsLine(review: ReturnReview, removeVacancies: boolean): string {
  const text = (name: string, part: ReturnReview['parts']['workers']) =>
    part.carried
      ? `${name} ${part.before === null ? `new (${part.after})` : `replaced (${part.before} → ${part.after})`}`
      : part.keptFrom
        ? `${name} kept from the return submitted ${part.keptFrom.submittedAt.slice(0, 10)} (${part.keptFrom.records} records)`
        : `no ${name}`;
  const vacancies =
    removeVacancies && review.parts.vacancies.keptFrom
      ? `vacancies removed (${review.parts.vacancies.keptFrom.records} → 0)`
      : text('vacancies', review.parts.vacancies);
  return `Parts: ${text('workers', review.parts.workers)}; ${vacancies}.`;
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

type ImportOptions = Options & { check?: boolean; removeVacancies?: boolean };
type Services = ReturnType<typeof createServices>;

/** Runs `fn` with the services, a system actor of the organisation's partnership and its id; closes the database. */
async function withActor(
  context: CliContext,
  options: Options,
  fn: (services: Services, actor: Actor, organisationId: number) => Promise<void>,
): Promise<void> {
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

/** Checks the file with a progress bar on standard error (rows; a percentage for CSV). */
async function stageWithProgress(
  returns: Returns,
  actor: Actor,
  organisationId: number,
  file: string,
  options: ImportOptions,
): Promise<Staged> {
  const xlsx = extname(file).toLowerCase() === '.xlsx';
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: xlsx ? 'Checking {file} | {value} rows' : 'Checking {file} [{bar}] {percentage}% | {value}/{total} rows',
      hideCursor: true,
      noTTYOutput: false,
      notTTYSchedule: 2000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(xlsx ? 0 : Math.max(1, (await countLines(file)) - 1), 0, { file: basename(file) });
  try {
    const staged = await returns.stageFile(actor, {
      organisationId,
      censusDate: options.censusDate,
      path: file,
      fileName: basename(file),
      source: 'cli',
      onProgress: (rows) => bar.update(rows),
    });
    bar.update(staged.worker_count + staged.vacancy_count);
    return staged;
  } finally {
    bar.stop();
  }
}

/** The summary, problem counts by kind, and the first problems. */
async function printChecked(returns: Returns, actor: Actor, staged: Staged): Promise<void> {
  for (const line of await stagedSummary(returns, actor, staged)) console.log(line);
  const counts = await returns.problemCounts(actor, staged.id);
  for (const c of counts.byKind)
    console.log(`  ${c.severity === 'error' ? 'Error  ' : 'Warning'} ${c.kind}: ${c.count}`);
  for (const p of await returns.problems(actor, staged.id, { limit: SHOWN }))
    console.log(`${p.severity === 'error' ? 'Error' : 'Warning'}: ${p.message}`);
  if (staged.error_count + staged.warning_count > SHOWN)
    console.log(`… and ${staged.error_count + staged.warning_count - SHOWN} more.`);
}

async function importReturn(
  services: Services,
  actor: Actor,
  organisationId: number,
  file: string,
  options: ImportOptions,
) {
  const returns = services.workforceReturns;
  const staged = await stageWithProgress(returns, actor, organisationId, file, options);
  await printChecked(returns, actor, staged);
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
  const created = await returns.commit(actor, staged.id, { vacancies: options.removeVacancies ? 'remove' : 'keep' });
  console.log(partsLine(review, options.removeVacancies === true));
  console.log(
    `Submitted return ${created.id} for census date ${created.census_date}: ${created.worker_count} records, ${HEADLINE.fteInPost.label} ${created.fte_total}.`,
  );
  if (review.previous)
    console.log(
      `Against the previous return: ${review.newRecords} new, ${review.changedRecords} changed, ${review.leftRecords} left, ${review.removedRecords} removed.`,
    );
}

async function exportReturn(
  services: Services,
  actor: Actor,
  organisationId: number,
  file: string | undefined,
  options: Options & { vacancies?: boolean },
) {
  const { workers, vacancies } = await services.workforceReturns.currentRecords(
    actor,
    organisationId,
    options.censusDate,
  );
  if (file && extname(file).toLowerCase() === '.xlsx') {
    await writeFile(file, await toXlsx(exportSheets(workers, vacancies)));
  } else {
    const { header, rows } = options.vacancies ? vacancyRows(vacancies) : exportRows(workers);
    const text = toCsv(header, rows);
    if (file) await writeFile(file, text, 'utf8');
    else process.stdout.write(text);
  }
  if (file)
    console.error(
      file.endsWith('.xlsx')
        ? `Wrote ${workers.length} worker records and ${vacancies.length} vacancy records to ${file}.`
        : `Wrote ${options.vacancies ? `${vacancies.length} vacancy` : `${workers.length} worker`} records to ${file}.`,
    );
}

/** import and export: a workforce return from and to a file, as the web upload and download do. */
export function registerWorkforceCommands(program: Command, context: CliContext): void {
  program
    .command('import')
    .description(
      'Check a workforce return file (CSV, XLSX or ASC-WDS staff file) and, when it has no errors, submit it',
    )
    .requiredOption('--organisation <id>', 'the organisation’s id', wholeNumber)
    .requiredOption('--census-date <date>', 'the census date, YYYY-MM-DD', censusDate)
    .option('--check', 'only check the file; do not submit it')
    .option(
      '--remove-vacancies',
      'when the file has no vacancy records, remove the current return’s vacancies (by default they are kept)',
    )
    .argument('<file>', 'the return file')
    .addHelpText('after', '\nExample:\n  npm run cli -- import --organisation 3 --census-date 2026-09-30 workforce.csv')
    .action((file: string, options: ImportOptions) =>
      withActor(context, options, (services, actor, organisationId) =>
        importReturn(services, actor, organisationId, file, options),
      ),
    );

  program
    .command('export')
    .description(
      'Write an organisation’s current workforce return in the standard format (CSV, or XLSX with a Vacancies sheet), ready to import again',
    )
    .requiredOption('--organisation <id>', 'the organisation’s id', wholeNumber)
    .requiredOption('--census-date <date>', 'the census date, YYYY-MM-DD', censusDate)
    .option('--vacancies', 'write the vacancy records as CSV instead of the worker records')
    .argument('[file]', 'where to write it (.csv or .xlsx); standard output when left out')
    .action((file: string | undefined, options: Options & { vacancies?: boolean }) =>
      withActor(context, options, (services, actor, organisationId) =>
        exportReturn(services, actor, organisationId, file, options),
      ),
    );
}
