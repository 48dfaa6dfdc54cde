#!/usr/bin/env node
// Runs the CLI on the Node.js 24 that the project pins in devDependencies when the
// calling Node.js is older, so `npx one-workforce …` works on a machine with Node 20.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
const major = Number(process.versions.node.split('.')[0]);
const runtime = major >= 24 || !existsSync(pinned) ? process.execPath : pinned;
// `import` streams a file of up to millions of rows: V8 otherwise lets short-lived garbage fill
// a lazily grown heap (≈450–510 MB RSS for 1,000,000 rows); bounded, it stays under 300 MB
// (docs/adr/0009). The bound is generous: the live set is ≈80 MB at 1,000,000 rows.
const IMPORT_HEAP = ['--max-old-space-size=192', '--max-semi-space-size=4'];
const flags = process.argv[2] === 'import' ? IMPORT_HEAP : [];
const result = spawnSync(runtime, [...flags, join(root, 'src', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
