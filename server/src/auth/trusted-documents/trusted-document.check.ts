import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { forbiddenPurpose } from '../../common/errors';
import type { RequestContext } from '../../context';
import type { SqlRunner } from '../../db/read-pool';
import { recordSecurityEvent } from '../../trail/security-events';

/**
 * The one check of the request pipeline (buildContext) for API keys: a key runs only the documents
 * registered for it and approved by the privacy manager, each under the purpose it was registered for, as
 * Apollo's persisted-query safelisting and Hasura's allow-list do. Anything else is FORBIDDEN before it is
 * parsed. A request may send the text, or (POST) only its sha256 as `extensions.persistedQuery.sha256Hash`:
 * the registered text is then put in its place.
 * Null when there is nothing to check (the actor is no API key), so that a staff request pays no promise.
 */
export function assertTrustedDocument(ctx: RequestContext, run: SqlRunner, req: IncomingMessage, record: boolean): Promise<void> | null {
  const actor = ctx.actor;
  if (actor?.kind !== 'apiKey' || actor.apiKeyId === null) return null;
  return checkDocument(ctx, run, req, record, actor.apiKeyId);
}

async function checkDocument(ctx: RequestContext, run: SqlRunner, req: IncomingMessage, record: boolean, apiKeyId: number): Promise<void> {
  const sent = documentOf(req);
  const hash = sent.text !== undefined ? sha256(sent.text) : sent.hash;
  const [row] = hash && /^[0-9a-f]{64}$/.test(hash)
    ? await run(`select document, purpose from trusted_document where api_key_id = ? and hash = ? and approved_at is not null and revoked_at is null`,
      [apiKeyId, hash])
    : [];
  if (!row) return refuse(ctx, record, hash ?? null, notTrusted(hash ?? null));
  if (ctx.declaredPurpose && !ctx.purpose) throw forbiddenPurpose(ctx.declaredPurpose);
  if ((row.purpose ?? null) !== ctx.purpose) return refuse(ctx, record, hash!, otherPurpose(row.purpose));
  if (sent.text === undefined && sent.body) sent.body.query = row.document;
}

interface Sent { text?: string; hash?: string; body?: Record<string, unknown> }

/** The document a request carries: the text (POST body or GET `query`), or only a persisted query's hash. */
function documentOf(req: IncomingMessage): Sent {
  const body = (req as IncomingMessage & { body?: unknown }).body;
  if (req.method === 'POST' && body && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    const hash = (b.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
    return typeof b.query === 'string' ? { text: b.query } : { hash: typeof hash === 'string' ? hash : undefined, body: b };
  }
  const params = new URL(req.url ?? '/', 'http://x').searchParams;
  const text = params.get('query');
  if (text !== null) return { text };
  try {
    const hash = JSON.parse(params.get('extensions') ?? '{}')?.persistedQuery?.sha256Hash;
    return { hash: typeof hash === 'string' ? hash : undefined };
  } catch {
    return {}; // not JSON: no document, refused below
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Refused and (once per request: the compiled read path hands its refusals on to Apollo, which records) recorded. */
async function refuse(ctx: RequestContext, record: boolean, hash: string | null, error: GraphQLError): Promise<never> {
  if (record) {
    await recordSecurityEvent(ctx, 'UNTRUSTED_DOCUMENT', { apiKeyId: ctx.actor?.apiKeyId ?? null, hash, reason: error.extensions.reason })
      .catch(() => undefined); // the refusal protects by itself; its record is best effort, as for FORBIDDEN answers
  }
  throw error;
}

function notTrusted(hash: string | null): GraphQLError {
  const ja = 'このAPIキーでは、登録され個人情報保護管理者が承認した操作しか実行できません';
  const en = 'This API key may run only the documents registered for it and approved by the privacy manager';
  return new GraphQLError(`${ja} / ${en}`, {
    extensions: { code: 'FORBIDDEN', reason: 'UNTRUSTED_DOCUMENT', documentHash: hash, messageJa: ja, messageEn: en, http: { status: 403 } },
  });
}

function otherPurpose(registered: string | null): GraphQLError {
  const ja = registered ? `この操作は利用目的「${registered}」でのみ実行できます` : 'この操作は利用目的を宣言せずに実行します';
  const en = registered ? `This document is registered for purpose ${registered} only` : 'This document is registered to run with no purpose declared';
  return new GraphQLError(`${ja} / ${en}`, {
    extensions: { code: 'FORBIDDEN', reason: 'DOCUMENT_PURPOSE', purpose: registered, messageJa: ja, messageEn: en, http: { status: 403 } },
  });
}
