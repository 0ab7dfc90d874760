import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/** Columns every trail entry has. */
@ObjectType()
class TrailEntryBase {
  @Field(() => ID) id!: string;
  @Field(() => Date) at!: Date;
  @Field(() => ID, { nullable: true }) staffId!: number | null;
  @Field(() => ID, { nullable: true }) apiKeyId!: number | null;
  @Field(() => String, { nullable: true }) role!: string | null;
  @Field(() => String, { nullable: true }) purpose!: string | null;
  @Field(() => String, { nullable: true }) operation!: string | null;
  @Field(() => String, { nullable: true }) requestId!: string | null;
  @Field(() => String, { nullable: true }) clientAddress!: string | null;
  @Field(() => String) hash!: string;
}

/** One request's personal read about one customer. */
@ObjectType()
export class AccessEvent extends TrailEntryBase {
  @Field(() => ID, { nullable: true }) customerId!: number | null;
  @Field(() => String, { nullable: true, description: 'sha256 of the query text' }) queryHash!: string | null;
  @Field(() => [String], { description: 'Fields served in clear about this customer' }) clearFieldsRead!: string[];
  @Field(() => [String], { description: 'Fields served masked or hidden about this customer' }) maskedFieldsRead!: string[];
  @Field(() => GraphQLJSONObject) detail!: Record<string, unknown>;
}

/** One change to a record; personal values are stored masked. */
@ObjectType()
export class ChangeEvent extends TrailEntryBase {
  @Field(() => ID, { nullable: true }) customerId!: number | null;
  @Field(() => String) entity!: string;
  @Field(() => ID) entityId!: string;
  @Field(() => String) action!: string;
  @Field(() => [String]) fields!: string[];
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) oldValues!: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) newValues!: Record<string, unknown> | null;
}

/** Logins, lockouts, API keys, refused purposes, FORBIDDEN answers. */
@ObjectType()
export class SecurityEvent extends TrailEntryBase {
  @Field(() => String) event!: string;
  @Field(() => GraphQLJSONObject) detail!: Record<string, unknown>;
}

@ObjectType()
export class TrailVerification {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int) checked!: number;
  @Field(() => ID, { nullable: true }) firstBrokenId!: number | null;
}

@ObjectType()
export class TrailHead {
  @Field(() => ID) id!: string;
  @Field(() => String) hash!: string;
  @Field(() => Date, { nullable: true }) at!: Date | null;
}
