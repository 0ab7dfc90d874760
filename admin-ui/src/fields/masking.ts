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
