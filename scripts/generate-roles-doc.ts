// Writes docs/roles.md from the roles table in src/auth/roles.ts.
import { writeFileSync } from 'node:fs';
import { rolesMarkdown } from '../src/auth/roles.ts';

writeFileSync(new URL('../docs/roles.md', import.meta.url), rolesMarkdown());
console.log('Wrote docs/roles.md');
