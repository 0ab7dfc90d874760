import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { asPolicyDocument, canonicalJson } from '../../../../schema/policy';
import { type NoticeContent, type NoticeSection, noticeSource, noticeText } from './notice-content';
import { type Lang, LANGS } from './notice-words';

/** Why a notice row was written: a version came into force (anew or restored), or a setting it states changed under it. */
export type NoticeCause = 'PUBLICATION' | 'RESTORE' | 'SETTINGS' | 'START';

/** What a row stores: the version stated and, per language, the title and sections (the generation time is a column). */
export interface StoredNotice {
  version: { number: number; label: string; publishedAt: string };
  ja: { title: string; sections: NoticeSection[] };
  en: { title: string; sections: NoticeSection[] };
}

export interface NoticeRow {
  id: number; policy_version: number; published_at: Date; generated_at: Date; cause: NoticeCause;
  content: StoredNotice; hash: string; previous_hash: string | null; in_force: boolean;
}

/** sha256 of the content's canonical JSON, hex: the same content always hashes the same. */
export const noticeHash = (content: StoredNotice): string => createHash('sha256').update(canonicalJson(content)).digest('hex');

/**
 * Writes the notice of the version in force when it differs from the last one written, in the caller's
 * transaction (so a publication and its notice commit together, or neither does). One writer at a time
 * (advisory lock): two processes starting together write one row. A row for a version not yet noticed is a
 * PUBLICATION, or a RESTORE when an older version had the same document; a changed text under the same
 * version gets `cause` (SETTINGS after a fee or contractor change, START when the server found it changed).
 */
export async function refreshNotice(em: EntityManager, cause: 'PUBLICATION' | 'SETTINGS' | 'START'): Promise<{ id: number; written: boolean }> {
  await em.execute(`select pg_advisory_xact_lock(hashtext('mamori_policy_notice'))`);
  const [v] = await em.execute(`select id, number, document, hash, published_at from policy_version where state = 'PUBLISHED'`);
  if (!v) throw new Error('no policy version is in force: there is no notice to publish');
  const document = asPolicyDocument(v.document);
  const version = { number: v.number as number, label: document.label, publishedAt: new Date(v.published_at).toISOString() };
  const src = await noticeSource(em, version, document);
  const now = new Date().toISOString();
  const part = (lang: Lang) => { const t = noticeText(src, lang, now); return { title: t.title, sections: t.sections }; };
  const content: StoredNotice = { version, ja: part('ja'), en: part('en') };
  const hash = noticeHash(content);
  const [last] = await em.execute(`select id, policy_version, hash from policy_notice order by id desc limit 1`);
  if (last && last.policy_version === version.number && last.hash === hash) return { id: last.id, written: false };
  let why: NoticeCause = cause;
  if (last && last.policy_version !== version.number) {
    // A restore copies a version older than the one it replaces (the version in force is never restored).
    const [same] = await em.execute(`select 1 from policy_version where hash = ? and state = 'RETIRED' and number < ? limit 1`, [v.hash, version.number - 1]);
    why = same ? 'RESTORE' : 'PUBLICATION';
  }
  const [row] = await em.execute(`insert into policy_notice (policy_version, published_at, cause, content, hash, previous_hash)
    values (?, ?, ?, ?::jsonb, ?, ?) returning id`, [version.number, version.publishedAt, why, canonicalJson(content), hash, last?.hash ?? null]);
  return { id: row.id, written: true };
}

const SELECT = `select n.*, (n.id = (select max(c.id) from policy_notice c join policy_version p on p.number = c.policy_version and p.state = 'PUBLISHED')) as in_force
  from policy_notice n`;

/** The notice published now: the last row written for the version in force (null before the server first wrote one). */
export async function currentNoticeRow(em: EntityManager): Promise<NoticeRow | null> {
  const [row] = await em.execute<NoticeRow[]>(`${SELECT} join policy_version p on p.number = n.policy_version and p.state = 'PUBLISHED' order by n.id desc limit 1`);
  return row ?? null;
}

/** Every notice ever published, newest first. */
export async function noticeRows(em: EntityManager): Promise<NoticeRow[]> {
  return em.execute<NoticeRow[]>(`${SELECT} order by n.id desc`);
}

/** A stored row in one language, as the route and the API give it. */
export function noticeIn(row: NoticeRow, lang: Lang): NoticeContent {
  const c = row.content;
  const part = c[lang] ?? c.ja;
  return {
    lang, title: part.title, policyVersion: row.policy_version, policyLabel: c.version.label, publishedAt: new Date(row.published_at).toISOString(),
    generatedAt: new Date(row.generated_at).toISOString(), sections: part.sections,
  };
}

export const isLang = (v: unknown): v is Lang => (LANGS as readonly unknown[]).includes(v);
