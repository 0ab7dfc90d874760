import { STATISTICS_MIN_K } from '../../../schema/policy';
import { graphQLErrorsOf } from '../providers/apiErrors';
import { PROBLEM_JA } from './labels';

/** Path (as the server names it: `matrix.SHIPPING.contact.email`, `roles.CARRIER.purposes.PROMOTION`) → Japanese message. */
export type ProblemMap = Record<string, string>;

interface ServerProblem { code?: string; path?: string }

/** Where a setting's own wording says more than its code. */
const BY_PATH: Record<string, string> = {
  'statistics.minGroupSize': `k は ${STATISTICS_MIN_K} 以上の整数にしてください`,
  'statistics.maxGroupSize': '最大の k は最小グループサイズ以上の整数にしてください',
  'statistics.dominancePercent': '支配率は 0 より大きく 100 以下にしてください',
};

/**
 * The refused document's problems by path, in Japanese, from a BAD_USER_INPUT (extensions.problems, or at
 * least extensions.field). Null: not a refusal of the document (the caller shows the error as it is).
 */
export function problemsOf(error: unknown): ProblemMap | null {
  const [first] = graphQLErrorsOf(error);
  const ext = (first?.extensions ?? {}) as { code?: string; field?: string; problemCode?: string; problems?: ServerProblem[] };
  if (ext.code !== 'BAD_USER_INPUT' || !ext.field) return null;
  const list: ServerProblem[] = ext.problems?.length ? ext.problems : [{ code: ext.problemCode, path: ext.field }];
  const map: ProblemMap = {};
  for (const p of list) {
    const path = p.path ?? ext.field;
    map[path] ??= BY_PATH[path] ?? PROBLEM_JA[p.code ?? ''] ?? PROBLEM_JA.BAD_VALUE;
  }
  return map;
}

/** The problems at `path` or under it (`roles.CARRIER` holds `roles.CARRIER.purposes.PROMOTION`). */
export function problemsUnder(problems: ProblemMap, path: string): string[] {
  return Object.entries(problems).filter(([p]) => p === path || p.startsWith(`${path}.`)).map(([, m]) => m);
}
