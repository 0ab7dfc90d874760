import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class TrustedDocumentFilter {
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => ID, { nullable: true }) apiKeyId?: string;
  @Field(() => String, { nullable: true, description: 'PENDING, APPROVED or REVOKED' }) status?: string;
}
