// What the CPU tools (bench/tools/trail-cpu.ts, checkpointer-cpu.ts) share: the page of fields their trail records
// carry, and the CPU time of the one PostgreSQL backend they measure, found by its connection's application name.
import { readFileSync } from 'node:fs';
import type pg from 'pg';

/** The customer page's fields as SUPPORT under INQUIRY_RESPONSE records them (names as the recorder gives them). */
export const SUPPORT_PAGE_FIELDS = {
  clear: ['id', 'customerNumber', 'name', 'nameKana', 'postalCode', 'prefecture', 'city', 'addressLine', 'phone', 'email', 'gender'].map((f) => `Customer.${f}`),
  masked: ['birthDate', 'lifestyle', 'occupation', 'cardBrand', 'cardNumber', 'cardExpiry'].map((f) => `Customer.${f}`),
};

/** `url` whose connections are named `application` in pg_stat_activity (backendCpu finds them by it). */
export function withApplicationName(url: string, application: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}application_name=${application}`;
}

/**
 * The backend of the connection named `application`, asked through `client`, and the CPU time (ns) it used so far
 * (/proc/<pid>/schedstat: the database runs on this machine); null while there is none, an error if there are several.
 */
export async function backendCpu(client: pg.Client, application: string): Promise<{ pid: number; ns: number } | null> {
  const { rows } = await client.query(`select pid from pg_stat_activity where application_name = $1`, [application]);
  if (rows.length > 1) throw new Error(`expected one backend named ${application}, found ${rows.length}`);
  if (!rows.length) return null;
  return { pid: rows[0].pid, ns: Number(readFileSync(`/proc/${rows[0].pid}/schedstat`, 'utf8').split(' ')[0]) };
}
