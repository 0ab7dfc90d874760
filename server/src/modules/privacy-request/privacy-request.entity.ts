import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { FeeStatus } from './fee-status';
import { Customer } from '../customer/customer.entity';
import { Staff } from '../staff/staff.entity';

/** What the person asks for (【11】; APPI arts. 33–35). */
export enum PrivacyRequestKind {
  DISCLOSURE = 'DISCLOSURE', CORRECTION = 'CORRECTION', STOP_USE = 'STOP_USE', STOP_PROVISION = 'STOP_PROVISION',
  DELETION = 'DELETION', PROVISION_RECORD_DISCLOSURE = 'PROVISION_RECORD_DISCLOSURE',
  /** Art. 28(3): what a recipient abroad (keeping a system to the PPC's standards) does, and how the store checks it. */
  FOREIGN_MEASURES_INFO = 'FOREIGN_MEASURES_INFO',
}
/** Who asks: the person, an agent (代理人) or, for a minor, a guardian (【12】). */
export enum RequesterKind { PERSON = 'PERSON', AGENT = 'AGENT', GUARDIAN = 'GUARDIAN' }
/** The document proving an agent's or guardian's authority (委任状, 戸籍謄本, 登記事項証明書…). */
export enum AuthorityDocument {
  POWER_OF_ATTORNEY = 'POWER_OF_ATTORNEY', FAMILY_REGISTER = 'FAMILY_REGISTER',
  GUARDIANSHIP_CERTIFICATE = 'GUARDIANSHIP_CERTIFICATE', OTHER_DOCUMENT = 'OTHER_DOCUMENT',
}
/** How the requester's identity was verified. */
export enum IdentityCheck {
  ID_DOCUMENT_COPY = 'ID_DOCUMENT_COPY', ID_DOCUMENT_IN_PERSON = 'ID_DOCUMENT_IN_PERSON',
  REGISTERED_PHONE_CALLBACK = 'REGISTERED_PHONE_CALLBACK', REGISTERED_ADDRESS_MAIL = 'REGISTERED_ADDRESS_MAIL',
  REGISTERED_EMAIL_CONFIRMATION = 'REGISTERED_EMAIL_CONFIRMATION',
}
/**
 * received → verifying → in progress → completed, or refused (with a reason) from any open state. A DELETION
 * waits in AWAITING_APPROVAL between the first person's ask and a second person's decision (still open, still due).
 */
export enum PrivacyRequestStatus {
  RECEIVED = 'RECEIVED', VERIFYING = 'VERIFYING', IN_PROGRESS = 'IN_PROGRESS', AWAITING_APPROVAL = 'AWAITING_APPROVAL',
  COMPLETED = 'COMPLETED', REFUSED = 'REFUSED',
}
/** The second person's decision on an erasure asked for: approved (erased) or rejected (the data kept). */
export enum ErasureDecision { APPROVED = 'APPROVED', REJECTED = 'REJECTED' }

for (const [e, name] of [
  [PrivacyRequestKind, 'PrivacyRequestKind'], [RequesterKind, 'RequesterKind'], [AuthorityDocument, 'AuthorityDocument'],
  [IdentityCheck, 'IdentityCheck'], [PrivacyRequestStatus, 'PrivacyRequestStatus'], [ErasureDecision, 'ErasureDecision'],
] as const) registerEnumType(e, { name });

export const CLOSED_STATUSES: readonly PrivacyRequestStatus[] = [PrivacyRequestStatus.COMPLETED, PrivacyRequestStatus.REFUSED];

/** A request from a person about their data (【11】), tracked from receipt to its answer. */
@ObjectType()
@Entity({ tableName: 'privacy_request' })
export class PrivacyRequest {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  /** Null for a requester the store has no customer row for (a gift recipient, anyone else): answered by `answerPrivacyRequest`. */
  @ManyToOne(() => Customer, { nullable: true }) customer?: Customer | null;
  @Field(() => PrivacyRequestKind) @Enum({ items: () => PrivacyRequestKind }) kind!: PrivacyRequestKind;
  @Field(() => RequesterKind) @Enum({ items: () => RequesterKind }) requesterKind!: RequesterKind;
  @Field(() => String, { nullable: true, description: 'The agent or guardian (null when the person asks)' })
  @Property({ type: 'string', length: 100, nullable: true }) requesterName?: string | null;
  @Field(() => String, { nullable: true, description: 'How to answer the requester (address, e-mail, phone); required without a customer' })
  @Property({ type: 'text', nullable: true }) requesterContact?: string | null;
  @Field(() => AuthorityDocument, { nullable: true }) @Enum({ items: () => AuthorityDocument, nullable: true }) authorityDocument?: AuthorityDocument | null;
  @Field(() => IdentityCheck, { nullable: true }) @Enum({ items: () => IdentityCheck, nullable: true }) identityCheck?: IdentityCheck | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) identityVerifiedAt?: Date | null;
  @Field(() => Date) @Property({ type: 'datetime' }) receivedAt!: Date;
  @Field(() => String, { description: 'YYYY-MM-DD (Japan)' }) @Property({ type: 'date' }) dueAt!: string;
  @Field(() => PrivacyRequestStatus) @Enum({ items: () => PrivacyRequestStatus }) status: PrivacyRequestStatus = PrivacyRequestStatus.RECEIVED;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) refusalReason?: string | null;
  @Field(() => Boolean, { description: 'STOP_USE / STOP_PROVISION: lift an earlier stop instead of stopping' })
  @Property({ type: 'boolean', default: false }) liftStop: boolean = false;
  @Field(() => Int, { description: 'The fee asked (APPI art. 38), in yen; 0 when none' }) @Property({ type: 'integer', default: 0 }) feeYen: number = 0;
  @Field(() => FeeStatus) @Enum({ items: () => FeeStatus, default: FeeStatus.NONE }) feeStatus: FeeStatus = FeeStatus.NONE;
  @ManyToOne(() => Staff, { nullable: true }) handledBy?: Staff | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) completedAt?: Date | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'What was done: fields corrected, flags set, what was erased or kept' })
  @Property({ type: 'json', nullable: true }) outcome?: Record<string, unknown> | null;
  // Two-person erasure (#21, erasure.service.ts): who asked and why; who decided, how and why (never the one who asked).
  @Field(() => ID, { nullable: true, description: 'DELETION: who asked for the erasure (the first person); never its approver' })
  @Property({ fieldName: 'erasure_requested_by', type: 'integer', nullable: true }) erasureRequestedById?: number | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) erasureRequestedAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the first person asked for the erasure' })
  @Property({ type: 'text', nullable: true }) erasureRequestReason?: string | null;
  @Field(() => ErasureDecision, { nullable: true, description: 'The second person\'s decision; null while awaiting approval or never asked' })
  @Enum({ items: () => ErasureDecision, nullable: true }) erasureDecision?: ErasureDecision | null;
  @Field(() => ID, { nullable: true, description: 'Who approved or rejected the erasure (the second person)' })
  @Property({ fieldName: 'erasure_decided_by', type: 'integer', nullable: true }) erasureDecidedById?: number | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) erasureDecidedAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the second person approved or rejected the erasure' })
  @Property({ type: 'text', nullable: true }) erasureDecisionReason?: string | null;
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() }) updatedAt: Date = new Date();
}
