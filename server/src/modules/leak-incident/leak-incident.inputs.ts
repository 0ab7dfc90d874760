import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class LeakIncidentFilter {
  @Field(() => String, { nullable: true, description: 'Part of the title' }) q?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => Boolean, { nullable: true }) reportable?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'Only incidents with a report past its due date' }) overdue?: boolean;
}

@ArgsType()
export class LeakIncidentFields {
  @Field(() => String, { nullable: true }) title?: string;
  @Field(() => String, { nullable: true }) summary?: string | null;
  @Field(() => Date, { nullable: true }) discoveredAt?: Date;
  @Field(() => Date, { nullable: true }) occurredAt?: Date | null;
  @Field(() => [String], { nullable: true }) dataCategories?: string[];
  @Field(() => Int, { nullable: true }) peopleAffected?: number;
  @Field(() => Boolean, { nullable: true }) involvesCardData?: boolean;
  @Field(() => Boolean, { nullable: true }) involvesSensitiveData?: boolean;
  @Field(() => Boolean, { nullable: true }) maliciousIntent?: boolean;
  @Field(() => Boolean, { nullable: true }) financialHarmPossible?: boolean;
  @Field(() => Date, { nullable: true }) preliminaryReportedAt?: Date | null;
  @Field(() => Date, { nullable: true }) finalReportedAt?: Date | null;
  @Field(() => Date, { nullable: true }) peopleNotifiedAt?: Date | null;
  @Field(() => Int, { nullable: true }) peopleNotifiedCount?: number | null;
  @Field(() => String, { nullable: true }) cause?: string | null;
  @Field(() => String, { nullable: true }) secondaryHarm?: string | null;
  @Field(() => String, { nullable: true }) responseToPeople?: string | null;
  @Field(() => String, { nullable: true }) publication?: string | null;
  @Field(() => String, { nullable: true }) prevention?: string | null;
  @Field(() => String, { nullable: true }) otherNotes?: string | null;
  @Field(() => Boolean, { nullable: true }) publicNoticeInstead?: boolean;
}

@ArgsType()
export class UpdateLeakIncidentArgs extends LeakIncidentFields {
  @Field(() => ID) id!: string;
}

@ArgsType()
export class LinkFromTrailArgs {
  @Field(() => ID) incidentId!: string;
  @Field(() => ID, { nullable: true, description: 'The staff account whose reads leaked' }) staffId?: string;
  @Field(() => ID, { nullable: true, description: '…or the API key' }) apiKeyId?: string;
  @Field(() => Date) from!: Date;
  @Field(() => Date) to!: Date;
}
