import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = new URL('../../', import.meta.url).pathname;
// Split so that this file does not name the folder it looks for.
const OUTSIDE = new RegExp(['\\.\\./', 'shared', '|\\b', 'shared/(data|domain\\.md)'].join(''));

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|njk|sh)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the project stands alone', () => {
  it('reads nothing beside the repository: no source, test or script names a folder beside it', () => {
    const files = ['src', 'test', 'scripts', 'bench', 'bin', '.ci'].flatMap(filesUnder);
    assert.ok(files.length > 100, `only ${files.length} files found`);
    const offenders = files.filter((file) => OUTSIDE.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
