import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { ConsentPurpose, RecordSource } from '../../common/enums';
import { Customer } from '../customer/customer.entity';

/**
 * A customer's consent to one purpose; live while withdrawnAt is null. Minors also need guardian consent (【12】).
 * Its fields are personal data (consent.record): nullable, as every personal field is (HIDDEN answers null).
 */
@ObjectType()
@Entity({ tableName: 'consent' })
@Index({ properties: ['customer', 'purpose'] })
export class Consent {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @ManyToOne(() => Customer) customer!: Customer;
  @Field(() => ConsentPurpose, { nullable: true }) @Enum({ items: () => ConsentPurpose, nativeEnumName: 'consent_purpose' }) purpose!: ConsentPurpose;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime' }) grantedAt!: Date;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) withdrawnAt?: Date | null;
  @Field(() => RecordSource, { nullable: true }) @Enum({ items: () => RecordSource, nativeEnumName: 'record_source' }) source!: RecordSource;
  @Field(() => Boolean, { nullable: true }) @Property({ type: 'boolean', default: false }) guardianConsent: boolean = false;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) guardianConsentAt?: Date | null;
  /** FOREIGN_PROVISION only (APPI art. 28): the country consented to, and what the person was told first (施行規則第17条). */
  @Property({ type: 'string', length: 2, nullable: true }) country?: string | null;
  @Property({ type: 'text', nullable: true }) countryInformation?: string | null;
}
