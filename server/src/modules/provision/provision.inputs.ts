import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ProvisionLegalBasis } from './provision-record.entity';
import { FamilyRelationship } from './family-inquiry';

@InputType()
export class ProvisionRecordFilter {
  @Field(() => String, { nullable: true, description: 'Part of the recipient name' }) q?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => ID, { nullable: true }) recipientContractorId?: string;
  @Field(() => ProvisionLegalBasis, { nullable: true }) legalBasis?: ProvisionLegalBasis;
  @Field(() => Date, { nullable: true }) providedAt_gte?: Date;
  @Field(() => Date, { nullable: true }) providedAt_lte?: Date;
}

@ArgsType()
export class CreateProvisionRecordArgs {
  @Field(() => ID) customerId!: string;
  @Field(() => String, { nullable: true, description: 'Defaults to the contractor\'s name when recipientContractorId is given' }) recipientName?: string;
  @Field(() => ID, { nullable: true, description: 'When the recipient is a contractor (委託先)' }) recipientContractorId?: string;
  @Field(() => [String], { description: 'Policy data category keys provided' }) dataCategories!: string[];
  @Field(() => ProvisionLegalBasis) legalBasis!: ProvisionLegalBasis;
  @Field(() => String, { nullable: true, description: 'Required for an exemption: the law and article, or the requesting body' }) exemptionNote?: string;
  @Field(() => Date, { nullable: true, description: 'Default now' }) providedAt?: Date;
  @Field(() => String, { nullable: true, description: 'The recipient\'s country, ISO 3166-1 alpha-2 (default: the contractor\'s, else JP)' }) recipientCountry?: string;
}

@ArgsType()
export class FamilyInquiryArgs {
  @Field(() => ID, { description: 'The customer asked about' }) customerId!: string;
  @Field(() => ID, { nullable: true, description: 'One order asked about (default: the customer\'s latest five)' }) orderId?: string;
  @Field(() => String, { description: 'Who asks (recorded as the recipient of the provision)' }) inquirerName!: string;
  @Field(() => FamilyRelationship) relationship!: FamilyRelationship;
  @Field(() => Boolean, { description: 'Lives with the customer (【9】3 applies only to family living together)' }) sameHousehold!: boolean;
}
