/*
 * [CI] A DOCX opened in an office program: LibreOffice (Debian's libreoffice-writer-nogui,
 * installed by scripts/install-test-deps.sh) converts it to PDF and to text. Without `soffice`
 * the tests that use it are skipped with a message locally, and fail in CI.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const soffice = await run('sh', ['-c', 'command -v soffice'])
  .then(({ stdout }) => stdout.trim())
  .catch(() => '');
export const skipWithoutLibreOffice =
  !soffice && !process.env.CI
    ? 'soffice (LibreOffice) is not installed: apt-get install libreoffice-writer-nogui to run this CI test'
    : false;

/** The DOCX converted by LibreOffice: the PDF's page count and the document's text. */
export async function throughLibreOffice(docx: Buffer): Promise<{ pages: number; text: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'docx-lo-'));
  try {
    const file = join(dir, 'report.docx');
    await writeFile(file, docx);
    const convert = (to: string) =>
      run(
        soffice,
        [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', to, '--outdir', dir, file],
        { timeout: 120_000 },
      );
    await convert('pdf');
    await convert('txt:Text (encoded):UTF8');
    const pdf = (await readFile(join(dir, 'report.pdf'))).toString('latin1');
    const pages = pdf.match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
    return { pages, text: await readFile(join(dir, 'report.txt'), 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
