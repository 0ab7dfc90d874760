import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConsentPurpose } from '../../common/enums';
import { Contractor } from '../contractor/contractor.entity';
import { Staff } from '../staff/staff.entity';

/** DRAFT (recipients being chosen) → HANDED_OVER (the mailing house works on it) → SENT; or CANCELLED. */
export enum MailingStatus { DRAFT = 'DRAFT', HANDED_OVER = 'HANDED_OVER', SENT = 'SENT', CANCELLED = 'CANCELLED' }
registerEnumType(MailingStatus, { name: 'MailingStatus' });

/**
 * A campaign send under one consent purpose (【4】(5)(6)(11)). Its recipients (table mailing_recipient) are
 * customers that purpose may reach; it is handed to one mailing house (委託, 【7】), whose accounts read those
 * recipients while it is HANDED_OVER, the agreement is live and each recipient's consent still stands.
 */
@ObjectType()
@Entity({ tableName: 'mailing' })
export class Mailing {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @Field(() => String) @Property({ type: 'string', length: 200 }) name!: string;
  @Field(() => ConsentPurpose) @Enum({ items: () => ConsentPurpose }) purpose!: ConsentPurpose;
  @Field(() => MailingStatus) @Enum({ items: () => MailingStatus }) status: MailingStatus = MailingStatus.DRAFT;
  @ManyToOne(() => Contractor, { nullable: true }) contractor?: Contractor | null;
  @ManyToOne(() => Staff, { nullable: true }) createdBy?: Staff | null;
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();
  @ManyToOne(() => Staff, { nullable: true }) handedOverBy?: Staff | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) handedOverAt?: Date | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) closedAt?: Date | null;
}
