import type { PurposeKey } from './purposes';
import type { CategoryKey } from './categories';

export interface RoleSpec {
  ja: string;
  en: string;
  /** A contractor (委託先) account: sees only its own rows. */
  contractor: boolean;
  /** The purposes this role may declare. */
  purposes: readonly PurposeKey[];
  /** The only categories this role may ever see; the rest is HIDDEN. */
  only?: readonly CategoryKey[];
  /** Every CLEAR answer becomes MASKED (the auditor). */
  clearBecomesMasked?: boolean;
}

/**
 * Back-office roles (obligations.md, "Who works in the back office").
 * `only` limits a role to some categories whatever the purpose; everything else is HIDDEN for it.
 */
export const ROLES = {
  SUPPORT: {
    ja: 'カスタマーサポート', en: 'Customer support', contractor: false,
    purposes: ['IDENTITY_VERIFICATION', 'TRANSACTION', 'AFTER_SALES', 'INQUIRY_RESPONSE', 'FAMILY_INQUIRY', 'FAMILY_IDENTIFICATION'],
  },
  FULFILLMENT: { ja: '出荷担当', en: 'Fulfilment', contractor: false, purposes: ['SHIPPING', 'TRANSACTION'] },
  MARKETING: {
    ja: 'マーケティング', en: 'Marketing', contractor: false,
    purposes: ['PROMOTION', 'SURVEY_EVENT', 'STATISTICS', 'NEW_PRODUCT_INFO'],
  },
  ACCOUNTING: { ja: '経理・与信', en: 'Accounting', contractor: false, purposes: ['TRANSACTION', 'CREDIT_MANAGEMENT'] },
  PRIVACY_MANAGER: { ja: '個人情報保護管理者', en: 'Privacy manager', contractor: false, purposes: ['PRIVACY_ADMINISTRATION'] },
  AUDITOR: { ja: '内部監査', en: 'Auditor', contractor: false, purposes: ['PRIVACY_ADMINISTRATION'], clearBecomesMasked: true },
  ADMIN: { ja: 'システム管理者', en: 'Administrator', contractor: false, purposes: [], only: [] },
  CARRIER: {
    ja: '配送業者(委託先)', en: 'Carrier (contractor)', contractor: true, purposes: ['SHIPPING'],
    only: ['contact.name', 'contact.postal', 'contact.address', 'contact.phone', 'order.shipping'],
  },
  MAILING_HOUSE: {
    ja: '発送代行(委託先)', en: 'Mailing house (contractor)', contractor: true,
    purposes: ['PROMOTION', 'SURVEY_EVENT', 'NEW_PRODUCT_INFO'],
    only: ['contact.name', 'contact.postal', 'contact.address', 'contact.email'],
  },
  COLLECTION_AGENCY: {
    ja: '債権回収会社(委託先)', en: 'Collection agency (contractor)', contractor: true, purposes: ['CREDIT_MANAGEMENT'],
    only: ['contact.name', 'contact.postal', 'contact.address', 'contact.phone', 'order.shipping'],
  },
} as const satisfies Record<string, RoleSpec>;

export type RoleKey = keyof typeof ROLES;
export const ROLE_KEYS = Object.keys(ROLES) as RoleKey[];

export function isRoleKey(value: unknown): value is RoleKey {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ROLES, value);
}

/** Whether `role` may declare `purpose`. Unknown role or purpose: false. */
export function roleMayDeclare(role: unknown, purpose: unknown): boolean {
  if (!isRoleKey(role)) return false;
  return (ROLES[role].purposes as readonly string[]).includes(purpose as string);
}

export function roleSpec(role: RoleKey): RoleSpec {
  return ROLES[role];
}
