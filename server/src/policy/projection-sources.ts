import { CustomerStatus } from '../common/enums';
import { type ComplaintDates, complaintAgeDays, complaintOverdue } from '../modules/complaints/complaint-age';

/**
 * A stored record as the projector reads it: shaped like its entity (properties by name, a many-to-one as
 * an object with its `id`). The resolvers hand it entities; the compiled read path builds it from raw rows
 * with the ORM's metadata (compiled-reads/plan.ts), so both read every field through the readers below.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- entities and raw rows alike, read by property name below
export type StoredRecord = Record<string, any>;

/** Whom a personal record is about (the customer id), and the names free text is redacted of. */
export interface Subject {
  id: number | null;
  names?: string[];
}

/** A field computed from its record rather than stored under its own name: what it reads, and how. */
export interface Derived {
  /** The record's properties it reads. */
  needs: readonly string[];
  read: (r: StoredRecord) => unknown;
}

/** How the projector reads the records of one type. */
export interface TypeSource {
  /** The data subject of a personal record (a customer id; null for none), for the trail and for masking names. */
  subject?: (r: StoredRecord) => Subject;
  /** Its free-text fields found to hold sensitive text (schema/policy/sensitive.ts). */
  sensitiveFields?: (r: StoredRecord) => readonly string[] | null | undefined;
  /**
   * The properties `subject` and `sensitiveFields` read; `relation.property` for a property of a many-to-one's
   * record (the resolvers' records carry it populated; the compiled path reads it with the row).
   */
  needs: readonly string[];
  /** Fields computed from the record; every other field reads the property of its own name. */
  derived: Readonly<Record<string, Derived>>;
}

const idOf = (relation: string): Derived => ({ needs: [relation], read: (r) => r[relation]?.id ?? null });

/**
 * The records of the customer-linked types: the one place their subject and their computed fields are
 * written (the type-graphql field resolvers of these fields call `readField`, the compiled path the same).
 */
export const SOURCES: Readonly<Record<string, TypeSource>> = {
  Customer: {
    subject: (c) => ({ id: c.id, names: [c.name, c.nameKana] }),
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
      /** An order's ship-to block is a record of its own (personal, about the order's customer). */
      shipTo: { needs: ['shipTo', 'customer'], read: (o) => ({ ...o.shipTo, subjectId: o.customer.id }) },
    },
  },
  ShipTo: {
    subject: (s) => ({ id: s.subjectId ?? null }),
    needs: ['subjectId'],
    derived: {},
  },
  Interaction: {
    // A complaint may stand without a customer (#19 item 9): the complainant's name is redacted from its text then.
    subject: (i) => ({ id: i.customer?.id ?? null, names: [i.customer?.name, i.customer?.nameKana, i.complainantName].filter(Boolean) }),
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
    subject: (p) => ({ id: p.customer?.id ?? null }),
    needs: ['customer'],
    // A request may stand without a customer row (#19 item 9): its customerId is null then.
    derived: { customerId: { needs: ['customer'], read: (p) => p.customer?.id ?? null }, handledById: idOf('handledBy') },
  },
  Consent: {
    subject: (k) => ({ id: k.customer?.id ?? null }),
    needs: ['customer'],
    derived: { customerId: { needs: ['customer'], read: (k) => k.customer.id }, live: { needs: ['withdrawnAt'], read: (k) => !k.withdrawnAt } },
  },
};

/** How `typeName.field` is read from a record: its derived reader, or the property of the same name. */
export function readerOf(typeName: string, field: string): Derived {
  const derived = SOURCES[typeName]?.derived;
  if (derived && Object.prototype.hasOwnProperty.call(derived, field)) return derived[field];
  return { needs: [field], read: (r) => r[field] };
}

/** The value of a computed field of a record (what a type-graphql field resolver of that field returns). */
export function readField(typeName: string, field: string, record: object): unknown {
  return readerOf(typeName, field).read(record as StoredRecord);
}
