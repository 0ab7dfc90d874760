import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConsentPurpose, RecordSource } from '../../common/enums';

@InputType()
export class ConsentFilter {
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => ConsentPurpose, { nullable: true }) purpose?: ConsentPurpose;
  @Field(() => Boolean, { nullable: true, description: 'Only consents not withdrawn' }) live?: boolean;
}

@ArgsType()
export class ConsentFields {
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => ConsentPurpose, { nullable: true }) purpose?: ConsentPurpose;
  @Field(() => RecordSource, { nullable: true }) source?: RecordSource;
  @Field(() => Boolean, { nullable: true }) guardianConsent?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'true withdraws the consent (it cannot be revived: grant a new one)' }) withdrawn?: boolean;
}

@ArgsType()
export class UpdateConsentArgs extends ConsentFields { @Field(() => ID) id!: string; }
