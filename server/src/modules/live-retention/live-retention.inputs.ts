import { ArgsType, Field, Int } from 'type-graphql';

@ArgsType()
export class UpdateRetentionScheduleArgs {
  @Field(() => Int, { nullable: true }) recordingsMonths?: number;
  @Field(() => Int, { nullable: true }) transcriptsMonths?: number;
  @Field(() => Int, { nullable: true }) dormantCustomerMonths?: number;
  @Field(() => Int, { nullable: true }) consentHistoryMonths?: number;
  @Field(() => Int, { nullable: true }) requesterContactMonths?: number;
  @Field(() => Int, { nullable: true }) complainantContactMonths?: number;
  @Field(() => Int, { nullable: true, description: 'Not shorter than the trail\'s retention (legal settings)' }) consentEvidenceMonths?: number;
}
