import { ArgsType, Field, ID, InputType } from 'type-graphql';

@InputType()
export class StaffFilter {
  @Field(() => String, { nullable: true }) q?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => String, { nullable: true }) role?: string;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
}

/** What may be asked of an account. No password: its owner sets it through a one-time link (auth/password-reset.ts). */
@ArgsType()
export class StaffFields {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true, description: 'A two-person role (schema/policy TWO_PERSON_ROLES) waits for a privacy manager\'s approval' }) role?: string;
  @Field(() => ID, { nullable: true }) contractorId?: string | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
}

@ArgsType()
export class UpdateStaffArgs extends StaffFields { @Field(() => ID) id!: string; }
