// What went wrong at start, as one sentence saying what to do: the failures a first run meets (port taken,
// database unreachable or refusing the login, disk full) are recognised; anything else is named briefly.
import { createServer } from 'node:net';
import { SettingError } from '../auth/client-address';
import { SettingsError } from '../config';
import { StartupError } from './startup-error';

export interface StartContext {
  port: number;
  host: string;
  /** The database URL in use, when known (DATABASE_URL or the embedded cluster's). */
  databaseUrl?: string;
  /** Whether that URL is the embedded cluster's (then a connection failure is ours, not the user's). */
  embedded: boolean;
}

interface ErrorLike { code?: string; message?: string; cause?: unknown; errno?: number }

/** The error and its causes, outermost first (MikroORM and knex wrap the driver's error). */
function chain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  for (let e = error; e && typeof e === 'object' && out.length < 5; e = (e as ErrorLike).cause) out.push(e as ErrorLike);
  return out;
}

/** `user@host:port/db` of a URL, never its password; null when it does not parse. */
function where(url: string | undefined): { server: string; user: string; database: string } | null {
  try {
    const u = new URL(url ?? '');
    return { server: `${u.hostname}:${u.port || 5432}`, user: decodeURIComponent(u.username) || '(none)', database: decodeURIComponent(u.pathname.slice(1)) };
  } catch {
    return null;
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
const DISK_FULL_TEXT = /No space left on device|could not extend file/i;

export function explainStartupFailure(error: unknown, ctx: StartContext): StartupError {
  if (error instanceof StartupError) return error;
  if (error instanceof SettingsError || error instanceof SettingError) return new StartupError('CONFIGURATION', error.message, { cause: error });
  const errors = chain(error);
  const find = (test: (e: ErrorLike) => boolean) => errors.find(test);
  const first = errors[0] ?? {};
  const message = (first.message ?? String(error)).split('\n')[0];
  const db = where(ctx.databaseUrl);
  const named = ctx.embedded ? 'the embedded PostgreSQL' : `the database named by DATABASE_URL (${db?.server ?? 'unparsable'})`;

  const listen = find((e) => ['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL'].includes(e.code ?? '') && /listen/.test(e.message ?? ''));
  if (listen?.code === 'EADDRINUSE') return portInUse(ctx.port, ctx.host, error);
  if (listen?.code === 'EACCES') {
    return new StartupError('CONFIGURATION', `Port ${ctx.port} needs privileges this user lacks: choose a port above 1023, e.g. PORT=4000 npm start.`, { cause: error });
  }
  if (listen) {
    return new StartupError('CONFIGURATION', `HOST=${ctx.host} is not an address of this machine: use 127.0.0.1 (the default) or 0.0.0.0 for every address.`, { cause: error });
  }
  if (find((e) => e.code === 'ENOSPC' || e.code === '53100' || DISK_FULL_TEXT.test(e.message ?? ''))) {
    return new StartupError('DISK_FULL', `The disk is full (${message}) for ${ctx.embedded ? 'the embedded PostgreSQL or Mamori\'s own files' : 'the database server'}: free some space and run npm start again.`, { cause: error });
  }
  const refused = find((e) => e.code === '28P01' || e.code === '28000' || /SASL|password must be a string/.test(e.message ?? ''));
  if (refused) {
    return new StartupError('DATABASE_LOGIN_REFUSED', `${capitalised(named)} refused the login of user "${db?.user}" (${refused.message}): correct the user name or password in DATABASE_URL.`, { cause: error });
  }
  const unreachable = find((e) => UNREACHABLE.has(e.code ?? '') || (e.code ?? '').startsWith('08') || e.code === '57P03');
  if (unreachable && !ctx.embedded) {
    return new StartupError('DATABASE_UNREACHABLE', `${capitalised(named)} cannot be reached (${unreachable.message}): start that server or correct DATABASE_URL, or unset DATABASE_URL to use the embedded PostgreSQL.`, { cause: error });
  }
  if (find((e) => e.code === '3D000')) {
    return new StartupError('DATABASE_MISSING', `The database "${db?.database}" does not exist on ${db?.server} and this user may not create it: create it (createdb) or correct DATABASE_URL.`, { cause: error });
  }
  return new StartupError('CONFIGURATION', `Mamori could not start: ${message}${/[.!?]$/.test(message) ? '' : '.'} Run again with MAMORI_DEBUG=1 to see where.`, { cause: error });
}

/** Fails early, before the database work of a start, when the port is taken. */
export async function assertPortFree(port: number, host: string): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export function portInUse(port: number, host: string, cause?: unknown): StartupError {
  return new StartupError('PORT_IN_USE', `Port ${port} on ${host} is already in use by another program: stop it, or choose another port, e.g. PORT=${port === 65535 ? 4000 : port + 1} npm start.`, { cause });
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
