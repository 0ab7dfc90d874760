import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Channel, Direction, InteractionKind } from '../../common/enums';
import { ComplaintStatus } from '../complaints/complaint-status';
import { Customer } from '../customer/customer.entity';
import { Order } from '../order/order.entity';
import { Staff } from '../staff/staff.entity';

/** Every exchange with a customer (【5】), text and/or audio, linked to customer and order. */
@ObjectType()
@Entity({ tableName: 'interaction' })
@Index({ properties: ['customer', 'occurredAt'] })
export class Interaction {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  /** Null only for a complaint from someone with no customer row (a gift recipient): the complainant fields say who. */
  @ManyToOne(() => Customer, { nullable: true }) customer?: Customer | null;
  @Index() @ManyToOne(() => Order, { nullable: true }) order?: Order | null;
  @Field(() => Channel) @Enum({ items: () => Channel, nativeEnumName: 'channel' }) channel!: Channel;
  @Field(() => Direction) @Enum({ items: () => Direction, nativeEnumName: 'direction' }) direction!: Direction;
  @Field(() => InteractionKind) @Enum({ items: () => InteractionKind, nativeEnumName: 'interaction_kind' }) kind!: InteractionKind;
  @ManyToOne(() => Staff, { nullable: true }) staff?: Staff | null;
  @Field(() => Date) @Property({ type: 'datetime' }) occurredAt!: Date;
  @Field(() => String, { nullable: true }) @Property({ type: 'text' }) summary!: string;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) transcript?: string | null;
  /** Free-text fields found to hold sensitive information (modules/sensitive): no GraphQL field, the policy reads it. */
  @Property({ type: 'text[]', defaultRaw: `'{}'` }) sensitiveFields: string[] = [];
  @Property({ type: 'datetime', nullable: true }) sensitiveDetectedAt?: Date | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 200, nullable: true }) recordingKey?: string | null;
  @Field(() => Int, { nullable: true }) @Property({ type: 'integer', nullable: true }) recordingDurationSec?: number | null;
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();

  // Complaint handling (【14】): set on kind COMPLAINT only (a trigger opens every new complaint).
  @Field(() => ComplaintStatus, { nullable: true }) @Enum({ items: () => ComplaintStatus, nativeEnumName: 'complaint_status', nullable: true,
    onCreate: (i: Partial<Interaction>) => i.complaintStatus ?? (i.kind === InteractionKind.COMPLAINT ? ComplaintStatus.OPEN : null) }) complaintStatus?: ComplaintStatus | null;
  @ManyToOne(() => Staff, { nullable: true }) complaintOwner?: Staff | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'date', nullable: true }) complaintDueDate?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) complaintAnswer?: string | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) complaintAnsweredAt?: Date | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) complaintClosedAt?: Date | null;
  @Field(() => Boolean) @Property({ type: 'boolean', default: false }) complaintAboutPrivacy: boolean = false;
  @Field(() => String, { nullable: true, description: 'A complaint without a customer: who complains (erased after COMPLAINANT_CONTACTS)' })
  @Property({ type: 'string', length: 100, nullable: true }) complainantName?: string | null;
  @Field(() => String, { nullable: true, description: 'A complaint without a customer: how to answer (address, e-mail, phone)' })
  @Property({ type: 'text', nullable: true }) complainantContact?: string | null;
}
