import { Children, isValidElement, type ComponentType, type ReactNode } from 'react';
import { DataTable, useStore } from 'react-admin';

/**
 * What a view reads is what it shows: the record fields a view asks the API for are collected from
 * the very elements that display them, so a screen reads (and the access trail records) nothing it
 * does not show, and a column the user chooses to show is asked for from then on.
 *
 * Collected from an element tree: every `source` prop, walking `children`; a DataTable column the
 * user hid is skipped; an element with a `reference` prop reads only its own `source` (the referenced
 * record is read by its own query); a component that shows more than its `source` (a name with its
 * kana) or renders fields of its own says so with a static `selects`.
 */
export type Selecting<P = never> = ComponentType<P> & { selects?: (props: P) => readonly string[] };

/** The record fields (dotted for an embedded object, e.g. `shipTo.name`) the elements display. */
export function selectionOf(node: ReactNode, hidden: ReadonlySet<string> = new Set()): string[] {
  const found = new Set<string>();
  const walk = (n: ReactNode): void => {
    Children.forEach(n, (child) => {
      if (!isValidElement(child)) return;
      const props = child.props as { source?: unknown; reference?: unknown; children?: ReactNode; label?: unknown };
      const type = child.type as Selecting<unknown>;
      if ((type === DataTable.Col || type === DataTable.NumberCol) && hidden.has(String(props.source ?? props.label))) return;
      if (typeof props.source === 'string') found.add(props.source);
      if (props.reference !== undefined) return;
      if (typeof type === 'function' && type.selects) type.selects(child.props).forEach((f) => found.add(f));
      walk(props.children);
    });
  };
  walk(node);
  return [...found];
}

type SparseField = string | Record<string, SparseField[]>;

/**
 * ra-data-graphql-simple's `meta.sparseFields` for these fields, always with `id` and the
 * `maskedFields` of the record and of each embedded object (so masking stays visible). Fields the
 * type does not have are dropped by ra-data-graphql-simple.
 */
export function sparseFieldsOf(fields: readonly string[]): SparseField[] {
  const top = new Set<string>(['id', 'maskedFields']);
  const nested = new Map<string, string[]>();
  for (const field of fields) {
    const [head, ...rest] = field.split('.');
    if (rest.length === 0) top.add(head);
    else nested.set(head, [...(nested.get(head) ?? ['maskedFields']), rest.join('.')]);
  }
  for (const head of nested.keys()) top.delete(head);
  return [...top, ...[...nested].map(([head, inner]) => ({ [head]: sparseFieldsOf(inner).filter((f) => f !== 'id') }))];
}

/** Query options (`queryOptions` of List, Show, Edit, ReferenceManyField…) reading exactly these fields. */
export const selecting = (fields: readonly string[]) => ({ meta: { sparseFields: sparseFieldsOf(fields) } });

/**
 * For a list: what its DataTable's columns show, minus the columns the user hid (react-admin keeps
 * them in the store under `<resource>.datatable`, `hiddenColumns` until the user chooses).
 */
export function useColumnsSelection(storeKey: string, columns: ReactNode, hiddenByDefault: readonly string[] = NONE) {
  const [hidden] = useStore<string[]>(storeKey, hiddenByDefault as string[]);
  const fields = selectionOf(columns, new Set(hidden));
  return { fields, query: selecting(fields) };
}
const NONE: readonly string[] = [];
