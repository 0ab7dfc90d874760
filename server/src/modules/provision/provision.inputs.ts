import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ProvisionLegalBasis } from './provision-record.entity';

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
}
