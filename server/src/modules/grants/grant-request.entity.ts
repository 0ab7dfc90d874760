import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum GrantKind { STAFF_ROLE = 'STAFF_ROLE', API_KEY = 'API_KEY' }
export enum GrantStatus { PENDING = 'PENDING', APPROVED = 'APPROVED', REJECTED = 'REJECTED' }
registerEnumType(GrantKind, { name: 'GrantKind', description: 'A role (and contractor) for a staff account, or an API key' });
registerEnumType(GrantStatus, { name: 'GrantStatus' });

/**
 * A two-person grant (【10】, schema/policy powers.ts): asked by one account, in effect only once a different
 * privacy manager approves it — never the requester, never the grantee (the table's checks say so too).
 */
@ObjectType()
@Entity({ tableName: 'grant_request' })
export class GrantRequest {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @Field(() => GrantKind) @Property({ type: 'string', length: 16 }) kind!: GrantKind;
  @Field(() => ID, { nullable: true, description: 'The account granted the role (STAFF_ROLE)' })
  @Property({ type: 'integer', nullable: true, fieldName: 'staff_id' }) staffId?: number | null;
  @Field(() => ID, { nullable: true, description: 'The key made active (API_KEY)' })
  @Property({ type: 'integer', nullable: true, fieldName: 'api_key_id' }) apiKeyId?: number | null;
  @Field(() => String) @Property({ type: 'string', length: 32 }) role!: string;
  @Field(() => [String], { description: 'An API key\'s purposes' }) @Property({ type: 'text[]' }) purposes: string[] = [];
  @Field(() => ID, { nullable: true }) @Property({ type: 'integer', nullable: true, fieldName: 'contractor_id' }) contractorId?: number | null;
  @Field(() => Boolean, { description: 'Approval also reactivates the account' }) @Property({ type: 'boolean', default: false }) activates: boolean = false;
  @Field(() => GrantStatus) @Property({ type: 'string', length: 16, default: 'PENDING' }) status: GrantStatus = GrantStatus.PENDING;
  @Field(() => ID) @Property({ type: 'integer', fieldName: 'requested_by_id' }) requestedById!: number;
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) requestedAt: Date = new Date();
  @Field(() => ID, { nullable: true }) @Property({ type: 'integer', nullable: true, fieldName: 'decided_by_id' }) decidedById?: number | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) decidedAt?: Date | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 1000, nullable: true }) rejectionReason?: string | null;
}
