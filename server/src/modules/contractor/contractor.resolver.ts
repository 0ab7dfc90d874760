import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { isCategoryKey } from '../../../../schema/policy';
import { badInput } from '../../common/errors';
import { ListArgs, ListMetadata } from '../../common/list';
import { getEntity, listEntities, simpleWhere } from '../../common/simple-list';
import { likeContains } from '../../common/sql';
import { check } from '../../common/validate';
import { inTransaction, type RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { refreshNotice } from '../privacy-notice/notice-store';
import { Contractor } from './contractor.entity';
import { ContractorFilter, ContractorFields, UpdateContractorArgs } from './contractor.inputs';

const where = (f?: ContractorFilter) => ({
  ...simpleWhere(f as Record<string, unknown>, []),
  ...(f?.q?.trim() ? { name: { $ilike: likeContains(f.q.trim()) } } : {}),
});

function validate(args: ContractorFields, creating: boolean): Partial<Contractor> {
  const out: Partial<Contractor> = {};
  if (creating || args.name !== undefined) out.name = check.maxLength('name', check.required('name', args.name), 200);
  if (args.services) out.services = args.services;
  if (args.dataCategories) {
    const bad = args.dataCategories.find((c) => !isCategoryKey(c));
    if (bad) throw badInput('dataCategories', `不明なデータ区分: ${bad}`, `Unknown data category ${bad}`);
    out.dataCategories = args.dataCategories;
  }
  for (const f of ['agreementDate', 'agreementExpiresAt', 'lastReviewedAt'] as const) {
    if (args[f] !== undefined) out[f] = args[f] ? check.date(f, args[f]!) : null;
  }
  if (args.country !== undefined) {
    if (!/^[A-Z]{2}$/.test(args.country ?? '')) throw badInput('country', '国はISO 3166-1 の2文字(例 JP, US)で指定してください', 'country is an ISO 3166-1 alpha-2 code');
    out.country = args.country;
  }
  if (args.foreignSystemMeasures != null) out.foreignSystemMeasures = args.foreignSystemMeasures;
  if (args.foreignMeasuresInfo !== undefined) {
    const info = args.foreignMeasuresInfo?.trim() || null;
    if (info && ([...info].length < 10 || [...info].length > 4000)) {
      throw badInput('foreignMeasuresInfo', '措置の情報は10〜4000文字で記載してください', 'foreignMeasuresInfo is 10 to 4000 characters');
    }
    out.foreignMeasuresInfo = info;
  }
  return out;
}

@Resolver(() => Contractor)
export class ContractorResolver {
  @Query(() => [Contractor])
  allContractors(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => ContractorFilter, { nullable: true }) f: ContractorFilter | undefined, @Ctx() ctx: RequestContext) {
    return listEntities(ctx.em, Contractor, args, where(f), ['id', 'name', 'agreementExpiresAt', 'lastReviewedAt']);
  }

  @Query(() => ListMetadata)
  async _allContractorsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => ContractorFilter, { nullable: true }) f: ContractorFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await ctx.em.count(Contractor, where(f)) };
  }

  @Query(() => Contractor)
  Contractor(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return getEntity(ctx.em, Contractor, id); }

  /** Contractors and their agreements decide what contractor accounts may do: every change is a CHANGE event. */
  @Mutation(() => Contractor)
  createContractor(@Args(() => ContractorFields) args: ContractorFields, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, async (tx) => {
      const values = validate(args, true);
      const c = tx.em.create(Contractor, values as Contractor);
      await tx.em.flush();
      await recordChange(tx, { entity: 'Contractor', entityId: c.id, subjectId: null, action: 'CREATE', plan: { changes: values, personal: [] }, before: null, reason: null });
      // The public notice names contractors abroad (art. 28): rewritten in the same transaction when it changes.
      await refreshNotice(tx.em, 'SETTINGS');
      return c;
    });
  }

  @Mutation(() => Contractor)
  updateContractor(@Args(() => UpdateContractorArgs) args: UpdateContractorArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, async (tx) => {
      const c = await getEntity(tx.em, Contractor, args.id);
      const values = validate(args, false) as Record<string, unknown>;
      const current = c as unknown as Record<string, unknown>;
      const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => JSON.stringify(current[k] ?? null) !== JSON.stringify(v ?? null)));
      const before = Object.fromEntries(Object.keys(changed).map((k) => [k, current[k] ?? null]));
      tx.em.assign(c, values);
      await tx.em.flush();
      if (Object.keys(changed).length) {
        await recordChange(tx, { entity: 'Contractor', entityId: c.id, subjectId: null, action: 'UPDATE', plan: { changes: changed, personal: [] }, before, reason: null });
        await refreshNotice(tx.em, 'SETTINGS');
      }
      return c;
    });
  }
}
