import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { CustomerStatus, Gender, RecordSource } from '../../common/enums';

/**
 * A customer (【3】). Entity and GraphQL type in one class; the card token has no @Field and is hidden.
 * Personal fields are masked by the policy middleware from schema/policy/fields.ts, whatever the path.
 */
@ObjectType()
@Entity({ tableName: 'customer' })
export class Customer {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;

  @Field(() => String) @Property({ type: 'string', length: 16, unique: true }) customerNumber!: string;

  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 100 }) name!: string;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 100 }) nameKana!: string;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 8 }) postalCode!: string;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 4 }) prefecture!: string;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 100 }) city!: string;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 200 }) addressLine!: string;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 20 }) phone!: string;
  /** Digits only, for search; never exposed. */
  @Index() @Property({ type: 'string', length: 15, hidden: true }) phoneDigits!: string;
  @Field(() => String, { nullable: true }) @Index() @Property({ type: 'string', length: 254 }) email!: string;
  @Field(() => String, { nullable: true }) @Property({ type: 'date', nullable: true }) birthDate?: string | null;
  @Field(() => Gender, { nullable: true }) @Enum({ items: () => Gender, nativeEnumName: 'gender', nullable: true }) gender?: Gender | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) lifestyle?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) occupation?: string | null;
  /** Free-text fields found to hold sensitive information (modules/sensitive): no GraphQL field, the policy reads it. */
  @Property({ type: 'text[]', defaultRaw: `'{}'` }) sensitiveFields: string[] = [];
  @Property({ type: 'datetime', nullable: true }) sensitiveDetectedAt?: Date | null;

  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 20, nullable: true }) cardBrand?: string | null;
  @Property({ type: 'string', length: 4, nullable: true }) cardLast4?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 5, nullable: true }) cardExpiry?: string | null;
  /** The payment processor's token: a secret, never exposed. */
  @Property({ type: 'string', length: 64, nullable: true, hidden: true, lazy: true }) cardToken?: string | null;

  @Field(() => RecordSource) @Enum({ items: () => RecordSource, nativeEnumName: 'record_source' }) source!: RecordSource;
  @ManyToOne(() => Customer, { nullable: true }) referrer?: Customer | null;
  @Field(() => String, { nullable: true }) @Index() @Property({ type: 'string', length: 16, nullable: true }) householdId?: string | null;
  @Field(() => CustomerStatus) @Enum({ items: () => CustomerStatus, nativeEnumName: 'customer_status', default: CustomerStatus.ACTIVE }) status: CustomerStatus = CustomerStatus.ACTIVE;
  @Field(() => Boolean) @Property({ type: 'boolean', default: false }) provisionStopped: boolean = false;

  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() }) updatedAt: Date = new Date();
}
