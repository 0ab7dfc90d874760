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
export class CreateConsentArgs extends ConsentFields {
  @Field(() => String, { nullable: true, description: 'FOREIGN_PROVISION only: the recipient\'s country (ISO 3166-1 alpha-2; APPI art. 28)' }) country?: string;
  @Field(() => String, { nullable: true, description: 'FOREIGN_PROVISION only: the measures the recipient takes, as told to the person (施行規則第17条第2項第3号)' })
  recipientMeasures?: string;
}

@ArgsType()
export class UpdateConsentArgs extends ConsentFields { @Field(() => ID) id!: string; }
