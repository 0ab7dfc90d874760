import { ArgsType, Field, ID, InputType } from 'type-graphql';

@InputType()
export class CollectionCaseFilter {
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => ID, { nullable: true }) orderId?: string;
  @Field(() => ID, { nullable: true }) contractorId?: string;
  @Field(() => Boolean, { nullable: true, description: 'true: open cases only; false: closed ones only' }) open?: boolean;
}

@ArgsType()
export class CreateCollectionCaseArgs {
  @Field(() => ID, { description: 'An overdue order' }) orderId!: string;
  @Field(() => ID, { description: 'A collection agency (service COLLECTION) with a live agreement' }) contractorId!: string;
}

@ArgsType()
export class UpdateCollectionCaseArgs {
  @Field(() => ID) id!: string;
  @Field(() => Boolean, { nullable: true, description: 'true recalls the case from the agency (it cannot be reopened: open a new one)' }) closed?: boolean;
}
