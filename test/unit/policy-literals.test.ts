// No file outside schema/policy names a role or a purpose to decide access: such a decision is the policy's,
// and a copy elsewhere drifts (usually open). The test reads every source file of the server and the admin UI
// with the TypeScript parser and lists each string literal, object key or enum member that is a role or purpose
// key. Comments and prose (an error message naming a role) are not literals equal to a key, so they pass.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { PURPOSE_KEYS, ROLE_KEYS } from '../../schema/policy';

const ROOT = path.resolve(__dirname, '../..');
const KEYS = new Set<string>([...ROLE_KEYS, ...PURPOSE_KEYS]);

/** Whole folders that name roles and purposes without deciding anything. */
const EXEMPT_DIRS: Record<string, string> = {
  'server/src/seeders': 'demo data: accounts and consents are created with roles and purposes',
  'server/src/migrations': 'the database\'s own CHECK constraints and enums, fixed in history',
  'admin-ui/src/i18n': 'labels for each role and purpose',
};

/**
 * Single uses that are no access decision, each with the reason. `file` relative to the root, `key` the literal.
 * Keep this short: a new entry needs a reason a reviewer accepts.
 */
const ALLOWED: { file: string; key: string; reason: string }[] = [
  ...['PROMOTION', 'SURVEY_EVENT', 'NEW_PRODUCT_INFO'].map((key) => ({
    file: 'server/src/common/enums.ts', key,
    reason: 'ConsentPurpose: the GraphQL/database enum of what a customer consented to (a record\'s vocabulary, not who may read it)',
  })),
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (Object.prototype.hasOwnProperty.call(EXEMPT_DIRS, rel) || name === 'node_modules' || name === 'dist') continue;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Each literal, object key or enum member of `file` that is a role or purpose key, as `file:line key`. */
function namings(file: string): { file: string; line: number; key: string }[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { file: string; line: number; key: string }[] = [];
  const note = (node: ts.Node, key: string) => {
    if (KEYS.has(key)) found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, key });
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) note(node, node.text);
    else if ((ts.isPropertyAssignment(node) || ts.isEnumMember(node) || ts.isPropertySignature(node)) && ts.isIdentifier(node.name)) note(node.name, node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('roles and purposes are named for decisions in schema/policy only', () => {
  const files = [...sourceFiles('server/src'), ...sourceFiles('admin-ui/src')];

  test('the walk sees the sources (the server, the admin UI) and the parser finds a planted literal', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('admin-ui/src/access.ts');
    expect(namings('schema/policy/roles.ts').map((n) => n.key)).toContain('PRIVACY_MANAGER');
  });

  test('no file outside schema/policy names a role or purpose, except the allowed uses', () => {
    const allowed = (n: { file: string; key: string }) => ALLOWED.some((a) => a.file === n.file && a.key === n.key);
    const offending = files.flatMap(namings).filter((n) => !allowed(n)).map((n) => `${n.file}:${n.line} ${n.key}`);
    expect(offending).toEqual([]);
  });

  test('every allowed use still exists (a stale entry would hide a new one)', () => {
    const seen = new Set(files.flatMap(namings).map((n) => `${n.file} ${n.key}`));
    expect(ALLOWED.filter((a) => !seen.has(`${a.file} ${a.key}`)).map((a) => `${a.file} ${a.key}`)).toEqual([]);
  });
});
