import type { GraphQLFormattedError } from 'graphql';

/** A database error as the pg driver (and MikroORM, which copies its properties) reports it. */
interface DriverError { code?: string; constraint?: string; table?: string; name?: string; message?: string }

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03']);
const CONNECTION_MESSAGES = /Connection terminated|Connection ended|connection error|Timeout acquiring a connection/i;

/** The database went away or cannot be reached (as opposed to refusing what was asked). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = (error ?? {}) as DriverError;
  return (!!e.code && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08')))
    || e.name === 'KnexTimeoutError' || CONNECTION_MESSAGES.test(e.message ?? '');
}

/** `customer_referrer_id_foreign` on table `customer` → `referrerId` (MikroORM's foreign key names). */
function fieldOfForeignKey(e: DriverError): string | undefined {
  const m = e.table && e.constraint?.startsWith(`${e.table}_`) ? /^(.*)_foreign$/.exec(e.constraint.slice(e.table.length + 1)) : null;
  return m ? m[1].replace(/_([a-z])/g, (_s, c: string) => c.toUpperCase()) : undefined;
}

/**
 * What the client is told about a database error, without SQL or internals: a duplicate or a record still
 * referenced is CONFLICT, a reference to nothing or a value the column cannot hold (class 22: too long, bad date, NUL byte…) is
 * BAD_USER_INPUT, a statement stopped by its time limit TIMEOUT, an unreachable database SERVICE_UNAVAILABLE.
 * Null for anything else (an internal error).
 */
export function clientErrorForDatabase(error: unknown, path: GraphQLFormattedError['path']): GraphQLFormattedError | null {
  const e = (error ?? {}) as DriverError;
  if (e.code === '23505') {
    return { message: '同じ値がすでに登録されています / A record with this value already exists', path, extensions: { code: 'CONFLICT' } };
  }
  if (e.code === '23503' && /update or delete on table/.test(e.message ?? '')) {
    return { message: 'ほかの記録から参照されています / The record is still referenced', path, extensions: { code: 'CONFLICT' } };
  }
  if (e.code === '23503') {
    const field = fieldOfForeignKey(e);
    return { message: '参照先が見つかりません / The referenced record does not exist', path, extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } };
  }
  if (e.code?.startsWith('22')) {
    return { message: '入力値を保存できません / A value cannot be stored as given', path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (e.code === '57014') {
    // statement_timeout (MAMORI_STATEMENT_TIMEOUT_MS) or a cancelled statement: nothing was changed.
    return { message: '処理に時間がかかりすぎたため中止しました。条件を絞って再度お試しください / The request took too long and was stopped; narrow it and try again', path, extensions: { code: 'TIMEOUT' } };
  }
  if (isDatabaseUnavailable(error)) {
    return { message: '一時的に利用できません。しばらくしてから再度お試しください / Temporarily unavailable; try again later', path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  return null;
}
