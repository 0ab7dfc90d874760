import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { CustomerStatus, Gender, RecordSource } from '../../common/enums';

@InputType()
export class CustomerFilter {
  @Field(() => String, { nullable: true }) q?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => String, { nullable: true }) customerNumber?: string;
  @Field(() => CustomerStatus, { nullable: true }) status?: CustomerStatus;
  @Field(() => RecordSource, { nullable: true }) source?: RecordSource;
  @Field(() => String, { nullable: true }) prefecture?: string;
  @Field(() => String, { nullable: true }) postalCode?: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true, description: 'Prefix of the katakana reading' }) nameKana?: string;
  @Field(() => String, { nullable: true }) householdId?: string;
  @Field(() => Date, { nullable: true }) createdAt_gte?: Date;
  @Field(() => Date, { nullable: true }) createdAt_lte?: Date;
}

/** The writable fields of a customer (flat arguments, as ra-data-graphql-simple sends them). */
@ArgsType()
export class CustomerFields {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) nameKana?: string;
  @Field(() => String, { nullable: true }) postalCode?: string;
  @Field(() => String, { nullable: true }) prefecture?: string;
  @Field(() => String, { nullable: true }) city?: string;
  @Field(() => String, { nullable: true }) addressLine?: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true }) birthDate?: string | null;
  @Field(() => Gender, { nullable: true }) gender?: Gender | null;
  @Field(() => String, { nullable: true }) lifestyle?: string | null;
  @Field(() => String, { nullable: true }) occupation?: string | null;
  @Field(() => String, { nullable: true }) cardBrand?: string | null;
  @Field(() => String, { nullable: true, description: 'Last 4 digits only; a full card number is refused' }) cardLast4?: string | null;
  @Field(() => String, { nullable: true, description: 'MM/YY' }) cardExpiry?: string | null;
  @Field(() => RecordSource, { nullable: true }) source?: RecordSource;
  @Field(() => ID, { nullable: true }) referrerId?: string | null;
  @Field(() => String, { nullable: true }) householdId?: string | null;
  @Field(() => String, { nullable: true, description: 'Why a personal field is changed: required for any change to one' }) reason?: string;
}

@ArgsType()
export class UpdateCustomerArgs extends CustomerFields {
  @Field(() => ID) id!: string;
}
