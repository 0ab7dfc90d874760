import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { foreignConsentInformation, foreignRule } from '../../../../schema/policy';
import { ConsentPurpose, RecordSource } from '../../common/enums';
import { badInput } from '../../common/errors';
import { ListArgs, ListMetadata } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { CustomerService } from '../customer/customer.service';
import { Consent } from './consent.entity';
import { ConsentService } from './consent.service';
import { readField } from '../../policy/projection-sources';
import { ConsentFilter, CreateConsentArgs, UpdateConsentArgs } from './consent.inputs';

/**
 * A consent to provision abroad (APPI art. 28(1)) is valid only if the person was first told the country, its
 * system and the recipient's measures (施行規則第17条): the country must be one the store has that information
 * for (schema/policy COUNTRY_SYSTEMS) and the measures stated; what was told is stored with the consent.
 * Any other purpose takes no country. BAD_USER_INPUT naming the argument, nothing written, otherwise.
 */
function foreignConsentOf(args: CreateConsentArgs): { country: string | null; countryInformation: string | null } {
  if (args.purpose !== ConsentPurpose.FOREIGN_PROVISION) {
    if (args.country != null || args.recipientMeasures != null) throw badInput('country', '国の指定は外国にある第三者への提供の同意にのみ使います', 'country is for FOREIGN_PROVISION consents only');
    return { country: null, countryInformation: null };
  }
  const country = args.country?.trim() ?? '';
  if (!/^[A-Z]{2}$/.test(country) || foreignRule(country) !== 'ART_28') {
    throw badInput('country', '同意が必要な外国(ISO 3166-1 の2文字、日本・同等の制度がある国を除く)を指定してください', 'country must be a foreign country whose recipients need consent (ISO 3166-1 alpha-2)');
  }
  const measures = args.recipientMeasures?.trim() ?? '';
  if (measures.length < 5 || measures.length > 1000) {
    throw badInput('recipientMeasures', '提供先が講ずる個人情報保護の措置を5〜1000文字で記載してください', 'State the recipient\'s protection measures (5 to 1000 characters)');
  }
  const countryInformation = foreignConsentInformation(country, measures);
  if (!countryInformation) {
    throw badInput('country', 'この国の個人情報保護制度の情報がないため、同意を取得できません(schema/policy の COUNTRY_SYSTEMS に追加してください)', 'No information on this country\'s system is held: consent cannot be informed');
  }
  return { country, countryInformation };
}

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
  createConsent(@Args(() => CreateConsentArgs) args: CreateConsentArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, async (ctx) => {
      const customer = await new CustomerService(ctx).get(args.customerId);
      if (!args.purpose) throw badInput('purpose', '目的は必須です', 'purpose is required');
      const foreign = foreignConsentOf(args);
      const consent = ctx.em.create(Consent, {
        customer, purpose: args.purpose, grantedAt: new Date(), source: args.source ?? RecordSource.PHONE,
        guardianConsent: !!args.guardianConsent, guardianConsentAt: args.guardianConsent ? new Date() : null, ...foreign,
      });
      await ctx.em.flush();
      await recordChange(ctx, { entity: 'Consent', entityId: consent.id, subjectId: customer.id, action: 'CREATE',
        plan: { changes: { purpose: args.purpose, guardianConsent: !!args.guardianConsent, ...(foreign.country ? { country: foreign.country } : {}) }, personal: [] }, before: null, reason: null });
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

  @FieldResolver(() => ID) customerId(@Root() c: Consent) { return readField('Consent', 'customerId', c); }
  @FieldResolver(() => Boolean, { nullable: true }) live(@Root() c: Consent) { return readField('Consent', 'live', c); }

  @FieldResolver(() => [String], { description: 'Fields of this object masked or hidden for this request' })
  maskedFields(): string[] { throw new Error('maskedFields is resolved by the policy layer'); }
}
