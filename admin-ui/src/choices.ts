import { CATEGORY_KEYS, CONSENT_PURPOSES, PURPOSE_KEYS, ROLE_KEYS } from '../../schema/policy';

/**
 * The enum values of the API, in display order. Labels live in i18n under `mamori.enums.<name>.<VALUE>`;
 * purposes, roles and data categories come from schema/policy.
 */
export const ENUMS = {
  customerSource: ['PHONE', 'LETTER', 'FAX', 'EMAIL', 'WEB', 'IN_PERSON', 'REFERRAL'],
  customerStatus: ['ACTIVE', 'USE_STOPPED', 'ERASED'],
  gender: ['FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED'],
  orderStatus: ['PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED'],
  paymentStatus: ['PAID', 'UNPAID', 'OVERDUE'],
  channel: ['PHONE', 'LETTER', 'FAX', 'EMAIL', 'WEB', 'IN_PERSON'],
  direction: ['INBOUND', 'OUTBOUND'],
  interactionKind: ['INQUIRY', 'ORDER', 'COMPLAINT', 'PRIVACY_REQUEST', 'OTHER'],
  /** What a customer consents to: the consent purposes of 【4】, third-party provision (【9】) and cookies (【15】). */
  consentPurpose: [...CONSENT_PURPOSES, 'THIRD_PARTY_PROVISION', 'COOKIES'],
  contractorService: ['DELIVERY', 'DIRECT_MAIL', 'EMAIL_DELIVERY', 'CARD_PROCESSING', 'PHONE_FOLLOW_UP', 'COLLECTION'],
  /** A change event's action (server audit/change-trail.ts). */
  changeAction: ['CREATE', 'UPDATE', 'DELETE'],
  /** The security events the server records (server audit/security-events.ts). */
  securityEvent: [
    'LOGIN_OK', 'LOGIN_FAILED', 'LOCKOUT', 'LOGOUT', 'API_KEY_CREATED', 'API_KEY_REVOKED', 'PURPOSE_REFUSED', 'FORBIDDEN',
    'UNAUTHENTICATED',
  ],
} as const;

export type EnumName = keyof typeof ENUMS;

export interface Choice {
  id: string;
  name: string;
}

/** Choices for SelectField / SelectInput; react-admin translates the names. */
export function enumChoices(name: EnumName): Choice[] {
  return ENUMS[name].map((id) => ({ id, name: `mamori.enums.${name}.${id}` }));
}

export const purposeChoices = (keys: readonly string[] = PURPOSE_KEYS): Choice[] =>
  keys.map((id) => ({ id, name: `mamori.purposes.${id}` }));

export const roleChoices = (): Choice[] => ROLE_KEYS.map((id) => ({ id, name: `mamori.roles.${id}` }));

export const categoryChoices = (): Choice[] => CATEGORY_KEYS.map((id) => ({ id, name: `mamori.categories.${id}` }));
