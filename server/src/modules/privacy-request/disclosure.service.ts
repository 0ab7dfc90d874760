import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { mamoriHome } from '../../config';
import { entryFromRequest } from '../../trail/trail-context';
import { appendTrail, type TrailEntryInput } from '../../trail/trail-writer';
import { badInput, conflict, forbidden } from '../../common/errors';
import { intArray, textArray } from '../../common/sql';
import type { RequestContext } from '../../context';
import { CustomerService } from '../customer/customer.service';
import { categoriesDisclosed, disclosureEntries, readPersonFile } from './disclosure-file';
import { proofFiles, proveArchivedEntries, proveEntries, signCheckpointForDisclosure } from './disclosure-proofs';
import { settings } from '../../config';
import { todayInJapan } from '../../common/japan-dates';
import { PrivacyRequestKind } from './privacy-request.entity';
import { PrivacyRequestService } from './privacy-request.service';
import type { DownloadTicket } from './privacy-request.types';
import { decideWithholdings, type DisclosureWithholding, GROUND_LAW, type ProvisionRow, withheldNotice, type WithholdingGround } from './withholding';
import type { WithholdingInput } from './privacy-request.inputs';
import { ZipFileWriter, ZipTooLarge } from './zip-writer';

/** How long a produced file waits for its one download. */
const DOWNLOAD_TTL_MS = 24 * 3_600_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The largest disclosure file produced (MAMORI_DISCLOSURE_MAX_MB, default 512 MiB; a ZIP without ZIP64 stays under 4 GiB). */
export const DISCLOSURE_MAX_BYTES = settings().MAMORI_DISCLOSURE_MAX_MB * 1024 * 1024;

/** Where produced files wait for their download (MAMORI_DISCLOSURE_DIR, default .mamori/disclosures; owner only). */
export function disclosureDir(): string {
  const dir = settings().MAMORI_DISCLOSURE_DIR ?? join(mamoriHome(), 'disclosures');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Deletes produced files whose rows were emptied (downloaded, expired, erased); a file already gone is fine. */
export async function removeDisclosureFiles(paths: readonly (string | null | undefined)[]): Promise<void> {
  for (const path of paths) {
    if (path) await unlink(path).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'ENOENT') throw e; });
  }
}

/**
 * Fulfils a DISCLOSURE or PROVISION_RECORD_DISCLOSURE request: writes the person's file as a ZIP to disk
 * (streamed, within DISCLOSURE_MAX_BYTES), withholding what art. 33(2) allows (withholding.ts), keeps it for one download by the privacy manager who asked, records the disclosure in the trail
 * (the categories handed over in clear) and records what it holds — all in the caller's transaction. The request stays
 * IN_PROGRESS until the file is downloaded (claimDownload completes it): a file lost before its download can be made again,
 * the earlier link revoked and the reason recorded.
 */
export interface DisclosureChoices {
  /** Provision records withheld by the privacy manager's choice, each with a ground and a reason. */
  withhold?: WithholdingInput[];
  /** Provision records withheld by default (exemptions to authorities) that are disclosed after all. */
  disclose?: string[];
  /** Why a file made earlier and not yet downloaded is made again (required then; its link is revoked). */
  reason?: string | null;
}

/** Revokes the request's files not yet downloaded (the retention sweep deletes them); answers the ids revoked. */
async function revokePendingFiles(ctx: RequestContext, requestId: number, reason: string | null | undefined): Promise<number[]> {
  const pending = await ctx.em.execute(`select id from disclosure_download where privacy_request_id = ? and downloaded_at is null
    and file_path is not null and expires_at > now() for update`, [requestId]);
  if (!pending.length) return [];
  if (!reason?.trim()) {
    throw badInput('reason', '作成済みでまだダウンロードされていない開示ファイルがあります。作り直す理由を入力してください',
      'A file made earlier has not been downloaded yet: give the reason for making it again');
  }
  const ids = pending.map((p) => Number(p.id));
  await ctx.em.execute(`update disclosure_download set expires_at = now() where id = any(?::int[])`, [intArray(ids)]);
  // The superseded file's withholdings were never handed over: the new file's decisions replace them.
  await ctx.em.execute(`delete from disclosure_withholding where privacy_request_id = ?`, [requestId]);
  return ids;
}

export async function fulfilDisclosure(ctx: RequestContext, requestId: unknown, choices: DisclosureChoices = {}): Promise<DownloadTicket> {
  const requests = new PrivacyRequestService(ctx);
  const request = await requests.startFulfilment(requestId, [PrivacyRequestKind.DISCLOSURE, PrivacyRequestKind.PROVISION_RECORD_DISCLOSURE]);
  const staffId = ctx.actor?.staffId;
  if (!staffId) throw forbidden('A disclosure file is handed to a staff member, not to an API key', '開示ファイルは職員にのみ渡せます');
  const provisionOnly = request.kind === PrivacyRequestKind.PROVISION_RECORD_DISCLOSURE;
  // An erased customer has no file any more: NOT_FOUND, as everywhere else.
  const customerId = (await new CustomerService(ctx).get(request.customer.id)).id;
  const revoked = await revokePendingFiles(ctx, request.id, choices.reason);
  const started = Date.now();
  // Signed before the file is read, so that it covers the access records the file lists (#20).
  const signed = provisionOnly ? null : await signCheckpointForDisclosure(ctx);
  const file = await readPersonFile(ctx.em, customerId, provisionOnly);
  const withheld = decideWithholdings(file.provisionRecords as ProvisionRow[], choices.withhold, choices.disclose);
  const withheldIds = new Set(withheld.map((w) => w.provisionRecordId));
  file.provisionRecords = file.provisionRecords.filter((r) => !withheldIds.has(String(r.id))).map(({ id: _id, provided: _p, ...rest }) => rest);
  file.withheld = withheldNotice(withheld);
  // Entries archived past the retention are in 08 too, proved from their archive files (#20).
  const archived = signed ? await proveArchivedEntries(ctx, customerId) : null;
  if (archived) {
    file.accessTrail = [...archived.rows, ...file.accessTrail];
    file.trailArchivedListed = !archived.unread.length;
  }
  const proofs = signed ? await proveEntries(ctx, signed, file.trailLeaves, archived) : null;
  const entries = [...disclosureEntries(file, provisionOnly), ...(proofs ? proofFiles(proofs) : [])];
  const path = join(disclosureDir(), `${randomBytes(16).toString('hex')}.zip`);
  const zip = await ZipFileWriter.create(path, DISCLOSURE_MAX_BYTES);
  let bytes: number;
  try {
    for (const entry of entries) await zip.add(entry);
    bytes = await zip.finish();
  } catch (e) {
    await zip.abort();
    if (e instanceof ZipTooLarge) {
      throw conflict(`開示ファイルが上限(${Math.round(e.limitBytes / 1048576)} MiB)を超えます。MAMORI_DISCLOSURE_MAX_MB を見直してください`,
        `The disclosure file would exceed its limit of ${Math.round(e.limitBytes / 1048576)} MiB`);
    }
    throw e;
  }
  const { clear, masked } = provisionOnly ? { clear: ['contact.name' as const], masked: [] } : categoriesDisclosed(file);
  const counts = {
    consents: file.consents.length, orders: file.orders.length, orderItems: file.orderItems.length, interactions: file.interactions.length,
    recordings: file.recordings.length, provisionRecords: file.provisionRecords.length, accessTrailEntries: file.accessTrail.length,
    accessTrailEntriesProved: proofs?.entries.length ?? 0,
    provisionRecordsWithheld: withheld.length,
  };

  const token = randomBytes(32).toString('base64url');
  const fileName = `${provisionOnly ? 'provision-records' : 'disclosure'}-${file.customer.customer_number}-${todayInJapan().replace(/-/g, '')}.zip`;
  const expiresAt = new Date(Date.now() + DOWNLOAD_TTL_MS);
  try {
    const [download] = await ctx.em.execute(
      `insert into disclosure_download (token_hash, privacy_request_id, customer_id, staff_id, file_name, categories, file_path, bytes, expires_at)
       values (?, ?, ?, ?, ?, ?::text[], ?, ?, ?) returning id`,
      [hashToken(token), request.id, customerId, staffId, fileName, textArray([...clear, ...masked]), path, bytes, expiresAt]);
    await recordWithholdings(ctx, request.id, withheld);
    await appendTrail(ctx.em, [{
      ...entryFromRequest(ctx, 'ACCESS', 'fulfilDisclosureRequest'),
      customerId, clearFields: clear, maskedFields: masked,
      detail: {
        privacyRequestId: request.id, disclosure: request.kind, downloadId: download.id, files: entries.map((e) => e.name), counts,
        withheldProvisionRecords: withheld.map((w) => ({ id: Number(w.provisionRecordId), ground: w.ground, byDefault: w.byDefault })),
        ...(revoked.length ? { revokedDownloadIds: revoked, reason: choices.reason!.trim() } : {}),
      },
    }]);
    await requests.recordProduced(request, {
      delivered: false, downloadId: download.id, expiresAt, fileName, bytes, categories: [...clear, ...masked], counts, elapsedMs: Date.now() - started,
      withheld: withheld.map((w) => ({ provisionRecordId: w.provisionRecordId, ground: w.ground, reason: w.reason, byDefault: w.byDefault })),
    });
    return { token, url: `/downloads/${token}`, fileName, bytes, expiresAt, categories: [...clear, ...masked], withheld };
  } catch (e) {
    // The transaction rolls back: the file it would have pointed to must not stay behind.
    await removeDisclosureFiles([path]);
    throw e;
  }
}

/** The withholdings of a disclosure request: as recorded once fulfilled, else what the default would withhold now. */
export async function withholdingsOf(ctx: RequestContext, requestId: unknown): Promise<DisclosureWithholding[]> {
  const request = await new PrivacyRequestService(ctx).get(requestId);
  const recorded = await ctx.em.execute(`select w.provision_record_id as id, r.recipient_name, r.legal_basis, r.provided_at as provided, w.ground, w.reason, w.by_default
    from disclosure_withholding w join provision_record r on r.id = w.provision_record_id where w.privacy_request_id = ? order by w.id`, [request.id]);
  if (request.status === 'COMPLETED' || recorded.length) {
    return recorded.map((w) => ({
      provisionRecordId: String(w.id), recipientName: w.recipient_name, legalBasis: w.legal_basis, providedAt: new Date(w.provided),
      ground: w.ground, reason: w.reason, law: GROUND_LAW[w.ground as WithholdingGround], byDefault: w.by_default,
    }));
  }
  if (!request.customer) return [];
  const records = await ctx.em.execute(`select id, recipient_name, legal_basis, provided_at as provided from provision_record where customer_id = ? order by provided_at, id`,
    [request.customer.id]);
  return decideWithholdings(records as ProvisionRow[]);
}

async function recordWithholdings(ctx: RequestContext, requestId: number, withheld: ReturnType<typeof decideWithholdings>): Promise<void> {
  if (!withheld.length) return;
  await ctx.em.execute(`insert into disclosure_withholding (privacy_request_id, provision_record_id, ground, reason, by_default, decided_by)
    select ?, r.id, w.ground, w.reason, w.by_default, ? from unnest(?::int[], ?::text[], ?::text[], ?::boolean[]) as w(id, ground, reason, by_default)
    join provision_record r on r.id = w.id`,
  [requestId, ctx.actor?.staffId ?? null, intArray(withheld.map((w) => Number(w.provisionRecordId))), textArray(withheld.map((w) => w.ground)),
    textArray(withheld.map((w) => w.reason)), `{${withheld.map((w) => w.byDefault).join(',')}}`]);
}

export type DownloadClaim =
  | { ok: true; fileName: string; path: string; bytes: number }
  | { ok: false; status: 404 | 410 };

/** The download delivers the disclosure: the request is COMPLETED now, recorded as a change in the same transaction. */
async function completeOnDelivery(tx: EntityManager, requestId: number, downloadId: number,
  trail: Omit<TrailEntryInput, 'customerId' | 'clearFields' | 'maskedFields' | 'detail'>): Promise<void> {
  const [done] = await tx.execute(`update privacy_request set status = 'COMPLETED', completed_at = now(), updated_at = now(),
      handled_by_id = ?, outcome = coalesce(outcome, '{}'::jsonb) || jsonb_build_object('delivered', true, 'deliveredAt', now())
    where id = ? and status = 'IN_PROGRESS' returning customer_id`, [trail.staffId ?? null, requestId]);
  await appendTrail(tx, [{
    ...trail, kind: 'CHANGE', operation: 'updatePrivacyRequest', customerId: done.customer_id, clearFields: [], maskedFields: [],
    detail: {
      entity: 'PrivacyRequest', entityId: requestId, action: 'UPDATE', fields: ['status'], reason: null, personalFields: [],
      oldValues: { status: 'IN_PROGRESS' }, newValues: { status: 'COMPLETED' }, downloadId,
    },
  }]);
}

/**
 * Hands the file over exactly once and completes its request: the row is locked, emptied and marked downloaded in one statement
 * (a second, concurrent claim finds it taken), and the hand-over is recorded in the trail in the same
 * transaction. Only the staff member who produced the file may take it; the caller streams the file and deletes it.
 */
export async function claimDownload(em: EntityManager, token: string, trail: Omit<TrailEntryInput, 'customerId' | 'clearFields' | 'maskedFields' | 'detail'>): Promise<DownloadClaim> {
  return em.transactional(async (tx) => {
    const [row] = await tx.execute(
      `update disclosure_download d set file_path = null, downloaded_at = now()
       from (select id, file_path from disclosure_download where token_hash = ? and staff_id = ? for update) old
       where d.id = old.id and d.downloaded_at is null and d.expires_at > now() and old.file_path is not null
         and exists (select 1 from privacy_request r where r.id = d.privacy_request_id and r.status = 'IN_PROGRESS')
       returning d.id, d.customer_id, d.privacy_request_id, d.file_name, d.categories, d.bytes, old.file_path`,
      [hashToken(token), trail.staffId ?? -1]);
    if (!row) {
      const [known] = await tx.execute(`select 1 from disclosure_download where token_hash = ? and staff_id = ?`, [hashToken(token), trail.staffId ?? -1]);
      return { ok: false, status: known ? 410 : 404 };
    }
    await appendTrail(tx as EntityManager, [{
      ...trail, customerId: row.customer_id, clearFields: row.categories.filter((c: string) => c !== 'financial.card'),
      maskedFields: row.categories.filter((c: string) => c === 'financial.card'),
      detail: { privacyRequestId: row.privacy_request_id, downloadId: row.id, bytes: row.bytes },
    }]);
    await completeOnDelivery(tx as EntityManager, row.privacy_request_id, row.id, trail);
    return { ok: true, fileName: row.file_name, path: row.file_path as string, bytes: row.bytes as number };
  });
}
