// N Mamori server processes (test/helpers/child-server.ts) on one database, as behind a load balancer, and a
// small HTTP client for them that keeps the answer's headers (read-after position, cookies).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { DEMO_PASSWORD, demoEmail } from '../../server/src/seeders';
import type { RoleKey } from '../../schema/policy';
import { TEST_SECRET } from './server';

export interface ServerProcess {
  url: string;
  /** Its JSON log lines so far (MAMORI_LOG_LEVEL given). */
  lines: string[];
  stop(): Promise<void>;
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

/** Starts `n` processes with `env` on top of this one's (DATABASE_URL and MAMORI_* settings); resolves once all listen. */
export async function startServerProcesses(n: number, env: Record<string, string>): Promise<ServerProcess[]> {
  const started: ServerProcess[] = [];
  try {
    for (let i = 0; i < n; i++) started.push(await startOne({ ...env, MAMORI_SECRET: TEST_SECRET }));
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
  return started;
}

async function startOne(env: Record<string, string>): Promise<ServerProcess> {
  // Only the settings given: the test runner's own MAMORI_* (if any) must not leak into the servers.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAMORI_')));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/child-server.ts'], {
    env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let pending = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      pending += b.toString();
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        const m = /^LISTENING (\S+)/.exec(line);
        if (m) resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`server process exited with ${code} before listening`)));
  });
  return {
    url, lines,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** POSTs one GraphQL request; the answer with its headers. */
export async function post<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Answer<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => ({}))) as Omit<Answer<T>, 'status' | 'headers'>;
  return { status: res.status, headers: res.headers, ...body };
}

/** Logs in the demo account of `role` through `url`; its bearer token. */
export async function loginAs(url: string, role: RoleKey): Promise<string> {
  const r = await post<{ login: { token: string } }>(url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
    { e: demoEmail(role), p: DEMO_PASSWORD });
  if (!r.data?.login) throw new Error(`login as ${role} failed: ${JSON.stringify(r.errors)}`);
  return r.data.login.token;
}
