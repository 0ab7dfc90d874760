import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { RecordSource } from '../../common/enums';
import { badInput } from '../../common/errors';
import { ListArgs, ListMetadata } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { CustomerService } from '../customer/customer.service';
import { Consent } from './consent.entity';
import { ConsentService } from './consent.service';
import { ConsentFilter, ConsentFields, UpdateConsentArgs } from './consent.inputs';

@Resolver(() => Consent)
export class ConsentResolver {
  @Query(() => [Consent])
  allConsents(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => ConsentFilter, { nullable: true }) f: ConsentFilter | undefined, @Ctx() ctx: RequestContext) {
    return new ConsentService(ctx).list(args, f);
  }

  @Query(() => ListMetadata)
  async _allConsentsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => ConsentFilter, { nullable: true }) f: ConsentFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new ConsentService(ctx).count(f) };
  }

  @Query(() => Consent)
  Consent(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return new ConsentService(ctx).get(id); }

  @Mutation(() => Consent)
  createConsent(@Args(() => ConsentFields) args: ConsentFields, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, async (ctx) => {
      const customer = await new CustomerService(ctx).get(args.customerId);
      if (!args.purpose) throw badInput('purpose', '目的は必須です', 'purpose is required');
      const consent = ctx.em.create(Consent, {
        customer, purpose: args.purpose, grantedAt: new Date(), source: args.source ?? RecordSource.PHONE,
        guardianConsent: !!args.guardianConsent, guardianConsentAt: args.guardianConsent ? new Date() : null,
      });
      await ctx.em.flush();
      await recordChange(ctx, { entity: 'Consent', entityId: consent.id, subjectId: customer.id, action: 'CREATE', plan: { changes: { purpose: args.purpose, guardianConsent: !!args.guardianConsent }, personal: [] }, before: null, reason: null });
      return consent;
    });
  }

  @Mutation(() => Consent)
  updateConsent(@Args(() => UpdateConsentArgs) args: UpdateConsentArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, async (ctx) => {
      const consent = await new ConsentService(ctx).get(args.id);
      const before = { withdrawnAt: consent.withdrawnAt ?? null, guardianConsent: consent.guardianConsent };
      if (args.withdrawn === true && !consent.withdrawnAt) consent.withdrawnAt = new Date();
      if (args.withdrawn === false && consent.withdrawnAt) throw badInput('withdrawn', '撤回した同意は戻せません。新しい同意を登録してください', 'A withdrawn consent cannot be revived; grant a new one');
      if (args.guardianConsent != null && args.guardianConsent !== consent.guardianConsent) {
        consent.guardianConsent = args.guardianConsent;
        consent.guardianConsentAt = args.guardianConsent ? new Date() : null;
      }
      await ctx.em.flush();
      await recordChange(ctx, { entity: 'Consent', entityId: consent.id, subjectId: consent.customer.id, action: 'UPDATE', plan: { changes: { withdrawnAt: consent.withdrawnAt ?? null, guardianConsent: consent.guardianConsent }, personal: [] }, before, reason: null });
      return consent;
    });
  }

  @FieldResolver(() => ID) customerId(@Root() c: Consent) { return c.customer.id; }
  @FieldResolver(() => Boolean, { nullable: true }) live(@Root() c: Consent) { return !c.withdrawnAt; }

  @FieldResolver(() => [String], { description: 'Fields of this object masked or hidden for this request' })
  maskedFields(): string[] { throw new Error('maskedFields is resolved by the policy layer'); }
}
