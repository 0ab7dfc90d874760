import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { OrderStatus, PaymentStatus } from '../../common/enums';

@InputType()
export class OrderFilter {
  @Field(() => String, { nullable: true, description: 'Order number' }) q?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => OrderStatus, { nullable: true }) status?: OrderStatus;
  @Field(() => PaymentStatus, { nullable: true }) paymentStatus?: PaymentStatus;
  @Field(() => ID, { nullable: true }) carrierId?: string;
  @Field(() => Date, { nullable: true }) placedAt_gte?: Date;
  @Field(() => Date, { nullable: true }) placedAt_lte?: Date;
}

@InputType()
export class ShipToInput {
  @Field(() => String) name!: string;
  @Field(() => String) postalCode!: string;
  @Field(() => String) prefecture!: string;
  @Field(() => String) city!: string;
  @Field(() => String) addressLine!: string;
  @Field(() => String) phone!: string;
}

@InputType()
export class OrderItemInput {
  @Field(() => ID) productId!: string;
  @Field(() => Int) quantity!: number;
}

@ArgsType()
export class CreateOrderArgs {
  @Field(() => ID) customerId!: string;
  @Field(() => [OrderItemInput]) items!: OrderItemInput[];
  @Field(() => ShipToInput, { nullable: true, description: 'Defaults to the customer\'s own address' }) shipTo?: ShipToInput;
  @Field(() => ID, { nullable: true }) carrierId?: string;
  @Field(() => String, { nullable: true }) reason?: string;
}

@ArgsType()
export class UpdateOrderArgs {
  @Field(() => ID) id!: string;
  @Field(() => OrderStatus, { nullable: true }) status?: OrderStatus;
  @Field(() => PaymentStatus, { nullable: true }) paymentStatus?: PaymentStatus;
  @Field(() => ID, { nullable: true }) carrierId?: string | null;
  @Field(() => ShipToInput, { nullable: true }) shipTo?: ShipToInput;
  @Field(() => String, { nullable: true }) reason?: string;
}
