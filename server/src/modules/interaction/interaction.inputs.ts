import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { Channel, Direction, InteractionKind } from '../../common/enums';

@InputType()
export class InteractionFilter {
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => ID, { nullable: true }) orderId?: string;
  @Field(() => Channel, { nullable: true }) channel?: Channel;
  @Field(() => Direction, { nullable: true }) direction?: Direction;
  @Field(() => InteractionKind, { nullable: true }) kind?: InteractionKind;
  @Field(() => Date, { nullable: true }) occurredAt_gte?: Date;
  @Field(() => Date, { nullable: true }) occurredAt_lte?: Date;
}

@ArgsType()
export class InteractionFields {
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => ID, { nullable: true }) orderId?: string | null;
  @Field(() => Channel, { nullable: true }) channel?: Channel;
  @Field(() => Direction, { nullable: true }) direction?: Direction;
  @Field(() => InteractionKind, { nullable: true }) kind?: InteractionKind;
  @Field(() => Date, { nullable: true }) occurredAt?: Date;
  @Field(() => String, { nullable: true }) summary?: string;
  @Field(() => String, { nullable: true }) transcript?: string | null;
  @Field(() => Int, { nullable: true }) recordingDurationSec?: number | null;
  @Field(() => String, { nullable: true, description: 'A complaint without customerId: who complains' }) complainantName?: string;
  @Field(() => String, { nullable: true, description: 'A complaint without customerId: how to answer them (address, e-mail, phone)' }) complainantContact?: string;
  @Field(() => String, { nullable: true }) reason?: string;
}

@ArgsType()
export class UpdateInteractionArgs extends InteractionFields {
  @Field(() => ID) id!: string;
}
