import { type GraphQLError, Kind, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { badInput, conflict, notFound } from '../../common/errors';
import { idOf } from '../../common/list';
import type { RequestContext } from '../../context';
import { recordSecurityEvent } from '../../trail/security-events';
import { ApiKey } from '../auth.entities';
import { sha256 } from './trusted-document.check';
import { TrustedDocument } from './trusted-document.entity';

/** The longest document a key may have registered (what one request body may carry is larger: 256 kB). */
const MAX_DOCUMENT_CHARS = 20_000;

export interface Registration { apiKeyId: string; document: string; purpose?: string | null; note: string }

/**
 * Registers a document for an API key: it must be a valid document of the schema, and its purpose one the
 * key holds (or none). It runs nothing until the privacy manager approves it. `schema` is the one served (the
 * resolver's own): this file cannot import the schema's builder, which imports this module's resolver.
 */
export async function registerDocument(ctx: RequestContext, input: Registration, schema: GraphQLSchema): Promise<TrustedDocument> {
  const key = await ctx.em.findOne(ApiKey, { id: idOf(input.apiKeyId, 'apiKeyId') });
  if (!key || key.revokedAt) throw badInput('apiKeyId', '有効なAPIキーではありません', 'Not a live API key');
  const text = String(input.document ?? '');
  const operations = operationsOf(text, schema);
  const purpose = input.purpose?.trim() || null;
  if (purpose !== null && !(key.purposes as string[]).includes(purpose)) {
    throw badInput('purpose', `このAPIキーが宣言できない利用目的です: ${purpose}`, `Purpose ${purpose} is not one of this key's`);
  }
  const note = String(input.note ?? '').trim();
  if (!note || [...note].length > 500) throw badInput('note', '用途を1〜500文字で入力してください', 'Say what it is for in 1–500 characters');
  const hash = sha256(text);
  if (await ctx.em.count(TrustedDocument, { apiKeyId: key.id, hash, revokedAt: null })) {
    throw conflict('この操作はこのAPIキーに登録済みです', 'This document is already registered for this key', 'document');
  }
  const doc = ctx.em.create(TrustedDocument, {
    apiKeyId: key.id, hash, document: text, operations, purpose, note, registeredById: ctx.actor?.staffId ?? null,
  }, { partial: true });
  await ctx.em.flush();
  await recordSecurityEvent(ctx, 'TRUSTED_DOCUMENT_REGISTERED', { trustedDocumentId: doc.id, apiKeyId: key.id, hash, purpose, operations });
  return doc;
}

/** Puts a pending document in force. */
export async function approveDocument(ctx: RequestContext, id: string): Promise<TrustedDocument> {
  const doc = await documentById(ctx, id);
  if (doc.status !== 'PENDING') {
    throw conflict(doc.status === 'APPROVED' ? '承認済みです' : '取り消されています', doc.status === 'APPROVED' ? 'Already approved' : 'It was revoked');
  }
  const key = await ctx.em.findOne(ApiKey, { id: doc.apiKeyId });
  if (!key || key.revokedAt) throw conflict('APIキーが失効しています', 'The API key was revoked');
  doc.approvedAt = new Date();
  doc.approvedById = ctx.actor?.staffId ?? null;
  await ctx.em.flush();
  await recordSecurityEvent(ctx, 'TRUSTED_DOCUMENT_APPROVED', { trustedDocumentId: doc.id, apiKeyId: doc.apiKeyId, hash: doc.hash, purpose: doc.purpose });
  return doc;
}

/** Withdraws a document, pending or approved; the next request running it is refused. */
export async function revokeDocument(ctx: RequestContext, id: string): Promise<TrustedDocument> {
  const doc = await documentById(ctx, id);
  if (!doc.revokedAt) {
    doc.revokedAt = new Date();
    doc.revokedById = ctx.actor?.staffId ?? null;
    await ctx.em.flush();
    await recordSecurityEvent(ctx, 'TRUSTED_DOCUMENT_REVOKED', { trustedDocumentId: doc.id, apiKeyId: doc.apiKeyId, hash: doc.hash });
  }
  return doc;
}

async function documentById(ctx: RequestContext, id: string): Promise<TrustedDocument> {
  const doc = await ctx.em.findOne(TrustedDocument, { id: idOf(id) });
  if (!doc) throw notFound('TrustedDocument');
  return doc;
}

/** The names of the operations of a valid document ('' for an anonymous one), or BAD_USER_INPUT on `document`. */
function operationsOf(text: string, schema: GraphQLSchema): string[] {
  if (!text.trim() || text.length > MAX_DOCUMENT_CHARS) {
    throw badInput('document', `操作は1〜${MAX_DOCUMENT_CHARS}文字です`, `The document must be 1–${MAX_DOCUMENT_CHARS} characters`);
  }
  let ast: DocumentNode;
  try {
    ast = parse(text);
  } catch (e) {
    throw badInput('document', `GraphQL として読めません: ${(e as GraphQLError).message}`, `Not GraphQL: ${(e as GraphQLError).message}`);
  }
  const [invalid] = validate(schema, ast);
  if (invalid) throw badInput('document', `スキーマに合いません: ${invalid.message}`, `Not valid against the schema: ${invalid.message}`);
  const operations = ast.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? ''] : []));
  if (!operations.length) throw badInput('document', '操作が含まれていません', 'The document defines no operation');
  return operations;
}
