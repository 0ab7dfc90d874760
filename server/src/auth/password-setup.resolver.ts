import { Arg, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import { completePasswordSetup, describePasswordSetup } from './password-setup';

@ObjectType({ description: 'The account a one-time password setup link is for' })
export class PasswordSetupLink {
  @Field(() => String) name!: string;
  @Field(() => String) email!: string;
  @Field(() => String, { nullable: true, description: 'null while the account\'s role awaits approval' }) role!: string | null;
  @Field(() => String, { description: 'BOOTSTRAP (a first account) or RESET' }) reason!: string;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => Int, { description: 'The shortest password the server accepts' }) minPasswordLength!: number;
}

/** Public: the token is the credential. NOT_FOUND (extensions.reason) for a link that cannot be used. */
@Resolver()
export class PasswordSetupResolver {
  @Query(() => PasswordSetupLink)
  passwordSetup(@Arg('token', () => String) token: string, @Ctx() ctx: RequestContext) {
    return describePasswordSetup(ctx.em, token);
  }

  @Mutation(() => Boolean, { description: 'Sets the password of the link\'s account, once; every session of the account ends' })
  completePasswordSetup(@Arg('token', () => String) token: string, @Arg('password', () => String) password: string, @Ctx() ctx: RequestContext) {
    return completePasswordSetup(ctx, token, password);
  }
}
