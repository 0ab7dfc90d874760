import { CATEGORY_KEYS, type CategoryKey } from './categories';
import { SEED_POLICY } from './matrix';
import type { CompiledPolicy } from './policy-compile';
import type { PurposeKey } from './purposes';
import type { RoleKey } from './roles';
import { POWERS } from './powers';

/**
 * Which roles may read and write which resource, how each resource's rows point at a customer, and how
 * they are scoped. The shield map (operations), the services' row filters (server/src/policy/row-scope.ts)
 * and the admin UI's menu are derived from this.
 *
 * Row scopes (applied as SQL conditions, counts included, through the resource's customer link):
 * - `all`: every row the purpose allows (erased customers never; consent purposes only consenting
 *   customers; purposes that end with stop of use not the stopped).
 * - `assignedShipments`: CARRIER — orders handed to its own contractor and not yet delivered.
 * - `assignedMailings`: MAILING_HOUSE — recipients of its own contractor's open mailings for the declared purpose.
 * - `assignedCollectionCases`: COLLECTION_AGENCY — orders in its own contractor's open collection cases, and their debtors.
 * Every assignment scope also needs the contractor's agreement to be live. Anything else serves no rows.
 */
export type AssignmentScope = 'assignedShipments' | 'assignedMailings' | 'assignedCollectionCases';
export type RowScope = 'all' | AssignmentScope;

/**
 * How a resource's rows point at a customer (the row scope reaches them through it):
 * - `self`: the row is the customer.
 * - `customer`: the row has a `customer_id`.
 * - `order`: the row has an `order_id`; the order's customer and the order's own scope decide.
 * - `register`: a record about processing that names customers (the access trail, audit findings): read
 *   only with scope `all`, whatever the customer's state, so an erased customer's history stays auditable.
 * - `none`: about no customer.
 */
export type CustomerLink = 'self' | 'customer' | 'order' | 'register' | 'none';

export interface ResourceRule {
  /** The SQL table its rows live in (null: not a table of its own). */
  table: string | null;
  link: CustomerLink;
  read: Partial<Record<RoleKey, RowScope>>;
  create: readonly RoleKey[];
  update: readonly RoleKey[];
  delete: readonly RoleKey[];
  /** Purposes under which no rows of this resource are served at all (aggregates only). */
  noRowsUnder?: readonly PurposeKey[];
  /** Whether reading needs a declared purpose (true for every resource about customers). */
  needsPurpose: boolean;
  /** Fields only these roles may change, on top of `create`/`update` (a field-level write rule; others get FORBIDDEN). */
  fieldWrites?: Readonly<Record<string, readonly RoleKey[]>>;
  /**
   * The data category of the record itself: a role × purpose that has it HIDDEN neither reads nor writes
   * the resource (a consent record is needed to market under a consent, to answer the person, to administer).
   */
  recordCategory?: CategoryKey;
  /**
   * Records the law keeps after the customer's erasure (requests answered, provision records): still served,
   * pseudonymised, to the roles that administer them. Otherwise an erased customer's rows are never served.
   */
  keptAfterErasure?: boolean;
  /** Read only through its parent's relation (an order's items, an audit's findings): no list or by-id query of its own. */
  relationOnly?: boolean;
  /**
   * Rows that may stand without a customer (`customer_id` null), those where `column` equals `value`, and the
   * roles that read them (with scope `all`, under no consent purpose: nobody without a customer row consented).
   * Their personal fields are masked as any other row's. Without this, a row without a customer is never served.
   */
  withoutCustomer?: {
    column: string; value: string; readers: readonly RoleKey[];
    /**
     * Who may link such a row to the customer it turns out to be about, under which purposes: the row then follows
     * that customer's rules (scope, masking, erasure) and keeps no personal data of its own (service: complaint-link.ts).
     */
    linkers: Partial<Record<RoleKey, readonly PurposeKey[]>>;
  };
}

/** Who handles complaints (【14】): owns them, answers them, and reads complaints from people with no customer row. */
const COMPLAINT_HANDLERS = ['SUPPORT', 'PRIVACY_MANAGER'] as const satisfies readonly RoleKey[];

export const RESOURCES = {
  Customer: {
    table: 'customer', link: 'self',
    read: {
      SUPPORT: 'all', FULFILLMENT: 'all', MARKETING: 'all', ACCOUNTING: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all',
      ADMIN: 'all', MAILING_HOUSE: 'assignedMailings', COLLECTION_AGENCY: 'assignedCollectionCases',
    },
    create: ['SUPPORT', 'PRIVACY_MANAGER'],
    update: ['SUPPORT', 'ACCOUNTING', 'PRIVACY_MANAGER'],
    // Erasure only through a DELETION privacy request, which honours the legal retention duty (【11】).
    delete: [],
    noRowsUnder: ['STATISTICS'],
    needsPurpose: false,
  },
  Order: {
    table: 'order', link: 'customer',
    read: {
      SUPPORT: 'all', FULFILLMENT: 'all', ACCOUNTING: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all',
      CARRIER: 'assignedShipments', COLLECTION_AGENCY: 'assignedCollectionCases',
    },
    create: ['SUPPORT', 'PRIVACY_MANAGER'],
    update: ['SUPPORT', 'FULFILLMENT', 'ACCOUNTING', 'PRIVACY_MANAGER'],
    // Orders are transaction records under the tax-law retention duty: never deleted here.
    delete: [],
    // OVERDUE lets accounting hand the order to a collection agency (【8】): only accounting (与信管理) decides payment status.
    fieldWrites: { paymentStatus: ['ACCOUNTING'] },
    noRowsUnder: ['STATISTICS'],
    needsPurpose: false,
  },
  /** An order's lines: read only through their order (`Order.items`), with the order's scope. */
  OrderItem: {
    table: 'order_item', link: 'order', relationOnly: true,
    read: {
      SUPPORT: 'all', FULFILLMENT: 'all', ACCOUNTING: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all',
      CARRIER: 'assignedShipments', COLLECTION_AGENCY: 'assignedCollectionCases',
    },
    create: [], update: [], delete: [],
    noRowsUnder: ['STATISTICS'],
    needsPurpose: false,
  },
  Interaction: {
    table: 'interaction', link: 'customer',
    read: { SUPPORT: 'all', FULFILLMENT: 'all', ACCOUNTING: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all' },
    create: COMPLAINT_HANDLERS,
    update: COMPLAINT_HANDLERS,
    // A complaint may come from someone with no customer row (a gift recipient, #19 item 9): its handlers read it,
    // and internal audit (【13】, masked as every read of the auditor) so that no complaint escapes the audit.
    // Linked once the complainant is identified as a customer: by support while verifying who they are or answering
    // them (purposes 2, 7), by the privacy manager under its own duties (【14】).
    withoutCustomer: {
      column: 'kind', value: 'COMPLAINT', readers: [...COMPLAINT_HANDLERS, 'AUDITOR'],
      linkers: { SUPPORT: ['IDENTITY_VERIFICATION', 'INQUIRY_RESPONSE'], PRIVACY_MANAGER: ['PRIVACY_ADMINISTRATION'] },
    },
    // Interactions are the record 【5】 promises: removed only by a DELETION privacy request.
    delete: [],
    noRowsUnder: ['STATISTICS'],
    needsPurpose: false,
  },
  Consent: {
    table: 'consent', link: 'customer', recordCategory: 'consent.record',
    read: { SUPPORT: 'all', MARKETING: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all' },
    create: ['SUPPORT', 'PRIVACY_MANAGER'],
    update: ['SUPPORT', 'PRIVACY_MANAGER'],
    delete: [],
    noRowsUnder: ['STATISTICS'],
    needsPurpose: true,
  },
  Product: {
    table: 'product', link: 'none',
    read: {
      SUPPORT: 'all', FULFILLMENT: 'all', MARKETING: 'all', ACCOUNTING: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all',
      ADMIN: 'all', CARRIER: 'all', MAILING_HOUSE: 'all', COLLECTION_AGENCY: 'all',
    },
    create: ['ADMIN'], update: ['ADMIN'], delete: ['ADMIN'],
    needsPurpose: false,
  },
  Contractor: {
    table: 'contractor', link: 'none',
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all', ADMIN: 'all' },
    // Contractors stay on record for supervision (【8】): an agreement lapses, the row is not deleted.
    create: ['PRIVACY_MANAGER', 'ADMIN'], update: ['PRIVACY_MANAGER', 'ADMIN'], delete: [],
    needsPurpose: false,
  },
  Staff: {
    table: 'staff', link: 'none',
    read: { ADMIN: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all' },
    // Who manages accounts is a power (powers.ts); accounts are deactivated (active: false), never deleted: the trail names them.
    create: POWERS.manageStaff.holders, update: POWERS.manageStaff.holders, delete: [],
    needsPurpose: false,
  },
  /** The access trail (【10】【13】): the privacy manager and internal audit only, under PRIVACY_ADMINISTRATION. */
  AccessEvent: {
    table: 'trail_entry', link: 'register',
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: [], update: [], delete: [], needsPurpose: true,
  },
  ChangeEvent: {
    table: 'trail_entry', link: 'register',
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: [], update: [], delete: [], needsPurpose: true,
  },
  SecurityEvent: {
    table: 'trail_entry', link: 'register',
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: [], update: [], delete: [], needsPurpose: true,
  },
  /** Requests from people (【11】【12】): run by the privacy manager; its workflow actions need `update`. */
  PrivacyRequest: {
    table: 'privacy_request', link: 'customer', keptAfterErasure: true,
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: ['PRIVACY_MANAGER'], update: ['PRIVACY_MANAGER'], delete: [], needsPurpose: true,
  },
  /** Third-party provision records (【9】, APPI arts. 29–30): recorded, never edited, kept 3 years (after an erasure too). */
  ProvisionRecord: {
    table: 'provision_record', link: 'customer', keptAfterErasure: true,
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: ['PRIVACY_MANAGER'], update: [], delete: [], needsPurpose: true,
  },
  /** The leak incident register (APPI art. 26). */
  LeakIncident: {
    table: 'leak_incident', link: 'none',
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: ['PRIVACY_MANAGER'], update: ['PRIVACY_MANAGER'], delete: [], needsPurpose: true,
  },
  /** Audits (【13】): planned, run and concluded by internal audit or the privacy manager; kept, never deleted. */
  Audit: {
    table: 'audit', link: 'none',
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: ['PRIVACY_MANAGER', 'AUDITOR'], update: ['PRIVACY_MANAGER', 'AUDITOR'], delete: [],
    needsPurpose: true,
  },
  /** An audit's findings name the customers whose reads they are about: part of the audit, read with it. */
  AuditFinding: {
    table: 'audit_finding', link: 'register', relationOnly: true,
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: [], update: [], delete: [], needsPurpose: true,
  },
  /**
   * An overdue order handed to one collection agency (【7】【8】 委託): opened by accounting, closed when the
   * payment is settled or the case recalled. The agency reads only its own open cases.
   */
  CollectionCase: {
    table: 'collection_case', link: 'order',
    read: { ACCOUNTING: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all', COLLECTION_AGENCY: 'assignedCollectionCases' },
    create: ['ACCOUNTING'], update: ['ACCOUNTING'], delete: [],
    needsPurpose: true,
  },
  /**
   * A campaign send under one consent purpose: its recipients (customers that purpose may reach) are
   * handed to one mailing house (委託). The mailing house reads only its own open mailings.
   */
  Mailing: {
    table: 'mailing', link: 'none',
    read: { MARKETING: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all', MAILING_HOUSE: 'assignedMailings' },
    create: ['MARKETING'], update: ['MARKETING'], delete: [],
    noRowsUnder: ['STATISTICS'],
    needsPurpose: true,
  },
} as const satisfies Record<string, ResourceRule>;

export type ResourceName = keyof typeof RESOURCES;
export type Operation = 'read' | 'create' | 'update' | 'delete';

const isResource = (value: unknown): value is ResourceName => typeof value === 'string' && Object.prototype.hasOwnProperty.call(RESOURCES, value);

/** The rule of a resource, or undefined for an unknown name (callers fail closed). */
export function resourceRule(resource: unknown): ResourceRule | undefined {
  return isResource(resource) ? RESOURCES[resource] : undefined;
}

/** The row scope of `role` on `resource`, or null when it may not read it at all (unknown resource or role included). */
export function readScope(resource: ResourceName, role: RoleKey): RowScope | null {
  const rule = resourceRule(resource);
  return (rule && Object.prototype.hasOwnProperty.call(rule.read, role) ? rule.read[role] : null) ?? null;
}

/** Whether `role` may change `field` of a `typeName` record: true unless a field-level write rule leaves it out. */
export function mayWriteField(typeName: string, field: string, role: RoleKey | undefined): boolean {
  const rule: ResourceRule | undefined = (RESOURCES as Record<string, ResourceRule>)[typeName];
  const roles = rule?.fieldWrites?.[field];
  return !roles || (role !== undefined && roles.includes(role));
}

/** What the rules below ask of a policy version: the matrix (a record category HIDDEN closes its resource). */
export type VersionRules = Pick<CompiledPolicy, 'decideAccess' | 'roleMayDeclare'>;

/**
 * Whether `role` may perform `op` on `resource` under `purpose` (null: no purpose declared), under policy
 * `version` (the server passes the request's; the admin UI the version in force it loaded; the seed the docs). Unknown anything: false.
 */
export function mayPerform(resource: ResourceName, op: Operation, role: RoleKey, purpose: PurposeKey | null, version: VersionRules = SEED_POLICY): boolean {
  const rule = resourceRule(resource);
  if (!rule) return false;
  if (purpose && rule.noRowsUnder?.includes(purpose)) return false;
  if (rule.needsPurpose && !purpose) return false;
  if (rule.recordCategory && version.decideAccess(role, purpose, rule.recordCategory) === 'HIDDEN') return false;
  if (op === 'read') return readScope(resource, role) !== null;
  return ((rule[op] ?? []) as readonly RoleKey[]).includes(role);
}

/** Whether `role` under `purpose` may link a `resource` row standing without a customer to a customer. Unknown anything: false. */
export function mayLinkToCustomer(resource: ResourceName, role: unknown, purpose: unknown): boolean {
  const linkers = resourceRule(resource)?.withoutCustomer?.linkers;
  if (!linkers || typeof role !== 'string' || typeof purpose !== 'string' || !Object.prototype.hasOwnProperty.call(linkers, role)) return false;
  return !!linkers[role as RoleKey]?.includes(purpose as PurposeKey);
}

/**
 * Handing work over to a contractor (委託, 【7】【8】), one kind per assignment scope: which staff may do it
 * under which purposes, to a contractor offering which service, whose accounts then read it with that scope.
 * The data handed over (recorded in the provision register) is what the contractor role may see under the
 * purpose, within what its agreement entrusts.
 */
export interface Handover {
  /** The resource that records the assignment. */
  resource: ResourceName;
  /** Who may hand over, under which purposes. */
  by: Partial<Record<RoleKey, readonly PurposeKey[]>>;
  /** The contractor role whose accounts then read the work with this scope. */
  contractorRole: RoleKey;
  /** The contractor must offer one of these services (ContractorService). */
  services: readonly string[];
}

export const HANDOVERS: Record<AssignmentScope, Handover> = {
  assignedShipments: { resource: 'Order', by: { FULFILLMENT: ['SHIPPING'] }, contractorRole: 'CARRIER', services: ['DELIVERY'] },
  assignedCollectionCases: {
    resource: 'CollectionCase', by: { ACCOUNTING: ['CREDIT_MANAGEMENT'] }, contractorRole: 'COLLECTION_AGENCY', services: ['COLLECTION'],
  },
  assignedMailings: {
    resource: 'Mailing', by: { MARKETING: ['PROMOTION', 'SURVEY_EVENT', 'NEW_PRODUCT_INFO'] }, contractorRole: 'MAILING_HOUSE',
    services: ['DIRECT_MAIL', 'EMAIL_DELIVERY'],
  },
};

/** Whether `role` under `purpose` may hand work of this kind over to a contractor. Unknown anything: false. */
export function mayHandOver(scope: AssignmentScope, role: unknown, purpose: unknown): boolean {
  const handover = Object.prototype.hasOwnProperty.call(HANDOVERS, scope) ? HANDOVERS[scope] : undefined;
  if (!handover || typeof role !== 'string' || typeof purpose !== 'string') return false;
  const purposes = Object.prototype.hasOwnProperty.call(handover.by, role) ? handover.by[role as RoleKey] : undefined;
  return !!purposes?.includes(purpose as PurposeKey);
}

/** The data categories handed over with such work under `purpose` (and `version`): what the contractor role is shown (clear or masked). */
export function handedOverCategories(scope: AssignmentScope, purpose: PurposeKey, version: VersionRules = SEED_POLICY): CategoryKey[] {
  const handover = HANDOVERS[scope];
  return handover ? CATEGORY_KEYS.filter((c) => version.decideAccess(handover.contractorRole, purpose, c) !== 'HIDDEN') : [];
}
