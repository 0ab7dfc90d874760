import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { entryFromRequest } from '../../trail/trail-context';
import { appendTrail, type TrailEntryInput } from '../../trail/trail-writer';
import { forbidden } from '../../common/errors';
import { textArray } from '../../common/sql';
import type { RequestContext } from '../../context';
import { CustomerService } from '../customer/customer.service';
import { categoriesDisclosed, disclosureEntries, readPersonFile } from './disclosure-file';
import { todayInJapan } from './japan-dates';
import { PrivacyRequestKind } from './privacy-request.entity';
import { PrivacyRequestService } from './privacy-request.service';
import type { DownloadTicket } from './privacy-request.types';
import { buildZip } from './zip-writer';

/** How long a produced file waits for its one download. */
const DOWNLOAD_TTL_MS = 24 * 3_600_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Fulfils a DISCLOSURE or PROVISION_RECORD_DISCLOSURE request: builds the person's file as a ZIP,
 * keeps it for one download by the privacy manager who asked, records the disclosure in the trail
 * (the categories handed over in clear) and completes the request — all in the caller's transaction.
 */
export async function fulfilDisclosure(ctx: RequestContext, requestId: unknown): Promise<DownloadTicket> {
  const requests = new PrivacyRequestService(ctx);
  const request = await requests.startFulfilment(requestId, [PrivacyRequestKind.DISCLOSURE, PrivacyRequestKind.PROVISION_RECORD_DISCLOSURE]);
  const staffId = ctx.actor?.staffId;
  if (!staffId) throw forbidden('A disclosure file is handed to a staff member, not to an API key', '開示ファイルは職員にのみ渡せます');
  const provisionOnly = request.kind === PrivacyRequestKind.PROVISION_RECORD_DISCLOSURE;
  // An erased customer has no file any more: NOT_FOUND, as everywhere else.
  const customerId = (await new CustomerService(ctx).get(request.customer.id)).id;
  const started = Date.now();
  const file = await readPersonFile(ctx.em, customerId, provisionOnly);
  const entries = disclosureEntries(file, provisionOnly);
  const zip = buildZip(entries);
  const { clear, masked } = provisionOnly ? { clear: ['contact.name' as const], masked: [] } : categoriesDisclosed(file);
  const counts = {
    consents: file.consents.length, orders: file.orders.length, orderItems: file.orderItems.length, interactions: file.interactions.length,
    recordings: file.recordings.length, provisionRecords: file.provisionRecords.length, accessTrailEntries: file.accessTrail.length,
  };

  const token = randomBytes(32).toString('base64url');
  const fileName = `${provisionOnly ? 'provision-records' : 'disclosure'}-${file.customer.customer_number}-${todayInJapan().replace(/-/g, '')}.zip`;
  const expiresAt = new Date(Date.now() + DOWNLOAD_TTL_MS);
  const [download] = await ctx.em.execute(
    `insert into disclosure_download (token_hash, privacy_request_id, customer_id, staff_id, file_name, categories, content, bytes, expires_at)
     values (?, ?, ?, ?, ?, ?::text[], ?, ?, ?) returning id`,
    [hashToken(token), request.id, customerId, staffId, fileName, textArray([...clear, ...masked]), zip, zip.length, expiresAt]);
  await appendTrail(ctx.em, [{
    ...entryFromRequest(ctx, 'ACCESS', 'fulfilDisclosureRequest'),
    customerId, clearFields: clear, maskedFields: masked,
    detail: { privacyRequestId: request.id, disclosure: request.kind, downloadId: download.id, files: entries.map((e) => e.name), counts },
  }]);
  await requests.complete(request, { downloadId: download.id, fileName, bytes: zip.length, categories: [...clear, ...masked], counts, elapsedMs: Date.now() - started });
  return { token, url: `/downloads/${token}`, fileName, bytes: zip.length, expiresAt, categories: [...clear, ...masked] };
}

export type DownloadClaim =
  | { ok: true; fileName: string; content: Buffer }
  | { ok: false; status: 404 | 410 };

/**
 * Hands the file over exactly once: the row is locked, emptied and marked downloaded in one statement
 * (a second, concurrent claim finds it taken), and the hand-over is recorded in the trail in the same
 * transaction. Only the staff member who produced the file may take it.
 */
export async function claimDownload(em: EntityManager, token: string, trail: Omit<TrailEntryInput, 'customerId' | 'clearFields' | 'maskedFields' | 'detail'>): Promise<DownloadClaim> {
  return em.transactional(async (tx) => {
    const [row] = await tx.execute(
      `update disclosure_download d set content = null, downloaded_at = now()
       from (select id, content from disclosure_download where token_hash = ? and staff_id = ? for update) old
       where d.id = old.id and d.downloaded_at is null and d.expires_at > now() and old.content is not null
       returning d.id, d.customer_id, d.privacy_request_id, d.file_name, d.categories, d.bytes, old.content`,
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
    return { ok: true, fileName: row.file_name, content: row.content as Buffer };
  });
}
