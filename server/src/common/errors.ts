import { GraphQLError } from 'graphql';

/** The stable `extensions.code` values clients may rely on. */
export type ErrorCode =
  | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'FORBIDDEN_PURPOSE' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR' | 'TRAIL_UNAVAILABLE' | 'SERVICE_UNAVAILABLE';

function error(code: ErrorCode, ja: string, en: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`${ja} / ${en}`, { extensions: { code, messageJa: ja, messageEn: en, ...extra } });
}

export const unauthenticated = () => error('UNAUTHENTICATED', 'ログインが必要です', 'Authentication required');
export const forbidden = (en = 'Not allowed for this role and purpose', ja = 'この役割と利用目的では許可されていません', field?: string) =>
  error('FORBIDDEN', ja, en, field ? { field } : {});
export const forbiddenPurpose = (purpose: string) =>
  error('FORBIDDEN_PURPOSE', `この役割では利用目的「${purpose}」を宣言できません`, `This role may not declare purpose ${purpose}`, { purpose });
export const badInput = (field: string, ja: string, en: string, extra: Record<string, unknown> = {}) => error('BAD_USER_INPUT', ja, en, { ...extra, field });
export const notFound = (what: string) => error('NOT_FOUND', `${what} が見つかりません`, `${what} not found`);
export const conflict = (ja: string, en: string, field?: string) => error('CONFLICT', ja, en, field ? { field } : {});
export const trailUnavailable = () =>
  error('TRAIL_UNAVAILABLE', 'アクセス記録を書き込めないため応答できません', 'The access trail could not be written; nothing was served');

/** The database cannot be reached: retry later (HTTP 503 when nothing could run at all). */
export const serviceUnavailable = () =>
  error('SERVICE_UNAVAILABLE', '一時的に利用できません。しばらくしてから再度お試しください', 'Temporarily unavailable; try again later',
    { http: { status: 503 } });

export function isGraphQLError(e: unknown): e is GraphQLError {
  return e instanceof GraphQLError;
}
