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
const result = spawnSync(runtime, [join(root, 'src', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
