import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Staff } from '../staff/staff.entity';

/** A leak, loss or damage of personal data (漏えい等, APPI art. 26), with its report deadlines. */
@ObjectType()
@Entity({ tableName: 'leak_incident' })
export class LeakIncident {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @Field(() => String) @Property({ type: 'string', length: 200 }) title!: string;
  @Field(() => String, { nullable: true, description: 'What happened (no personal data here)' }) @Property({ type: 'text', nullable: true }) summary?: string | null;
  @Field(() => Date, { description: 'When the store became aware: the report deadlines count from it' }) @Property({ type: 'datetime' }) discoveredAt!: Date;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) occurredAt?: Date | null;
  @Field(() => [String], { description: 'Policy data category keys affected' }) @Property({ type: 'text[]' }) dataCategories: string[] = [];
  @Field(() => Int) @Property({ type: 'integer' }) peopleAffected!: number;
  @Field(() => Boolean) @Property({ type: 'boolean', default: false }) involvesCardData: boolean = false;
  @Field(() => Boolean, { description: 'Special care-required personal information (要配慮個人情報)' }) @Property({ type: 'boolean', default: false }) involvesSensitiveData: boolean = false;
  @Field(() => Boolean, { description: 'Possibly done with malicious intent (不正の目的): final report within 60 days' }) @Property({ type: 'boolean', default: false }) maliciousIntent: boolean = false;
  @Field(() => Boolean, { description: 'Financial harm possible (card data implies it)' }) @Property({ type: 'boolean', default: false }) financialHarmPossible: boolean = false;
  @Field(() => Boolean, { description: 'Must be reported to the PPC and the people notified (APPI art. 26)' }) @Property({ type: 'boolean' }) reportable!: boolean;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD (速報); null when not reportable' }) @Property({ type: 'date', nullable: true }) preliminaryReportDue?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD (確報); null when not reportable' }) @Property({ type: 'date', nullable: true }) finalReportDue?: string | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) preliminaryReportedAt?: Date | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) finalReportedAt?: Date | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) peopleNotifiedAt?: Date | null;
  @Field(() => Int, { nullable: true }) @Property({ type: 'integer', nullable: true }) peopleNotifiedCount?: number | null;
  @Field(() => String, { nullable: true, description: '原因 (PPC rules art. 8; no personal data here)' }) @Property({ type: 'text', nullable: true }) cause?: string | null;
  @Field(() => String, { nullable: true, description: '二次被害又はそのおそれの有無及びその内容 (PPC rules art. 8; no personal data here)' }) @Property({ type: 'text', nullable: true }) secondaryHarm?: string | null;
  @Field(() => String, { nullable: true, description: '本人への対応の実施状況 (PPC rules art. 8; no personal data here)' }) @Property({ type: 'text', nullable: true }) responseToPeople?: string | null;
  @Field(() => String, { nullable: true, description: '公表の実施状況 (PPC rules art. 8; no personal data here)' }) @Property({ type: 'text', nullable: true }) publication?: string | null;
  @Field(() => String, { nullable: true, description: '再発防止のための措置 (PPC rules art. 8; no personal data here)' }) @Property({ type: 'text', nullable: true }) prevention?: string | null;
  @Field(() => String, { nullable: true, description: 'その他参考となる事項 (PPC rules art. 8; no personal data here)' }) @Property({ type: 'text', nullable: true }) otherNotes?: string | null;
  @Field(() => Boolean, { description: 'The people are told by a public notice instead of one by one (where they cannot be reached)' })
  @Property({ type: 'boolean', default: false }) publicNoticeInstead: boolean = false;
  @ManyToOne(() => Staff, { nullable: true }) recordedBy?: Staff | null;
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() }) updatedAt: Date = new Date();
}
