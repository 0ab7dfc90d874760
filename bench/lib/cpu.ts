// What the CPU tools (bench/tools/trail-cpu.ts, checkpointer-cpu.ts, cpu-per-request.ts, idle.ts) share: CPU time read from
// /proc (a process's, the bench database's backends', this process's), the page of fields their trail records
// carry, and the CPU time of the one PostgreSQL backend they measure, found by its connection's application name.
import { readdirSync, readFileSync } from 'node:fs';
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

/** USER_HZ: /proc's clock ticks are 10 ms on Linux. */
export const TICK_US = 1e6 / 100;

/** The fields of a /proc stat file after the command name (index 0: state; 11, 12: utime, stime; 16: nice). */
export function statFields(file: string): string[] {
  const stat = readFileSync(file, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime of a process (all its threads), in µs. */
export function processCpu(pid: number): number {
  const fields = statFields(`/proc/${pid}/stat`);
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

/**
 * CPU of the PostgreSQL backends connected to the bench's database (pid → µs): background processes
 * (autovacuum after the seeding, the checkpointer, the WAL writer) would blur the figure and are left out;
 * a backend does its own commit's WAL flush, so a request's durable write is counted.
 */
export function backendsCpu(database: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${database} `)) continue;
      out.set(Number(entry), processCpu(Number(entry)));
    } catch (error) {
      // A process that exited while the list was read: it was not a backend in use (pools keep theirs).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  return out;
}

/** What the backends used between two readings (one that exited in between is lost: pools keep their connections under load). */
export function backendsDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

export function selfCpu(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}
