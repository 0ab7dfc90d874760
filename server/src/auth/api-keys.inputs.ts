import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class ApiKeyFilter {
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => String, { nullable: true }) status?: string;
  @Field(() => String, { nullable: true }) role?: string;
}
