/**
 * Array parameters as Postgres array literals: the ORM's raw query binding expands JS arrays into
 * comma lists, so `= any(?::int[])` takes one of these instead.
 */
export function intArray(values: readonly number[]): string {
  return `{${values.map((v) => { if (!Number.isSafeInteger(v)) throw new Error('not an integer'); return v; }).join(',')}}`;
}

export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${String(v).replace(/["\\]/g, (m) => `\\${m}`)}"`).join(',')}}`;
}
