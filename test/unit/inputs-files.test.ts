// A module's GraphQL inputs (type-graphql @InputType / @ArgsType classes) live in its *.inputs.ts: services and
// domain files then import the shapes they accept without importing a resolver (the interaction service once
// imported its filter from its resolver), and a reader finds every argument of a module in one file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
/** Inputs shared by every module, not owned by one. */
const SHARED = ['server/src/common/list.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sourceFiles(rel);
    return name.endsWith('.ts') ? [rel] : [];
  });
}

test('@InputType and @ArgsType classes are declared only in *.inputs.ts files', () => {
  const files = sourceFiles('server/src');
  const declaring = files.filter((f) => /^\s*@(InputType|ArgsType)\(/m.test(readFileSync(path.join(ROOT, f), 'utf8')));
  expect(declaring.length).toBeGreaterThan(10);
  expect(declaring.filter((f) => !f.endsWith('.inputs.ts') && !SHARED.includes(f))).toEqual([]);
});
