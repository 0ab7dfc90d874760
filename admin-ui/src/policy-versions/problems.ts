import { graphQLErrorsOf } from '../providers/apiErrors';
import type { PolicyWords } from './labels';

/** Path (as the server names it: `matrix.SHIPPING.contact.email`, `roles.CARRIER.purposes.PROMOTION`) → message in the UI's language. */
export type ProblemMap = Record<string, string>;

interface ServerProblem { code?: string; path?: string }

/**
 * The refused document's problems by path, in the UI's language, from a BAD_USER_INPUT (extensions.problems, or at
 * least extensions.field). Null: not a refusal of the document (the caller shows the error as it is).
 */
export function problemsOf(error: unknown, W: PolicyWords): ProblemMap | null {
  const [first] = graphQLErrorsOf(error);
  const ext = (first?.extensions ?? {}) as { code?: string; field?: string; problemCode?: string; problems?: ServerProblem[] };
  if (ext.code !== 'BAD_USER_INPUT' || !ext.field) return null;
  const list: ServerProblem[] = ext.problems?.length ? ext.problems : [{ code: ext.problemCode, path: ext.field }];
  const map: ProblemMap = {};
  for (const p of list) {
    const path = p.path ?? ext.field;
    map[path] ??= W.problemsByPath[path] ?? W.problems[p.code ?? ''] ?? W.problems.BAD_VALUE;
  }
  return map;
}

/** The problems at `path` or under it (`roles.CARRIER` holds `roles.CARRIER.purposes.PROMOTION`). */
export function problemsUnder(problems: ProblemMap, path: string): string[] {
  return Object.entries(problems).filter(([p]) => p === path || p.startsWith(`${path}.`)).map(([, m]) => m);
}
