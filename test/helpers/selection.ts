// What a screen asked the API for, and what it shows: to prove each view reads only what it displays.
import { Kind, parse, type SelectionSetNode } from 'graphql';
import type { Page, Request } from 'playwright-core';
import { waitForIdle } from './browser';

/** The fields under a selection set, dotted for nested objects (`shipTo.name`). */
export function selectionPaths(set: SelectionSetNode | undefined, prefix = ''): string[] {
  if (!set) return [];
  return set.selections.flatMap((s) => {
    if (s.kind !== Kind.FIELD) return selectionPaths('selectionSet' in s ? s.selectionSet : undefined, prefix);
    const path = `${prefix}${s.name.value}`;
    return s.selectionSet ? selectionPaths(s.selectionSet, `${path}.`) : [path];
  });
}

export interface CapturedQuery {
  query: string;
  /** Root field name → the fields selected under it. */
  roots: Map<string, string[]>;
}

/**
 * Every GraphQL request the page sends while `action` runs and until the page settles after it; with
 * `root`, also until a request asking for that root field has been seen (a screen may render after
 * the navigation settles).
 */
export async function captureQueries(page: Page, action: () => Promise<unknown>, root?: string): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const onRequest = (request: Request) => {
    if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return;
    const query = (request.postDataJSON() as { query?: string } | null)?.query;
    if (!query) return;
    const roots = new Map<string, string[]>();
    for (const def of parse(query).definitions) {
      if (def.kind !== Kind.OPERATION_DEFINITION) continue;
      for (const s of def.selectionSet.selections) if (s.kind === Kind.FIELD) roots.set(s.name.value, selectionPaths(s.selectionSet));
    }
    captured.push({ query, roots });
  };
  page.on('request', onRequest);
  try {
    await action();
    for (const deadline = Date.now() + 20_000; root && !captured.some((c) => c.roots.has(root));) {
      if (Date.now() > deadline) throw new Error(`no request for ${root} within 20 s`);
      await page.waitForTimeout(100);
    }
    await waitForIdle(page);
  } finally {
    page.off('request', onRequest);
  }
  return captured;
}

/** The fields one root field was asked for in the captured requests (all requests naming it, merged). */
export function fieldsAsked(captured: CapturedQuery[], root: string): Set<string> {
  return new Set(captured.flatMap((c) => c.roots.get(root) ?? []));
}

/** Bookkeeping every record carries, not displayed as such: its id, which of its fields are masked, its type name (Apollo). */
export const BOOKKEEPING = /(^|\.)(id|maskedFields|__typename)$/;

/**
 * What the main table shows: the source of each column header (react-admin's `column-<source>`), and
 * every value element naming the fields it displays (`data-field`, space-separated; e.g. the kana under a name).
 */
export async function fieldsShownInTable(page: Page): Promise<{ columns: string[]; values: string[] }> {
  return page.evaluate(() => {
    const main = document.getElementById('main-content') ?? document.body;
    const table = main.querySelector('table');
    const columns = [...(table?.querySelectorAll('thead th') ?? [])]
      .flatMap((th) => [...th.classList].filter((c) => c.startsWith('column-')).map((c) => c.slice('column-'.length)));
    const values = [...(table?.querySelectorAll('tbody [data-field]') ?? [])].flatMap((e) => ((e as HTMLElement).dataset.field ?? '').split(' '));
    return { columns, values: [...new Set(values)] };
  });
}
