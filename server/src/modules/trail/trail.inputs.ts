import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class TrailFilter {
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => ID, { nullable: true }) staffId?: string;
  @Field(() => String, { nullable: true }) role?: string;
  @Field(() => String, { nullable: true }) purpose?: string;
  @Field(() => String, { nullable: true }) operation?: string;
  @Field(() => String, { nullable: true, description: 'Security events: the event kind' }) event?: string;
  @Field(() => String, { nullable: true, description: 'Change events: the entity' }) entity?: string;
  @Field(() => Boolean, { nullable: true, description: 'Access events with at least one field served in clear' }) clearOnly?: boolean;
  @Field(() => Date, { nullable: true }) at_gte?: Date;
  @Field(() => Date, { nullable: true }) at_lte?: Date;
}
