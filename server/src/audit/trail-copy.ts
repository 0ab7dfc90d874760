import type { TrailRow } from './trail-writer';

/** The columns of `COPY trail_entry … FROM STDIN`, in the order `copyText` writes them. */
export const COPY_TRAIL_SQL = `copy trail_entry (id, at, kind, staff_id, api_key_id, role, purpose, operation, query_hash, request_id,
  client_address, customer_id, clear_fields, masked_fields, detail, prev_hash, hash) from stdin`;

/**
 * Chained rows in COPY's text format: PostgreSQL parses it far faster than a JSON parameter (measured:
 * the jsonb_to_recordset INSERT spent more on parsing than on storing). Every value is escaped.
 */
export function copyText(rows: TrailRow[]): string {
  let out = '';
  for (const r of rows) {
    out += `${r.id}\t${r.at}\t${field(r.kind)}\t${field(r.staff_id)}\t${field(r.api_key_id)}\t${field(r.role)}\t${field(r.purpose)}\t`
      + `${field(r.operation)}\t${field(r.query_hash)}\t${field(r.request_id)}\t${field(r.client_address)}\t${field(r.customer_id)}\t`
      + `${field(arrayLiteral(r.clear_fields))}\t${field(arrayLiteral(r.masked_fields))}\t${field(JSON.stringify(r.detail))}\t${r.prev_hash}\t${r.hash}\n`;
  }
  return out;
}

/** A COPY text field: NULL as \\N; backslash, tab, newline and carriage return escaped. */
function field(v: string | number | null | undefined): string {
  if (v == null) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : s;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text[] literal: every element quoted, with its backslashes and double quotes escaped. */
function arrayLiteral(items: string[]): string {
  // The entries of a request mostly list the same fields: each distinct list is built once (remembered, bounded).
  const key = items.join('\u0000');
  let literal = literals.get(key);
  if (literal === undefined) {
    literal = `{${items.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
    if (literals.size > 10_000) literals.clear();
    literals.set(key, literal);
  }
  return literal;
}

const literals = new Map<string, string>();
