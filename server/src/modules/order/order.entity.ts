import { Collection, Embeddable, Embedded, Entity, Enum, Index, ManyToOne, OneToMany, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { OrderStatus, PaymentStatus } from '../../common/enums';
import { Customer } from '../customer/customer.entity';
import { Contractor } from '../contractor/contractor.entity';
import { Product } from '../product/product.entity';

/** Where an order goes; may differ from the customer (gifts). Personal data of category order.shipping. */
@ObjectType()
@Embeddable()
export class ShipTo {
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 100 }) name!: string;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 8 }) postalCode!: string;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 4 }) prefecture!: string;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 100 }) city!: string;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 200 }) addressLine!: string;
  @Field(() => String, { nullable: true }) @Property({ type: 'string', length: 20 }) phone!: string;
}

@ObjectType()
@Entity({ tableName: 'order' })
@Index({ properties: ['customer', 'placedAt'] })
export class Order {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @Field(() => String) @Property({ type: 'string', length: 20, unique: true }) orderNumber!: string;
  @ManyToOne(() => Customer) customer!: Customer;
  @OneToMany(() => OrderItem, (i) => i.order) items = new Collection<OrderItem>(this);
  @Field(() => Int) @Property({ type: 'integer' }) totalYen!: number;
  @Field(() => OrderStatus) @Enum({ items: () => OrderStatus, nativeEnumName: 'order_status' }) status!: OrderStatus;
  @Field(() => PaymentStatus) @Index() @Enum({ items: () => PaymentStatus, nativeEnumName: 'payment_status' }) paymentStatus!: PaymentStatus;
  @Embedded(() => ShipTo, { prefix: 'ship_to_' }) shipTo!: ShipTo;
  @Index() @ManyToOne(() => Contractor, { nullable: true }) carrier?: Contractor | null;
  @Field(() => Date) @Property({ type: 'datetime' }) placedAt!: Date;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) shippedAt?: Date | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) deliveredAt?: Date | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) paymentDueAt?: Date | null;
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() }) updatedAt: Date = new Date();
}

@ObjectType()
@Entity({ tableName: 'order_item' })
export class OrderItem {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @ManyToOne(() => Order) order!: Order;
  @ManyToOne(() => Product, { nullable: true }) product?: Product | null;
  @Field(() => String) @Property({ type: 'string', length: 200 }) productName!: string;
  @Field(() => Int) @Property({ type: 'integer' }) quantity!: number;
  @Field(() => Int) @Property({ type: 'integer' }) unitPriceYen!: number;
}
