// Pieces shared by the hardening specs (test/hardening-*.test.ts): the clear values no refusal may carry,
// requests from another loopback address (the lockout counts per address), and what a clean refusal is.
import { request } from 'node:http';
import type pg from 'pg';
import { expect } from 'vitest';
import type { GqlResult } from './server';

/**
 * Every clear personal value stored (customers, ship-to blocks, interaction summaries), at least 4
 * characters long so that a hit is not a coincidence: a response that must carry no personal data is
 * searched for each of them.
 */
export async function storedClearValues(sql: pg.Pool): Promise<string[]> {
  const { rows } = await sql.query<{ v: string }>(`
    select distinct v from (
      select unnest(array[name, name_kana, phone, email, address_line, city || address_line, lifestyle, occupation,
        to_char(birth_date, 'YYYY-MM-DD')]) as v from customer
      union all select unnest(array[ship_to_name, ship_to_phone, ship_to_address_line]) from "order"
      union all select summary from interaction
    ) x where v is not null and length(v) >= 4`);
  return rows.map((r) => r.v);
}

/** The stored clear values found in a response (an empty list is a pass). */
export function leakedValues(response: unknown, values: readonly string[]): string[] {
  const text = typeof response === 'string' ? response : JSON.stringify(response);
  return values.filter((v) => text.includes(v));
}

/** Words that only appear when an internal error, a stack or SQL reached the client. */
const INTERNALS = /stacktrace|\bat [\w.<>]+ \(|node_modules|\.ts:\d|\bselect\b.*\bfrom\b|\binsert into\b|violates|postgres|knex|mikro-?orm|ECONNREFUSED|Context creation failed/i;

/**
 * A refusal: the expected code, no data (or only nulls), nothing internal and no stored clear value
 * in the whole body.
 */
export function expectRefused(r: GqlResult, code: string, clearValues: readonly string[] = []): void {
  expect(r.errors?.[0]?.extensions?.code, JSON.stringify(r.errors)).toBe(code);
  const data = r.data ?? null;
  if (data) for (const v of Object.values(data)) expect(v ?? null).toBeNull();
  expect(JSON.stringify(r)).not.toMatch(INTERNALS);
  expect(leakedValues(r, clearValues)).toEqual([]);
}

/** No internal error, stack or SQL in a body, whatever else it says. */
export function expectNoInternals(r: unknown): void {
  expect(JSON.stringify(r)).not.toMatch(INTERNALS);
  const codes = ((r as GqlResult).errors ?? []).map((e) => e.extensions?.code);
  expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
}

/**
 * POSTs a GraphQL request from a given loopback address (127.0.0.0/8 is all loopback on Linux), so
 * that each test meets the per-address lockout on its own.
 */
export function gqlFrom(
  url: string, localAddress: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {},
): Promise<GqlResult & { elapsedMs: number }> {
  const body = JSON.stringify({ query, variables });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${url}/graphql`, {
      method: 'POST', localAddress,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: Record<string, unknown> = {};
        try { parsed = JSON.parse(text); } catch { parsed = { raw: text }; }
        resolve({ status: res.statusCode ?? 0, ...parsed, elapsedMs: performance.now() - started });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';

/**
 * Marks the throttle's counts involving `address` as failed just now: on a loaded machine the next attempt
 * may otherwise arrive after a short delay (1 s) has already passed, and the test would race the clock.
 */
export async function failedJustNow(sql: pg.Pool, address: string): Promise<void> {
  await sql.query(`update login_throttle set last_failure_at = now() where (scope = 'address' and key = $1) or (scope = 'pair' and key like '%|' || $1)`, [address]);
}
