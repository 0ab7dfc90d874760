import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Consent } from '../consent/consent.entity';
import { Contractor } from '../contractor/contractor.entity';
import { Customer } from '../customer/customer.entity';
import { Staff } from '../staff/staff.entity';

/**
 * Why a person's data may go to someone else (【9】): the person's consent, the policy's household case,
 * or one of the cases where no consent is asked (law, vital interests, public authority, entrustment).
 */
export enum ProvisionLegalBasis {
  /** 【9】1. ご本人様の同意がある場合 — a live THIRD_PARTY_PROVISION consent. */
  CONSENT = 'CONSENT',
  /** 【9】3. 同居のご家族に関して、売買契約上において当社が必要と判断した場合 */
  HOUSEHOLD_SALES_CONTRACT = 'HOUSEHOLD_SALES_CONTRACT',
  /** 【9】ただし1. 法令等により提供を求められた場合 (APPI art. 27(1)(i)) */
  LAW = 'LAW',
  /** 【9】ただし2. 人の生命・身体・財産の保護、公衆衛生、児童の健全な育成 (art. 27(1)(ii)(iii)) */
  VITAL_INTERESTS = 'VITAL_INTERESTS',
  /** 【9】ただし3. 国の機関・地方公共団体等への協力 (art. 27(1)(iv)) */
  PUBLIC_AUTHORITY = 'PUBLIC_AUTHORITY',
  /** 【9】ただし4. 委託 (art. 27(5)(i)) — the recipient must be a contractor with a live agreement. */
  ENTRUSTMENT = 'ENTRUSTMENT',
}
registerEnumType(ProvisionLegalBasis, { name: 'ProvisionLegalBasis' });

/** The ground on which data went to a recipient abroad (schema/policy/foreign-countries.ts). */
export type ForeignBasis = 'EQUIVALENT_COUNTRY' | 'SYSTEM_MEASURES' | 'CONSENT' | 'EXEMPTION';

/** One provision of a person's data to a recipient (APPI art. 29 record), kept 3 years and disclosed on request. */
@ObjectType()
@Entity({ tableName: 'provision_record' })
export class ProvisionRecord {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @ManyToOne(() => Customer) customer!: Customer;
  @Field(() => String, { description: 'The recipient (a company or public body)' }) @Property({ type: 'string', length: 200 }) recipientName!: string;
  @ManyToOne(() => Contractor, { nullable: true }) recipientContractor?: Contractor | null;
  @Field(() => [String], { description: 'Policy data category keys provided' }) @Property({ type: 'text[]' }) dataCategories: string[] = [];
  @Field(() => ProvisionLegalBasis) @Enum({ items: () => ProvisionLegalBasis }) legalBasis!: ProvisionLegalBasis;
  @Field(() => String, { nullable: true, description: 'The exemption as stated (law, article, requesting body)' })
  @Property({ type: 'text', nullable: true }) exemptionNote?: string | null;
  @ManyToOne(() => Consent, { nullable: true }) consent?: Consent | null;
  @Field(() => Date) @Property({ type: 'datetime' }) providedAt!: Date;
  @Field(() => String, { description: 'YYYY-MM-DD: kept at least until then' }) @Property({ type: 'date' }) keepUntil!: string;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country of the recipient (JP at home; APPI art. 28 otherwise)' })
  @Property({ type: 'string', length: 2, default: 'JP' }) recipientCountry: string = 'JP';
  @Field(() => String, { nullable: true, description: 'Abroad: EQUIVALENT_COUNTRY, SYSTEM_MEASURES, CONSENT or EXEMPTION (art. 28(1)); null at home' })
  @Property({ type: 'text', nullable: true }) foreignBasis?: ForeignBasis | null;
  @ManyToOne(() => Consent, { nullable: true }) foreignConsent?: Consent | null;
  @ManyToOne(() => Staff, { nullable: true }) recordedBy?: Staff | null;
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();
}
