import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { badInput } from '../../common/errors';
import { ListArgs, ListMetadata } from '../../common/list';
import { getEntity, listEntities, simpleWhere } from '../../common/simple-list';
import { likeContains } from '../../common/sql';
import { check } from '../../common/validate';
import type { RequestContext } from '../../context';
import { Product } from './product.entity';
import { ProductFilter, ProductFields, UpdateProductArgs } from './product.inputs';

const where = (f?: ProductFilter) => ({
  ...simpleWhere(f as Record<string, unknown>, ['active']),
  ...(f?.q?.trim() ? { $or: [{ name: { $ilike: likeContains(f.q.trim()) } }, { sku: f.q.trim() }] } : {}),
});

function validate(args: ProductFields, creating: boolean) {
  const out: Partial<Product> = {};
  if (creating || args.sku !== undefined) out.sku = check.maxLength('sku', check.required('sku', args.sku), 32);
  if (creating || args.name !== undefined) out.name = check.maxLength('name', check.required('name', args.name), 200);
  if (creating || args.priceYen !== undefined) {
    if (!Number.isInteger(args.priceYen) || args.priceYen! < 0) throw badInput('priceYen', '価格は0以上の整数(円)です', 'Price must be a non-negative whole yen amount');
    out.priceYen = args.priceYen;
  }
  if (args.active !== undefined && args.active !== null) out.active = args.active;
  return out;
}

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => [Product])
  allProducts(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => ProductFilter, { nullable: true }) f: ProductFilter | undefined, @Ctx() ctx: RequestContext) {
    return listEntities(ctx.em, Product, args, where(f), ['id', 'sku', 'name', 'priceYen']);
  }

  @Query(() => ListMetadata)
  async _allProductsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => ProductFilter, { nullable: true }) f: ProductFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await ctx.em.count(Product, where(f)) };
  }

  @Query(() => Product)
  Product(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return getEntity(ctx.em, Product, id); }

  @Mutation(() => Product)
  async createProduct(@Args(() => ProductFields) args: ProductFields, @Ctx() ctx: RequestContext) {
    const product = ctx.em.create(Product, validate(args, true) as Product);
    await ctx.em.flush();
    return product;
  }

  @Mutation(() => Product)
  async updateProduct(@Args(() => UpdateProductArgs) args: UpdateProductArgs, @Ctx() ctx: RequestContext) {
    const product = await getEntity(ctx.em, Product, args.id);
    ctx.em.assign(product, validate(args, false));
    await ctx.em.flush();
    return product;
  }

  @Mutation(() => Product)
  async deleteProduct(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    const product = await getEntity(ctx.em, Product, id);
    product.active = false;
    await ctx.em.flush();
    return product;
  }
}
