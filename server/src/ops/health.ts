import type { MikroORM } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import pg from 'pg';

/** Each check's answer: `ok`, or a fixed word saying what is wrong (never a driver's message). */
export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable' | 'timeout' | 'error';
  trail: 'ok' | 'read-only' | 'unknown';
}

/** How long a probe may take, and how long its answer stands (probes arrive every few seconds, from several checkers). */
const PROBE_TIMEOUT_MS = 2_000;
const ANSWER_MS = 1_000;

/**
 * /healthz: the process answers (liveness, no database). /readyz: the database answers and the access trail
 * can be written — nothing may be served without its trail entry, so an instance that cannot append must
 * not get traffic. "Writable" is proved without writing: the trail head's row lock is taken (NOWAIT) in a
 * transaction that is rolled back; a read-only server or transaction refuses it. A lock held by a writer
 * means a writer is appending, which proves it too. One probe at a time, on a connection of its own (a
 * saturated request pool must not make a busy instance look dead); its answer stands for a second.
 */
export class HealthChecks {
  private readonly pool: pg.Pool;
  private inFlight: Promise<Readiness> | null = null;
  private last: { at: number; answer: Readiness } | null = null;
  stopping = false;

  constructor(orm: MikroORM) {
    this.pool = new pg.Pool({
      connectionString: orm.config.getClientUrl(), max: 1, idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS, statement_timeout: PROBE_TIMEOUT_MS, query_timeout: PROBE_TIMEOUT_MS,
    });
    this.pool.on('error', () => undefined); // an idle connection lost: the next probe opens another
  }

  readonly healthz = (_req: Request, res: Response): void => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  };

  readonly readyz = async (_req: Request, res: Response): Promise<void> => {
    const r = this.stopping ? { ready: false, database: 'ok', trail: 'unknown', stopping: true } : await this.readiness();
    res.status(r.ready ? 200 : 503).set('cache-control', 'no-store').json({ status: r.ready ? 'ready' : 'not ready', ...r });
  };

  readiness(): Promise<Readiness> {
    if (this.last && performance.now() - this.last.at < ANSWER_MS) return Promise.resolve(this.last.answer);
    this.inFlight ??= this.probe().then((answer) => {
      this.last = { at: performance.now(), answer };
      this.inFlight = null;
      return answer;
    });
    return this.inFlight;
  }

  async close(): Promise<void> {
    this.stopping = true;
    await this.pool.end().catch(() => undefined);
  }

  private async probe(): Promise<Readiness> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      return { ready: false, database: isTimeout(e) ? 'timeout' : 'unreachable', trail: 'unknown' };
    }
    const ignore = () => undefined;
    client.on('error', ignore);
    let broken: Error | undefined;
    try {
      await client.query('begin');
      try {
        await client.query('select 1 from trail_lock_head(true)'); // the owner's function: the app role may not lock the head itself
        return { ready: true, database: 'ok', trail: 'ok' };
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === '55P03') return { ready: true, database: 'ok', trail: 'ok' }; // held by a writer appending now
        if (code === '25006') return { ready: false, database: 'ok', trail: 'read-only' };
        throw e;
      } finally {
        await client.query('rollback');
      }
    } catch (e) {
      broken = e as Error;
      return { ready: false, database: isTimeout(e) ? 'timeout' : (e as { code?: string }).code ? 'error' : 'unreachable', trail: 'unknown' };
    } finally {
      client.removeListener('error', ignore);
      client.release(broken);
    }
  }
}

function isTimeout(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === '57014' || /timeout/i.test((e as Error)?.message ?? '');
}
