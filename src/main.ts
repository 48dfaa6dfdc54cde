/*
 * The entry point. It keeps what Node.js compiles (the TypeScript stripped, and V8's code) on disk
 * between runs, so a command or a worker starts in about half the CPU (docs/adr/0050); then it runs
 * the command line (src/program.ts), imported only once that is on.
 */
import { enableCompileCache } from 'node:module';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `One Workforce needs Node.js 24 or later (this is ${process.version}). Run it through npm (npm start), which uses the Node.js 24 in node_modules.`,
  );
  process.exit(1);
}

enableCompileCache();
await import('./program.ts');
