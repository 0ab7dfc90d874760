import type { DataProvider, RaRecord, SortPayload } from 'react-admin';
import type { ReferenceNeed } from './columns';

/** The server's largest page (ra-data-graphql-simple perPage ≤ 500). */
export const EXPORT_PAGE_SIZE = 500;

export interface ExportProgress {
  loaded: number;
  /** The list's total as the server counted it on the last page read. */
  total: number;
}

/**
 * Every record of the list, page by page (each page is a read through the API under the declared
 * purpose: masked and recorded in the access trail like a screen). A row that moves to the next
 * page while paging (inserted ahead of it) is kept once.
 */
export async function fetchAllPages(
  dataProvider: DataProvider,
  resource: string,
  query: { sort: SortPayload; filter: Record<string, unknown>; meta?: Record<string, unknown> },
  onProgress: (progress: ExportProgress) => void,
  signal: AbortSignal,
): Promise<RaRecord[]> {
  const byId = new Map<string, RaRecord>();
  for (let page = 1; ; page++) {
    signal.throwIfAborted();
    const { data, total } = await dataProvider.getList(resource, {
      ...query, meta: query.meta && { ...query.meta }, pagination: { page, perPage: EXPORT_PAGE_SIZE }, signal,
    });
    signal.throwIfAborted();
    for (const record of data) if (!byId.has(String(record.id))) byId.set(String(record.id), record);
    const expected = total ?? byId.size;
    onProgress({ loaded: byId.size, total: Math.max(expected, byId.size) });
    if (data.length < EXPORT_PAGE_SIZE || byId.size >= expected) return [...byId.values()];
  }
}

/**
 * The referenced records by id, in pages of at most 500 ids, asking only for the fields shown (a
 * customer's number, not their personal data: nothing personal is read just to label a row).
 */
export async function fetchReferences(
  dataProvider: DataProvider,
  needs: Record<string, ReferenceNeed>,
): Promise<Record<string, Map<string, RaRecord>>> {
  const index: Record<string, Map<string, RaRecord>> = {};
  for (const [resource, { fields, ids }] of Object.entries(needs)) {
    const found = (index[resource] = new Map<string, RaRecord>());
    for (let start = 0; start < ids.length; start += EXPORT_PAGE_SIZE) {
      const { data } = await dataProvider.getMany(resource, {
        ids: ids.slice(start, start + EXPORT_PAGE_SIZE), meta: { sparseFields: ['id', ...fields] }, // labels only
      });
      for (const record of data) found.set(String(record.id), record);
    }
  }
  return index;
}
