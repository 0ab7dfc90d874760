import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Contractor } from '../contractor/contractor.entity';
import { Order } from '../order/order.entity';
import { Staff } from '../staff/staff.entity';

/** Why a case ended: the payment was settled, accounting took it back, or the customer was erased. */
export enum CaseCloseReason { SETTLED = 'SETTLED', RECALLED = 'RECALLED', ERASED = 'ERASED' }
registerEnumType(CaseCloseReason, { name: 'CaseCloseReason' });

/**
 * An overdue order handed to one collection agency (委託, 【7】【8】). While it is open (and the agency's
 * agreement live) the agency's accounts read the order and its debtor; it closes when the payment is settled
 * (a database trigger, whatever wrote the payment), when accounting recalls it, or on the customer's erasure.
 */
@ObjectType()
@Entity({ tableName: 'collection_case' })
export class CollectionCase {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @ManyToOne(() => Order) order!: Order;
  @ManyToOne(() => Contractor) contractor!: Contractor;
  @ManyToOne(() => Staff, { nullable: true }) openedBy?: Staff | null;
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) openedAt: Date = new Date();
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) closedAt?: Date | null;
  @Field(() => CaseCloseReason, { nullable: true }) @Enum({ items: () => CaseCloseReason, nullable: true }) closeReason?: CaseCloseReason | null;
  @ManyToOne(() => Staff, { nullable: true }) closedBy?: Staff | null;
}
