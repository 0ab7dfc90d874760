import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: 'A CSV export about to be written: what, why and how many rows' })
export class ExportInput {
  @Field(() => String, { description: 'The resource listed (Customer, Order, AccessEvent…)' }) resource!: string;
  @Field(() => String, { description: 'Why the rows leave the system (2–500 characters)' }) reason!: string;
  @Field(() => Int, { description: 'Rows the file will hold: the list total under the filter' }) rowCount!: number;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The list filter, recorded with the event' }) filter?: Record<string, unknown> | null;
}
