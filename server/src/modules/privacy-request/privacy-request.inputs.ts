import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { CustomerFields } from '../customer/customer.inputs';
import { FeeStatus } from './fee-status';
import { AuthorityDocument, IdentityCheck, PrivacyRequestKind, PrivacyRequestStatus, RequesterKind } from './privacy-request.entity';
import { WithholdingGround } from './withholding';
import type { EntityType } from './legal-retention';
import { EntityTypeEnum } from './legal-settings';

@InputType()
export class PrivacyRequestFilter {
  @Field(() => String, { nullable: true, description: 'A customer number' }) q?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => PrivacyRequestKind, { nullable: true }) kind?: PrivacyRequestKind;
  @Field(() => PrivacyRequestStatus, { nullable: true }) status?: PrivacyRequestStatus;
  @Field(() => Boolean, { nullable: true, description: 'Only requests not yet completed or refused' }) open?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'Only open requests past their due date' }) overdue?: boolean;
}

@ArgsType()
export class CreatePrivacyRequestArgs {
  @Field(() => ID, { nullable: true, description: 'The customer the request is about; omit for a requester with no customer row (then requesterName and requesterContact)' })
  customerId?: string | null;
  @Field(() => PrivacyRequestKind) kind!: PrivacyRequestKind;
  @Field(() => String, { nullable: true, description: 'How to answer the requester; required without a customer (5–500 characters)' }) requesterContact?: string | null;
  @Field(() => RequesterKind, { nullable: true, description: 'Default PERSON' }) requesterKind?: RequesterKind;
  @Field(() => String, { nullable: true, description: 'The agent or guardian; required for them' }) requesterName?: string | null;
  @Field(() => AuthorityDocument, { nullable: true, description: 'Required for an agent or guardian' }) authorityDocument?: AuthorityDocument | null;
  @Field(() => Date, { nullable: true, description: 'When the request arrived (default now); the due date counts from it' }) receivedAt?: Date;
  @Field(() => Boolean, { nullable: true, description: 'STOP_USE / STOP_PROVISION only: lift an earlier stop' }) liftStop?: boolean;
}

@ArgsType()
export class AnswerPrivacyRequestArgs {
  @Field(() => ID) requestId!: string;
  @Field(() => String, { description: 'The answer given (2–2000 characters), e.g. that no data of the requester is held (art. 33(3))' }) answer!: string;
}

/** Moves a request along: RECEIVED → VERIFYING → IN_PROGRESS (identity verified), or REFUSED with a reason. */
@ArgsType()
export class UpdatePrivacyRequestArgs {
  @Field(() => ID) id!: string;
  @Field(() => PrivacyRequestStatus, { nullable: true, description: 'COMPLETED is reached only by fulfilling the request' }) status?: PrivacyRequestStatus;
  @Field(() => IdentityCheck, { nullable: true }) identityCheck?: IdentityCheck;
  @Field(() => String, { nullable: true, description: 'Required to refuse' }) refusalReason?: string;
  @Field(() => FeeStatus, { nullable: true, description: 'A CHARGED fee becomes PAID or WAIVED (APPI art. 38)' }) feeStatus?: FeeStatus;
}

/** The corrected values (flat, as updateCustomer takes them); the request is the reason. */
@ArgsType()
export class FulfilCorrectionArgs extends CustomerFields {
  @Field(() => ID) requestId!: string;
}

@InputType()
export class WithholdingInput {
  @Field(() => ID, { description: 'A provision record of the person' }) provisionRecordId!: string;
  @Field(() => WithholdingGround) ground!: WithholdingGround;
  @Field(() => String, { description: 'Why (2–1000 characters); recorded, and told to the person in substance' }) reason!: string;
}

@ArgsType()
export class UpdateLegalRetentionSettingsArgs {
  @Field(() => String, { nullable: true }) fiscalYearEnd?: string;
  @Field(() => EntityTypeEnum, { nullable: true }) entityType?: EntityType;
  @Field(() => [Int], { nullable: true }) lossFiscalYears?: number[];
  @Field(() => Int, { nullable: true }) filingDeadlineMonths?: number;
  @Field(() => Int, { nullable: true }) trailRetentionMonths?: number;
}

@InputType()
export class RequestFeeInput {
  @Field(() => PrivacyRequestKind) kind!: PrivacyRequestKind;
  @Field(() => Int) feeYen!: number;
}
