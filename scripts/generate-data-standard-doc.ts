// Writes docs/data-standard.md from the data standard in src/features/workforce/standard/standard.ts.
import { writeFileSync } from 'node:fs';
import { dataStandardMarkdown } from '../src/features/workforce/standard/standard-doc.ts';

writeFileSync(new URL('../docs/data-standard.md', import.meta.url), dataStandardMarkdown());
console.log('Wrote docs/data-standard.md');
