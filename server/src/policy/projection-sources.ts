import { CustomerStatus } from '../common/enums';
import { loginSettingsOf } from '../auth/login-settings';
import { type ComplaintDates, complaintAgeDays, complaintOverdue } from '../modules/complaints/complaint-age';
import { isOverdue, type RequestDates } from '../modules/privacy-request/overdue';

/**
 * A stored record as the projector reads it: shaped like its entity (properties by name, a many-to-one as
 * an object with its `id`). The resolvers hand it entities; the compiled read path builds it from raw rows
 * with the ORM's metadata (compiled-reads/plan.ts), so both read every field through the readers below.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- entities and raw rows alike, read by property name below
export type StoredRecord = Record<string, any>;

/** What a computed field may read besides its record: the app's settings (an account's login lock threshold). */
export type ReaderDeps = Parameters<typeof loginSettingsOf>[0];

/** A field computed from its record rather than stored under its own name: what it reads, and how. */
export interface Derived {
  /** The record's properties it reads. */
  needs: readonly string[];
  read: (r: StoredRecord, deps?: ReaderDeps) => unknown;
}

/** How the projector reads the records of one type. */
export interface TypeSource {
  /** The data subject of a personal record (a customer id; null for none), for the trail. */
  subject?: (r: StoredRecord) => number | null;
  /**
   * The names free text about the subject is redacted of (a free-text mask's input): read only for a record
   * whose projection may run that mask, so most records never build the list.
   */
  names?: (r: StoredRecord) => string[];
  /** Its free-text fields found to hold sensitive text (schema/policy/sensitive.ts). */
  sensitiveFields?: (r: StoredRecord) => readonly string[] | null | undefined;
  /**
   * The properties `subject`, `names` and `sensitiveFields` read; `relation.property` for a property of a many-to-one's
   * record (the resolvers' records carry it populated; the compiled path reads it with the row).
   */
  needs: readonly string[];
  /** Fields computed from the record; every other field reads the property of its own name. */
  derived: Readonly<Record<string, Derived>>;
}

/**
 * The ship-to record Order.shipTo reads: the order's block's properties, then `subjectId`, the id of the order's
 * `customer` (ShipTo's subject). The compiled read path builds the same record from an order's row in one literal.
 */
export const SHIP_TO_RECORD = { of: 'Order', block: 'shipTo', subjectId: 'subjectId', subjectOf: 'customer' } as const;

const idOf = (relation: string): Derived => ({ needs: [relation], read: (r) => r[relation]?.id ?? null });

/**
 * The records of the customer-linked types and of the types read with them: the one place their subject and
 * their computed fields are written (the type-graphql field resolvers of these fields call `readField`, the
 * compiled path the same).
 */
export const SOURCES: Readonly<Record<string, TypeSource>> = {
  Customer: {
    subject: (c) => c.id,
    names: (c) => [c.name, c.nameKana],
    sensitiveFields: (c) => c.sensitiveFields,
    needs: ['id', 'name', 'nameKana', 'sensitiveFields'],
    derived: {
      cardNumber: { needs: ['cardLast4'], read: (c) => c.cardLast4 ?? null },
      useStopped: { needs: ['status'], read: (c) => c.status === CustomerStatus.USE_STOPPED },
      referrerId: idOf('referrer'),
    },
  },
  Order: {
    needs: [],
    derived: {
      customerId: { needs: ['customer'], read: (o) => o.customer.id },
      carrierId: idOf('carrier'),
      // The carrier's name (a company): its record read with the order's (a resolver loads it, the compiled path a subquery).
      carrierName: { needs: ['carrier', 'carrier.name'], read: (o) => o.carrier?.name ?? null },
      /** An order's ship-to block is a record of its own (personal, about the order's customer): SHIP_TO_RECORD. */
      shipTo: { needs: [SHIP_TO_RECORD.block, SHIP_TO_RECORD.subjectOf], read: (o) => ({ ...o[SHIP_TO_RECORD.block], [SHIP_TO_RECORD.subjectId]: o[SHIP_TO_RECORD.subjectOf].id }) },
    },
  },
  ShipTo: {
    subject: (s) => s.subjectId ?? null,
    needs: ['subjectId'],
    derived: {},
  },
  Interaction: {
    // A complaint may stand without a customer (#19 item 9): the complainant's name is redacted from its text then.
    subject: (i) => i.customer?.id ?? null,
    names: (i) => [i.customer?.name, i.customer?.nameKana, i.complainantName].filter(Boolean),
    sensitiveFields: (i) => i.sensitiveFields,
    needs: ['customer', 'customer.name', 'customer.nameKana', 'complainantName', 'sensitiveFields'],
    derived: {
      customerId: idOf('customer'), orderId: idOf('order'), staffId: idOf('staff'), complaintOwnerId: idOf('complaintOwner'),
      complaintAgeDays: { needs: ['kind', 'complaintStatus', 'complaintClosedAt', 'occurredAt'], read: (i) => complaintAgeDays(i as ComplaintDates) },
      complaintOverdue: { needs: ['kind', 'complaintStatus', 'complaintDueDate'], read: (i) => complaintOverdue(i as ComplaintDates) },
    },
  },
  OrderItem: { needs: [], derived: { productId: idOf('product') } },
  PrivacyRequest: {
    subject: (p) => p.customer?.id ?? null,
    needs: ['customer'],
    // A request may stand without a customer row (#19 item 9): its customerId is null then.
    derived: {
      customerId: { needs: ['customer'], read: (p) => p.customer?.id ?? null }, handledById: idOf('handledBy'),
      overdue: { needs: ['status', 'dueAt'], read: (p) => isOverdue(p as RequestDates) },
    },
  },
  Consent: {
    subject: (k) => k.customer?.id ?? null,
    needs: ['customer'],
    derived: { customerId: { needs: ['customer'], read: (k) => k.customer.id }, live: { needs: ['withdrawnAt'], read: (k) => !k.withdrawnAt } },
  },
  Staff: {
    needs: [],
    derived: {
      contractorId: idOf('contractor'),
      // Formulas of the entity (read with the row): `mfaEnrolled` unset on an account not read from the database.
      pendingRole: { needs: ['pendingRole'], read: (s) => s.pendingRole ?? null },
      mfaEnrolled: { needs: ['mfaEnrolled'], read: (s) => s.mfaEnrolled },
      loginLocked: {
        needs: ['accountLoginFailures'],
        read: (s, deps) => {
          if (!deps) throw new Error('Staff.loginLocked is read with the app\'s login settings');
          return (s.accountLoginFailures ?? 0) >= loginSettingsOf(deps).accountLockFailures;
        },
      },
    },
  },
  CollectionCase: {
    needs: [],
    derived: {
      orderId: idOf('order'), contractorId: idOf('contractor'), openedById: idOf('openedBy'), closedById: idOf('closedBy'),
      contractorName: { needs: ['contractor', 'contractor.name'], read: (k) => k.contractor.name },
      open: { needs: ['closedAt'], read: (k) => !k.closedAt },
    },
  },
  ProvisionRecord: {
    needs: [],
    derived: {
      customerId: { needs: ['customer'], read: (r) => r.customer.id },
      recipientContractorId: idOf('recipientContractor'), consentId: idOf('consent'), recordedById: idOf('recordedBy'),
    },
  },
};

/** Whether `typeName.field` is computed from its record (else it is the record's property of the same name). */
export function isDerived(typeName: string, field: string): boolean {
  const derived = SOURCES[typeName]?.derived;
  return !!derived && Object.prototype.hasOwnProperty.call(derived, field);
}

/** How `typeName.field` is read from a record: its derived reader, or the property of the same name. */
export function readerOf(typeName: string, field: string): Derived {
  if (isDerived(typeName, field)) return SOURCES[typeName].derived[field];
  let reader = plainReaders.get(field);
  if (!reader) plainReaders.set(field, (reader = { needs: [field], read: propertyReader(field) }));
  return reader;
}

/** Readers of a property of its own name, by name (the schema's field names: a bounded set). */
const plainReaders = new Map<string, Derived>();

/**
 * `(r) => r[field]` with the name written out: a function per property, so each read keeps its own inline cache
 * (one closure for every property made each read a lookup by name: the projector reads a page's fields row by row).
 */
function propertyReader(field: string): (r: StoredRecord) => unknown {
  return new Function('r', `return r[${JSON.stringify(field)}];`) as (r: StoredRecord) => unknown;
}

/** The value of a computed field of a record (what a type-graphql field resolver of that field returns). */
export function readField(typeName: string, field: string, record: object, deps?: ReaderDeps): unknown {
  return readerOf(typeName, field).read(record as StoredRecord, deps);
}
