import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConsentPurpose } from '../../common/enums';
import { MailingStatus } from './mailing.entity';

@InputType()
export class MailingFilter {
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => MailingStatus, { nullable: true }) status?: MailingStatus;
  @Field(() => ConsentPurpose, { nullable: true }) purpose?: ConsentPurpose;
}

@ArgsType()
export class CreateMailingArgs {
  @Field(() => String) name!: string;
  @Field(() => ConsentPurpose, { description: 'The consent purpose declared for this request (X-Purpose)' }) purpose!: ConsentPurpose;
}

@ArgsType()
export class UpdateMailingArgs {
  @Field(() => ID) id!: string;
  @Field(() => MailingStatus, { nullable: true, description: 'SENT or CANCELLED (HANDED_OVER only by handOverMailing)' }) status?: MailingStatus;
}
