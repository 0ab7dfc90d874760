import { classifyField } from '../../../schema/policy';

/** A record of the API carries `maskedFields`: the names of its fields masked or hidden for this request. */
export interface WithMaskedFields {
  maskedFields?: readonly string[] | null;
}

function get(record: unknown, path: string[]): unknown {
  return path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), record);
}

/**
 * Whether the field at `source` (e.g. `phone`, or `shipTo.phone` for a nested object) was masked or
 * hidden by the server. Read from the owning object's `maskedFields`, never guessed from the value.
 */
export function isMaskedIn(record: unknown, source: string): boolean {
  const path = source.split('.');
  const field = path.pop() as string;
  const owner = get(record, path) as WithMaskedFields | undefined;
  return Boolean(owner?.maskedFields?.includes(field));
}

/** A field the policy masks by keeping it whole (e.g. 都道府県 of an address): listed as masked, shown in full. */
export function shownWhole(record: Record<string, unknown>, source: string, resource: string | undefined): boolean {
  const path = source.split('.');
  const field = path.pop() as string;
  const owner = get(record, path) as { __typename?: string } | undefined;
  // The owner's GraphQL type: as served, else the screen's resource (an order's `shipTo.*` is a ShipTo).
  const type = owner?.__typename ?? (path.length === 0 ? resource : path.join('.') === 'shipTo' ? 'ShipTo' : undefined);
  return !!type && classifyField(type, field)?.mask === 'keep';
}

/**
 * How a field was served: in clear, partly masked, hidden by the policy (listed in maskedFields, no value),
 * or empty (no data). A value masked by keeping it whole counts as clear: it is shown in full.
 */
export type MaskState = 'clear' | 'partial' | 'hidden' | 'empty';

export function maskStateOf(record: Record<string, unknown>, source: string, resource?: string): MaskState {
  const value = get(record, source.split('.'));
  const empty = value === null || value === undefined || value === '';
  if (!isMaskedIn(record, source)) return empty ? 'empty' : 'clear';
  if (empty) return 'hidden';
  return shownWhole(record, source, resource) ? 'clear' : 'partial';
}
