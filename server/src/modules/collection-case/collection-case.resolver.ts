import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { Order } from '../order/order.entity';
import { readField } from '../../policy/projection-sources';
import { CollectionCase } from './collection-case.entity';
import { CollectionCaseService } from './collection-case.service';
import { CollectionCaseFilter, CreateCollectionCaseArgs, UpdateCollectionCaseArgs } from './collection-case.inputs';

@Resolver(() => CollectionCase)
export class CollectionCaseResolver {
  @Query(() => [CollectionCase], { description: 'Newest first' })
  allCollectionCases(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => CollectionCaseFilter, { nullable: true }) f: CollectionCaseFilter | undefined, @Ctx() ctx: RequestContext) {
    return new CollectionCaseService(ctx).list(args, f);
  }

  @Query(() => ListMetadata)
  async _allCollectionCasesMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => CollectionCaseFilter, { nullable: true }) f: CollectionCaseFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new CollectionCaseService(ctx).count(f) };
  }

  @Query(() => CollectionCase)
  CollectionCase(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return new CollectionCaseService(ctx).get(id); }

  @Mutation(() => CollectionCase, { description: 'Hands an overdue order to one collection agency (委託), recorded as provision to it' })
  createCollectionCase(@Args(() => CreateCollectionCaseArgs) args: CreateCollectionCaseArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new CollectionCaseService(tx).open(args.orderId, args.contractorId));
  }

  @Mutation(() => CollectionCase, { description: 'closed: true recalls the case' })
  updateCollectionCase(@Args(() => UpdateCollectionCaseArgs) args: UpdateCollectionCaseArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, async (tx) => {
      const service = new CollectionCaseService(tx);
      return args.closed ? service.close(args.id) : service.get(args.id);
    });
  }

  @FieldResolver(() => ID) orderId(@Root() k: CollectionCase) { return readField('CollectionCase', 'orderId', k); }

  @FieldResolver(() => Order, { nullable: true, description: 'Null when this request may not see the order' })
  order(@Root() k: CollectionCase, @Ctx() ctx: RequestContext) { return ctx.loaders.order.load(k.order.id); }

  @FieldResolver(() => ID) contractorId(@Root() k: CollectionCase) { return readField('CollectionCase', 'contractorId', k); }
  @FieldResolver(() => String, { description: 'The collection agency (a company; not personal data)' })
  contractorName(@Root() k: CollectionCase) { return readField('CollectionCase', 'contractorName', k); }
  @FieldResolver(() => Boolean) open(@Root() k: CollectionCase) { return readField('CollectionCase', 'open', k); }
  @FieldResolver(() => ID, { nullable: true }) openedById(@Root() k: CollectionCase) { return readField('CollectionCase', 'openedById', k); }
  @FieldResolver(() => ID, { nullable: true }) closedById(@Root() k: CollectionCase) { return readField('CollectionCase', 'closedById', k); }
}
