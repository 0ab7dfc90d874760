import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import type { RoleKey, PurposeKey } from '../../../schema/policy';
import { Staff } from '../modules/staff/staff.entity';

/** A login session: the signed token names it, logout revokes it. */
@Entity({ tableName: 'session' })
export class Session {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @ManyToOne(() => Staff) staff!: Staff;
  @Property({ type: 'integer' }) tokenVersion!: number;
  /** FULL, or the step a login still owes (auth/login-steps.ts): such a session is no actor. */
  @Property({ type: 'string', length: 16, default: 'FULL' }) stage: string = 'FULL';
  @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();
  @Property({ type: 'datetime' }) expiresAt!: Date;
  @Property({ type: 'datetime', nullable: true }) revokedAt?: Date | null;
}

/** An API key for an internal tool: a role and a fixed set of purposes; only its hash is stored. */
@ObjectType()
@Entity({ tableName: 'api_key' })
export class ApiKey {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @Field(() => String) @Property({ type: 'string', length: 100 }) name!: string;
  @Field(() => String) @Property({ type: 'string', length: 32 }) role!: RoleKey;
  @Field(() => [String]) @Property({ type: 'text[]' }) purposes: PurposeKey[] = [];
  @Field(() => String) @Property({ type: 'string', length: 16, unique: true }) prefix!: string;
  @Property({ type: 'string', length: 64, hidden: true }) secretHash!: string;
  @ManyToOne(() => Staff, { nullable: true }) createdBy?: Staff | null;
  /** Its creator's contractor: a contractor key works only while that agreement is live. */
  @Field(() => ID, { nullable: true }) @Property({ type: 'integer', nullable: true, fieldName: 'contractor_id' }) contractorId?: number | null;
  /** PENDING until a privacy manager approves it (modules/grants), ACTIVE, or REJECTED for good. */
  @Field(() => String) @Property({ type: 'string', length: 16, default: 'ACTIVE' }) status: 'PENDING' | 'ACTIVE' | 'REJECTED' = 'ACTIVE';
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();
  @Field(() => Date, { description: 'Refused from then on (UNAUTHENTICATED)' }) @Property({ type: 'datetime' }) expiresAt!: Date;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) revokedAt?: Date | null;
}
