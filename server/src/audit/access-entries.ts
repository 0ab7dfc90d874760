import type { SubjectAccess } from '../policy/access-recorder';
import type { TrailEntryInput } from './trail-writer';

/**
 * What one request read, as it leaves the request: who and why once, then each subject's fields and
 * each trail read. The trail's thread turns it into entries (sorting and hashing happen there, off the
 * request's event loop).
 */
export interface AccessRecord {
  who: Omit<TrailEntryInput, 'customerId' | 'clearFields' | 'maskedFields' | 'detail'>;
  subjects: [number, SubjectAccess][];
  reads: { kind: string; returned: number; filter: Record<string, unknown> }[];
}

/** One entry per data subject served (fields sorted), then one per read of the trail itself. */
export function accessEntries(r: AccessRecord): TrailEntryInput[] {
  const entries: TrailEntryInput[] = r.subjects.map(([customerId, s]) => ({
    ...r.who, customerId, clearFields: [...s.clear].sort(), maskedFields: [...s.masked].sort(), detail: {},
  }));
  for (const read of r.reads) {
    entries.push({ ...r.who, customerId: null, clearFields: [], maskedFields: [], detail: { trailRead: read.kind, returned: read.returned, filter: read.filter } });
  }
  return entries;
}
