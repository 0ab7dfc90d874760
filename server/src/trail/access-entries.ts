import type { SubjectAccess } from '../policy/access-recorder';
import type { TrailEntryInput } from './trail-writer';

/**
 * What one request read, as it leaves the request: who and why once, then each subject's fields and
 * each trail read. The trail writer turns it into entries (`accessEntries`).
 */
export interface AccessRecord {
  who: Omit<TrailEntryInput, 'customerId' | 'moreCustomerIds' | 'clearFields' | 'maskedFields' | 'detail'>;
  /** Each subject's fields, in the order served: the request's recorder's own map (no copy), or pairs. */
  subjects: ReadonlyMap<number, SubjectAccess> | readonly (readonly [number, SubjectAccess])[];
  reads: { kind: string; returned: number; filter: Record<string, unknown> }[];
}

/** At most this many subjects share one record (bounds a record's id range: readers look ids up by it). */
export const MAX_SUBJECTS_PER_RECORD = 1_000;

/**
 * One entry per data subject served (fields sorted), then one per read of the trail itself, in canonical order
 * (`inCanonicalOrder`). The subjects of one request served with the same fields share one record (one row and
 * one hash, one entry id each), consecutive or not: records come in the order of their first subject, each
 * record's subjects in the order served. A page of customers under one purpose is one row, not one per
 * customer — with their last orders two (customers with orders and without), not one per change between them.
 */
export function accessEntries(r: AccessRecord): TrailEntryInput[] {
  const records = new Records(r.who);
  // The recorder's map is walked by its own forEach (a pair per subject otherwise), with no closure made per request.
  if (r.subjects instanceof Map) r.subjects.forEach(records.add, records);
  else for (const [customerId, s] of r.subjects) records.add(s, customerId);
  const entries = records.entries;
  for (const e of entries) if (!e.moreCustomerIds?.length) delete e.moreCustomerIds;
  for (const read of inCanonicalOrder(r.reads)) {
    entries.push(entryOf(r.who, null, [], [], { trailRead: read.kind, returned: read.returned, filter: read.filter }));
  }
  return entries;
}

type Run = { entry: TrailEntryInput; more: number[] };

/** A request's records as its subjects are added, in the order served (accessEntries). */
class Records {
  readonly entries: TrailEntryInput[] = [];
  /** The open record of each field set (a full one is followed by a new one, after the records made so far). */
  private readonly runs = new Map<string, Run>();
  // Subjects of one list mostly have the fields of the subject before them: their sorted lists are reused.
  // A shared set's lists are kept (sortedFieldsOf): looking them up is cheaper than comparing two sets.
  private previous: SubjectAccess | null = null;
  private sorted: SortedFields = { clearFields: [], maskedFields: [], key: '' };
  /** The open record of the previous subject's fields. */
  private run: Run | null = null;

  constructor(private readonly who: AccessRecord['who']) {}

  add(s: SubjectAccess, customerId: number): void {
    const previous = this.previous;
    let run = s === previous ? this.run : null;
    if (!run) {
      if (s !== previous && (!previous || s.shared || previous.shared || !sameFields(previous, s))) this.sorted = sortedFieldsOf(s);
      this.previous = s;
      run = this.runs.get(this.sorted.key) ?? null;
    }
    if (run && run.more.length + 1 < MAX_SUBJECTS_PER_RECORD) {
      run.more.push(customerId);
    } else {
      const { clearFields, maskedFields, key } = this.sorted;
      run = { entry: entryOf(this.who, customerId, [...clearFields], [...maskedFields], {}), more: [] };
      run.entry.moreCustomerIds = run.more;
      this.runs.set(key, run);
      this.entries.push(run.entry);
    }
    this.run = run;
  }
}

type TrailRead = AccessRecord['reads'][number];

/**
 * Reads of the trail by kind, customer, filter and rows returned, never in the order they ran: that order is the
 * executor's batching (graphql-js's loader cache answers some customers a batch before the others), not the request's.
 */
export function inCanonicalOrder(reads: readonly TrailRead[]): TrailRead[] {
  if (reads.length < 2) return [...reads];
  const keyed = reads.map((read) => {
    const customer = Number(read.filter.customerId);
    return { read, customer: Number.isFinite(customer) ? customer : -1, filter: sortedJson(read.filter) };
  });
  keyed.sort((a, b) => compare(a.read.kind, b.read.kind) || a.customer - b.customer || compare(a.filter, b.filter) || a.read.returned - b.read.returned);
  return keyed.map((k) => k.read);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** JSON with every object's keys sorted: a filter's keys in any order (jsonb stores them in an order of its own) compare alike. */
const sortedJson = (value: unknown) => JSON.stringify(value, (_, v: unknown) =>
  (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => compare(a, b))) : v));

/**
 * An entry with its properties written out: spreading `who` into each entry cost ~10 µs a page (measured:
 * accessEntries was 2.6 % of a compiled list read's main thread, 0.1 % without the spread).
 */
function entryOf(who: AccessRecord['who'], customerId: number | null, clearFields: string[], maskedFields: string[], detail: Record<string, unknown>): TrailEntryInput {
  return {
    kind: who.kind, staffId: who.staffId, apiKeyId: who.apiKeyId, role: who.role, purpose: who.purpose, operation: who.operation,
    queryHash: who.queryHash, requestId: who.requestId, clientAddress: who.clientAddress, policyVersion: who.policyVersion, customerId, clearFields, maskedFields, detail,
  };
}

type SortedFields = { clearFields: string[]; maskedFields: string[]; key: string };

/** Sorted lists of shared field sets, which never change (a compiled page's rows share a few, request after request). */
const sortedShared = new WeakMap<SubjectAccess, SortedFields>();

function sortedFieldsOf(s: SubjectAccess): SortedFields {
  let sorted = s.shared ? sortedShared.get(s) : undefined;
  if (!sorted) {
    const clear = [...s.clear].sort();
    const masked = [...s.masked].sort();
    sorted = { clearFields: clear, maskedFields: masked, key: `${clear.join(',')}|${masked.join(',')}` };
    if (s.shared) sortedShared.set(s, sorted);
  }
  return sorted;
}

/** The same clear and the same masked fields (in any order). */
function sameFields(a: SubjectAccess, b: SubjectAccess): boolean {
  if (a === b) return true;
  if (a.clear.size !== b.clear.size || a.masked.size !== b.masked.size) return false;
  for (const f of b.clear) if (!a.clear.has(f)) return false;
  for (const f of b.masked) if (!a.masked.has(f)) return false;
  return true;
}

/** Where a request's access record goes (the trail writer; the bench's baseline injects one that keeps nothing). */
export interface AccessTrailSink {
  appendAccess(record: AccessRecord): Promise<void>;
}
