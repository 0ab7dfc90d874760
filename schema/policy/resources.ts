import type { PurposeKey } from './purposes';
import type { RoleKey } from './roles';
import { POWERS } from './powers';

/**
 * Which roles may read and write which resource, and how their rows are scoped. The shield map
 * (operations), the services' row filters and the admin UI's menu are derived from this.
 *
 * Row scopes (applied as SQL filters, counts included):
 * - `all`: every row the purpose allows (erased customers never; consent purposes only consenting customers).
 * - `ownContractor`: CARRIER — orders assigned to its contractor and not yet delivered.
 * - `consenting`: MAILING_HOUSE — customers with a live consent for the declared purpose.
 * - `overdueDebtors`: COLLECTION_AGENCY — overdue orders and their debtors.
 */
export type RowScope = 'all' | 'ownContractor' | 'consenting' | 'overdueDebtors';

export interface ResourceRule {
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
}

export const RESOURCES = {
  Customer: {
    read: {
      SUPPORT: 'all', FULFILLMENT: 'all', MARKETING: 'all', ACCOUNTING: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all',
      ADMIN: 'all', MAILING_HOUSE: 'consenting', COLLECTION_AGENCY: 'overdueDebtors',
    },
    create: ['SUPPORT', 'PRIVACY_MANAGER'],
    update: ['SUPPORT', 'ACCOUNTING', 'PRIVACY_MANAGER'],
    // Erasure only through a DELETION privacy request, which honours the legal retention duty (【11】).
    delete: [],
    noRowsUnder: ['STATISTICS'],
    needsPurpose: false,
  },
  Order: {
    read: {
      SUPPORT: 'all', FULFILLMENT: 'all', ACCOUNTING: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all',
      CARRIER: 'ownContractor', COLLECTION_AGENCY: 'overdueDebtors',
    },
    create: ['SUPPORT', 'PRIVACY_MANAGER'],
    update: ['SUPPORT', 'FULFILLMENT', 'ACCOUNTING', 'PRIVACY_MANAGER'],
    // Orders are transaction records under the tax-law retention duty: never deleted here.
    delete: [],
    // OVERDUE hands the customer to the collection agency (【8】): only accounting (与信管理) decides payment status.
    fieldWrites: { paymentStatus: ['ACCOUNTING'] },
    noRowsUnder: ['STATISTICS'],
    needsPurpose: false,
  },
  Interaction: {
    read: { SUPPORT: 'all', FULFILLMENT: 'all', ACCOUNTING: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all' },
    create: ['SUPPORT', 'PRIVACY_MANAGER'],
    update: ['SUPPORT', 'PRIVACY_MANAGER'],
    // Interactions are the record 【5】 promises: removed only by a DELETION privacy request.
    delete: [],
    noRowsUnder: ['STATISTICS'],
    needsPurpose: false,
  },
  Consent: {
    read: { SUPPORT: 'all', MARKETING: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all' },
    create: ['SUPPORT', 'PRIVACY_MANAGER'],
    update: ['SUPPORT', 'PRIVACY_MANAGER'],
    delete: [],
    noRowsUnder: ['STATISTICS'],
    needsPurpose: true,
  },
  Product: {
    read: {
      SUPPORT: 'all', FULFILLMENT: 'all', MARKETING: 'all', ACCOUNTING: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all',
      ADMIN: 'all', CARRIER: 'all', MAILING_HOUSE: 'all', COLLECTION_AGENCY: 'all',
    },
    create: ['ADMIN'], update: ['ADMIN'], delete: ['ADMIN'],
    needsPurpose: false,
  },
  Contractor: {
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all', ADMIN: 'all' },
    // Contractors stay on record for supervision (【8】): an agreement lapses, the row is not deleted.
    create: ['PRIVACY_MANAGER', 'ADMIN'], update: ['PRIVACY_MANAGER', 'ADMIN'], delete: [],
    needsPurpose: false,
  },
  Staff: {
    read: { ADMIN: 'all', PRIVACY_MANAGER: 'all', AUDITOR: 'all' },
    // Who manages accounts is a power (powers.ts); accounts are deactivated (active: false), never deleted: the trail names them.
    create: POWERS.manageStaff.holders, update: POWERS.manageStaff.holders, delete: [],
    needsPurpose: false,
  },
  /** The access trail (【10】【13】): the privacy manager and internal audit only, under PRIVACY_ADMINISTRATION. */
  AccessEvent: {
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: [], update: [], delete: [], needsPurpose: true,
  },
  ChangeEvent: {
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: [], update: [], delete: [], needsPurpose: true,
  },
  SecurityEvent: {
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: [], update: [], delete: [], needsPurpose: true,
  },
  /** Requests from people (【11】【12】): run by the privacy manager; its workflow actions need `update`. */
  PrivacyRequest: {
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: ['PRIVACY_MANAGER'], update: ['PRIVACY_MANAGER'], delete: [], needsPurpose: true,
  },
  /** Third-party provision records (【9】, APPI arts. 29–30): recorded, never edited, kept 3 years. */
  ProvisionRecord: {
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: ['PRIVACY_MANAGER'], update: [], delete: [], needsPurpose: true,
  },
  /** The leak incident register (APPI art. 26). */
  LeakIncident: {
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: ['PRIVACY_MANAGER'], update: ['PRIVACY_MANAGER'], delete: [], needsPurpose: true,
  },
  /** Audits (【13】): planned, run and concluded by internal audit or the privacy manager; kept, never deleted. */
  Audit: {
    read: { PRIVACY_MANAGER: 'all', AUDITOR: 'all' }, create: ['PRIVACY_MANAGER', 'AUDITOR'], update: ['PRIVACY_MANAGER', 'AUDITOR'], delete: [],
    needsPurpose: true,
  },
} as const satisfies Record<string, ResourceRule>;

export type ResourceName = keyof typeof RESOURCES;
export type Operation = 'read' | 'create' | 'update' | 'delete';

/** The row scope of `role` on `resource`, or null when it may not read it at all. */
export function readScope(resource: ResourceName, role: RoleKey): RowScope | null {
  const rule: ResourceRule = RESOURCES[resource];
  return rule.read[role] ?? null;
}

/** Whether `role` may change `field` of a `typeName` record: true unless a field-level write rule leaves it out. */
export function mayWriteField(typeName: string, field: string, role: RoleKey | undefined): boolean {
  const rule: ResourceRule | undefined = (RESOURCES as Record<string, ResourceRule>)[typeName];
  const roles = rule?.fieldWrites?.[field];
  return !roles || (role !== undefined && roles.includes(role));
}

/** Whether `role` may perform `op` on `resource` under `purpose` (null: no purpose declared). */
export function mayPerform(resource: ResourceName, op: Operation, role: RoleKey, purpose: PurposeKey | null): boolean {
  const rule: ResourceRule = RESOURCES[resource];
  if (purpose && rule.noRowsUnder?.includes(purpose)) return false;
  if (rule.needsPurpose && !purpose) return false;
  if (op === 'read') return rule.read[role] !== undefined;
  return (rule[op] as readonly RoleKey[]).includes(role);
}
