import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { ContractorService } from '../../common/enums';

/** A contractor (委託先, 【7】【8】): what it does, what data it receives, and its supervision dates. */
@ObjectType()
@Entity({ tableName: 'contractor' })
export class Contractor {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @Field(() => String) @Property({ type: 'string', length: 200 }) name!: string;
  @Field(() => [ContractorService]) @Property({ type: 'text[]' }) services: ContractorService[] = [];
  @Field(() => [String]) @Property({ type: 'text[]' }) dataCategories: string[] = [];
  @Field(() => String, { nullable: true }) @Property({ type: 'date', nullable: true }) agreementDate?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'date', nullable: true }) agreementExpiresAt?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'date', nullable: true }) lastReviewedAt?: string | null;
  @Field(() => String, { description: 'Where it handles the data (ISO 3166-1 alpha-2; APPI art. 28 when not JP)' })
  @Property({ type: 'string', length: 2, default: 'JP' }) country: string = 'JP';
  @Field(() => Boolean, { description: 'Abroad: keeps a system meeting the PPC standards (施行規則第16条), so entrustment needs no consent (art. 28(1))' })
  @Property({ type: 'boolean', default: false }) foreignSystemMeasures: boolean = false;
  @Field(() => String, { nullable: true, description: 'Abroad: how its system was set up (e.g. the contract), the measures it takes, how and how often the store checks them, '
    + 'and anything in its country that may hinder them — told to a person who asks (APPI art. 28(3), 施行規則第18条)' })
  @Property({ type: 'text', nullable: true }) foreignMeasuresInfo?: string | null;
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();
}
