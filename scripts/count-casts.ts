/**
 * Counts type assertions (`x as T`, `<T>x`; `as const` excluded) and non-null assertions (`x!`) per
 * file, so that issue 11's "casts halved" can be measured the same way each time.
 * Usage: node scripts/count-casts.ts [--list] [folder …]   (default: src/features); --list prints each one
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

const list = process.argv.includes('--list');

function countIn(file: string): { casts: number; nonNull: number } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  let casts = 0;
  let nonNull = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      const isConst = ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(source) === 'const';
      if (!isConst) casts++;
      if (!isConst && list)
        console.log(`${file}:${line(node)}  ${node.getText(source).replace(/\s+/g, ' ').slice(-90)}`);
    }
    if (ts.isNonNullExpression(node)) nonNull++;
    if (ts.isNonNullExpression(node) && list) console.log(`${file}:${line(node)}  ${node.getText(source).slice(-90)}`);
    ts.forEachChild(node, visit);
  };
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  visit(source);
  return { casts, nonNull };
}

const folders = process.argv.slice(2).filter((arg) => arg !== '--list');
const rows = (folders.length > 0 ? folders : ['src/features']).flatMap(filesUnder).map((file) => ({
  file,
  ...countIn(file),
}));
for (const row of rows.filter((r) => r.casts + r.nonNull > 0).sort((a, b) => b.casts - a.casts)) {
  console.log(`${String(row.casts).padStart(4)} as  ${String(row.nonNull).padStart(4)} !  ${row.file}`);
}
const total = (key: 'casts' | 'nonNull') => rows.reduce((sum, row) => sum + row[key], 0);
console.log(`total: ${total('casts')} type assertions (as const excluded), ${total('nonNull')} non-null assertions`);
