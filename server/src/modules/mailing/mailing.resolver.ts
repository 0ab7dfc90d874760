import DataLoader from 'dataloader';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { Mailing } from './mailing.entity';
import { MailingService } from './mailing.service';
import { MailingFilter, CreateMailingArgs, UpdateMailingArgs } from './mailing.inputs';

/** Recipient counts of the mailings of one request, one statement for a page. */
const counts = new WeakMap<RequestContext, DataLoader<number, number>>();
function recipientCount(ctx: RequestContext, id: number): Promise<number> {
  let loader = counts.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const found = await new MailingService(ctx).recipientCounts(ids);
      return ids.map((i) => found.get(i) ?? 0);
    });
    counts.set(ctx, loader);
  }
  return loader.load(id);
}

@Resolver(() => Mailing)
export class MailingResolver {
  @Query(() => [Mailing], { description: 'Newest first' })
  allMailings(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => MailingFilter, { nullable: true }) f: MailingFilter | undefined, @Ctx() ctx: RequestContext) {
    return new MailingService(ctx).list(args, f);
  }

  @Query(() => ListMetadata)
  async _allMailingsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => MailingFilter, { nullable: true }) f: MailingFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new MailingService(ctx).count(f) };
  }

  @Query(() => Mailing)
  Mailing(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return new MailingService(ctx).get(id); }

  @Mutation(() => Mailing, { description: 'A draft mailing under the consent purpose declared for this request' })
  createMailing(@Args(() => CreateMailingArgs) args: CreateMailingArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new MailingService(tx).create(args.name, args.purpose));
  }

  @Mutation(() => Mailing, { description: 'Marks a mailing SENT or CANCELLED' })
  updateMailing(@Args(() => UpdateMailingArgs) args: UpdateMailingArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, async (tx) => {
      const service = new MailingService(tx);
      return args.status ? service.setStatus(args.id, args.status) : service.get(args.id);
    });
  }

  @Mutation(() => Mailing, { description: 'Adds recipients to a draft: customers the mailing\'s purpose may reach, or none is added (BAD_USER_INPUT)' })
  addMailingRecipients(@Arg('mailingId', () => ID) mailingId: string, @Arg('customerIds', () => [ID]) customerIds: string[], @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new MailingService(tx).addRecipients(mailingId, customerIds));
  }

  @Mutation(() => Mailing, { description: 'Hands a draft to one mailing house (委託), each recipient recorded as provision to it' })
  handOverMailing(@Arg('mailingId', () => ID) mailingId: string, @Arg('contractorId', () => ID) contractorId: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new MailingService(tx).handOver(mailingId, contractorId));
  }

  @FieldResolver(() => ID, { nullable: true }) contractorId(@Root() m: Mailing) { return m.contractor?.id ?? null; }
  @FieldResolver(() => String, { nullable: true, description: 'The mailing house (a company; not personal data)' })
  contractorName(@Root() m: Mailing) { return m.contractor?.name ?? null; }
  @FieldResolver(() => Int) recipientCount(@Root() m: Mailing, @Ctx() ctx: RequestContext) { return recipientCount(ctx, m.id); }
}
