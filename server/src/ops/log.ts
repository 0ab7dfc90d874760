import { createHash } from 'node:crypto';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';

/** The server's structured log: one JSON object a line (pino). */
export type Log = Logger;

export type LogLevel = Level | 'silent';

/**
 * What may be logged is decided where each line is built (ops/request-log.ts: route, codes, timings,
 * never a value, a URL, a header or an error message). These keys are censored as well, should any
 * line ever carry one: a second fence, not the first.
 */
const SECRET_KEYS = ['password', 'newPassword', 'token', 'secret', 'authorization', 'cookie', 'recoveryCode', 'apiKey', 'email', 'phone'];

/**
 * A log writing JSON lines to `destination` (default: standard output, written asynchronously and flushed
 * when the process exits). Times are ISO 8601; levels are words ("info"), as log collectors expect.
 */
export function createLog(level: LogLevel, destination: DestinationStream | number = 1): Log {
  const stream = typeof destination === 'number' ? pino.destination({ dest: destination, sync: false }) : destination;
  return pino({
    level,
    base: { service: 'mamori', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: SECRET_KEYS.flatMap((k) => [k, `*.${k}`]), censor: '[redacted]' },
  }, stream);
}

/** A log that writes nothing (in-process servers of the tests, scripts). */
export const silentLog: Log = pino({ level: 'silent' });

/** What pg and Node put in `code`: SQLSTATE (57014) or a system code (ECONNREFUSED), never data. */
const SAFE_CODE = /^[A-Z0-9_]{1,40}$/;

/**
 * An error as it may be logged: its class, its code and the frames of its stack, never its message. A
 * message can hold data (PostgreSQL: `Key (email)=(taro@example.jp) already exists`); the class, the
 * SQLSTATE and where it was thrown are what an operator needs to find the cause.
 */
export function safeError(error: unknown): { type: string; code?: string; stack?: string[] } {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 12).map((l) => l.trim());
  return { type: error.constructor?.name || error.name, ...(typeof code === 'string' && SAFE_CODE.test(code) ? { code } : {}), ...(frames.length ? { stack: frames } : {}) };
}

/** A request id as it may be logged: as given when plainly an id; otherwise `~` and the start of its sha256. */
const PLAIN_ID = /^[A-Za-z0-9._:-]{1,64}$/;
export function loggableRequestId(id: string): string {
  return PLAIN_ID.test(id) ? id : `~${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}
