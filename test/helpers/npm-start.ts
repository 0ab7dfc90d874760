// The real `npm start` (or another npm script) as a newcomer runs it: a child process group of its own, its
// whole output kept, stopped as a terminal's Ctrl-C or a kill -9 of the group would.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface NpmRun {
  child: ChildProcess;
  /** stdout and stderr as printed so far, interleaved. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves with the server's URL once the start banner is printed; rejects if the process exits first. */
  running(): Promise<string>;
  /** Ctrl-C: SIGINT to the whole group, then waits for the exit. */
  interrupt(): Promise<number | null>;
  /** kill -9 of the whole group. */
  killGroup(): Promise<void>;
}

/**
 * `env` replaces variables of this process' environment; a variable given as undefined is removed (e.g.
 * DATABASE_URL, so that the embedded PostgreSQL is used).
 */
export function npmRun(args: string[], env: Record<string, string | undefined>, options: { cwd?: string } = {}): NpmRun {
  const merged: Record<string, string> = {};
  // No metrics port unless a test asks for one: test files run at once, and 9464 can be had only once.
  for (const [k, v] of Object.entries({ ...process.env, MAMORI_METRICS_PORT: '0', ...env })) if (v !== undefined) merged[k] = v;
  // vitest's own NODE_ENV=test must not leak into the server (production behaviour is chosen per test).
  if (!('NODE_ENV' in env)) delete merged.NODE_ENV;
  const child = spawn('npm', args, { cwd: options.cwd ?? REPO, env: merged, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (c: Buffer) => { text += c.toString('utf8'); });
  child.stderr!.on('data', (c: Buffer) => { text += c.toString('utf8'); });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const group = (signal: NodeJS.Signals) => { try { process.kill(-child.pid!, signal); } catch { /* the group is gone already */ } };
  return {
    child,
    output: () => text,
    exited,
    async running() {
      for (;;) {
        const url = /Mamori is running: (http:\/\/\S+?)\/ /.exec(text)?.[1];
        if (url) return url;
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`npm ${args.join(' ')} exited (${child.exitCode}) before serving:\n${text}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async interrupt() {
      group('SIGINT');
      const code = await exited;
      await groupGone(child.pid!);
      return code;
    },
    async killGroup() {
      group('SIGKILL');
      await exited;
      await groupGone(child.pid!);
    },
  };
}

/** Waits until no process of the group is left (npm exits before its children are reaped). */
async function groupGone(pgid: number, ms = 30_000): Promise<void> {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((r) => setTimeout(r, 100))) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
  }
  throw new Error(`process group ${pgid} still running ${ms} ms after it was stopped`);
}

/** The lines a run printed besides npm's own header (`> mamori@… start`, `> node …`). */
export function ownLines(output: string): string[] {
  return output.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('> '));
}

/** POST /graphql answers with data. */
export async function graphqlAnswers(url: string): Promise<boolean> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
  return res.status === 200 && (await res.json()).data?.__typename === 'Query';
}

export const dataDirOf = (home: string) => path.join(home, 'pgdata');
