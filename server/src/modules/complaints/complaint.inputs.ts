import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ComplaintStatus } from './complaint-status';

@InputType()
export class ComplaintFilter {
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => ComplaintStatus, { nullable: true }) status?: ComplaintStatus;
  @Field(() => ID, { nullable: true }) ownerId?: string;
  @Field(() => Boolean, { nullable: true, description: 'Complaints about the handling of personal data (【14】)' }) aboutPrivacy?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'Open complaints past their due date' }) overdue?: boolean;
  @Field(() => Date, { nullable: true }) occurredAt_gte?: Date;
  @Field(() => Date, { nullable: true }) occurredAt_lte?: Date;
}

/** Handling of one complaint, as flat arguments; `reason` is needed to change an answer already written. */
@ArgsType()
export class UpdateComplaintArgs {
  @Field(() => ID) id!: string;
  @Field(() => ComplaintStatus, { nullable: true }) status?: ComplaintStatus;
  @Field(() => ID, { nullable: true, description: 'A SUPPORT or PRIVACY_MANAGER account' }) ownerId?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) dueDate?: string | null;
  @Field(() => String, { nullable: true, description: 'The answer sent to the customer' }) answer?: string | null;
  @Field(() => Boolean, { nullable: true }) aboutPrivacy?: boolean;
  @Field(() => String, { nullable: true }) reason?: string;
}
