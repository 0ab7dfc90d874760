import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ContractorService } from '../../common/enums';

@InputType()
export class ContractorFilter {
  @Field(() => String, { nullable: true }) q?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
}

@ArgsType()
export class ContractorFields {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => [ContractorService], { nullable: true }) services?: ContractorService[];
  @Field(() => [String], { nullable: true, description: 'Policy data category keys handed over' }) dataCategories?: string[];
  @Field(() => String, { nullable: true }) agreementDate?: string | null;
  @Field(() => String, { nullable: true }) agreementExpiresAt?: string | null;
  @Field(() => String, { nullable: true }) lastReviewedAt?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country where it handles the data (default JP)' }) country?: string;
  @Field(() => Boolean, { nullable: true, description: 'Abroad: keeps a system meeting the PPC standards (施行規則第16条)' }) foreignSystemMeasures?: boolean;
  @Field(() => String, { nullable: true, description: 'Abroad: what a person asking under art. 28(3) is told of its measures (10 to 4000 characters)' })
  foreignMeasuresInfo?: string | null;
}

@ArgsType()
export class UpdateContractorArgs extends ContractorFields { @Field(() => ID) id!: string; }
