import { registerEnumType } from 'type-graphql';

/** How a customer record was obtained (【2】). */
export enum RecordSource { PHONE = 'PHONE', LETTER = 'LETTER', FAX = 'FAX', EMAIL = 'EMAIL', WEB = 'WEB', IN_PERSON = 'IN_PERSON', REFERRAL = 'REFERRAL' }
export enum CustomerStatus { ACTIVE = 'ACTIVE', USE_STOPPED = 'USE_STOPPED', ERASED = 'ERASED' }
export enum Gender { FEMALE = 'FEMALE', MALE = 'MALE', OTHER = 'OTHER', UNDISCLOSED = 'UNDISCLOSED' }
export enum OrderStatus { PLACED = 'PLACED', SHIPPED = 'SHIPPED', DELIVERED = 'DELIVERED', CANCELLED = 'CANCELLED', RETURNED = 'RETURNED' }
export enum PaymentStatus { PAID = 'PAID', UNPAID = 'UNPAID', OVERDUE = 'OVERDUE' }
/** Channels of an interaction (【5】). */
export enum Channel { PHONE = 'PHONE', LETTER = 'LETTER', FAX = 'FAX', EMAIL = 'EMAIL', WEB = 'WEB', IN_PERSON = 'IN_PERSON' }
export enum Direction { INBOUND = 'INBOUND', OUTBOUND = 'OUTBOUND' }
export enum InteractionKind { INQUIRY = 'INQUIRY', ORDER = 'ORDER', COMPLAINT = 'COMPLAINT', PRIVACY_REQUEST = 'PRIVACY_REQUEST', OTHER = 'OTHER' }
export enum ConsentPurpose { PROMOTION = 'PROMOTION', SURVEY_EVENT = 'SURVEY_EVENT', NEW_PRODUCT_INFO = 'NEW_PRODUCT_INFO', THIRD_PARTY_PROVISION = 'THIRD_PARTY_PROVISION', COOKIES = 'COOKIES', SENSITIVE_INFORMATION = 'SENSITIVE_INFORMATION', FOREIGN_PROVISION = 'FOREIGN_PROVISION' }
export enum ContractorService { DELIVERY = 'DELIVERY', DIRECT_MAIL = 'DIRECT_MAIL', EMAIL_DELIVERY = 'EMAIL_DELIVERY', CARD_PROCESSING = 'CARD_PROCESSING', PHONE_FOLLOW_UP = 'PHONE_FOLLOW_UP', COLLECTION = 'COLLECTION' }

for (const [e, name] of [
  [RecordSource, 'RecordSource'], [CustomerStatus, 'CustomerStatus'], [Gender, 'Gender'], [OrderStatus, 'OrderStatus'],
  [PaymentStatus, 'PaymentStatus'], [Channel, 'Channel'], [Direction, 'Direction'], [InteractionKind, 'InteractionKind'],
  [ConsentPurpose, 'ConsentPurpose'], [ContractorService, 'ContractorService'],
] as const) registerEnumType(e, { name });
