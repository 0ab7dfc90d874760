import { Field, ID, InputType } from 'type-graphql';
import { GrantKind, GrantStatus } from './grant-request.entity';

@InputType()
export class GrantRequestFilter {
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => GrantStatus, { nullable: true }) status?: GrantStatus;
  @Field(() => GrantKind, { nullable: true }) kind?: GrantKind;
  @Field(() => ID, { nullable: true }) staffId?: string;
}
