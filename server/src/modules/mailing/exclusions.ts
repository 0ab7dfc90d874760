import DataLoader from 'dataloader';
import { Ctx, Field, Int, ObjectType, FieldResolver, Resolver, Root } from 'type-graphql';
import { PURPOSE_KEYS } from '../../../../schema/policy';
import { intArray, textArray } from '../../common/sql';
import { JST_TODAY } from '../../common/jst-sql';
import type { RequestContext } from '../../context';
import { GUARDIAN_AGE } from '../../policy/row-scope';
import { Mailing } from './mailing.entity';

/**
 * Why recipients handed over are not served now, in the order the row scope's conditions are checked
 * (policy/row-scope.ts customerState): the person stopped use, withdrew the consent, or is under the guardian
 * age without a guardian's consent. An erased person's recipient row is deleted with them (not counted here).
 */
export const EXCLUSION_REASONS = ['USE_STOPPED', 'CONSENT_WITHDRAWN', 'GUARDIAN_CONSENT_MISSING'] as const;
export type ExclusionReason = typeof EXCLUSION_REASONS[number];

@ObjectType({ description: 'How many recipients of a mailing are left out for one reason: a count, no person' })
export class MailingExclusion {
  @Field(() => String, { description: 'USE_STOPPED, CONSENT_WITHDRAWN or GUARDIAN_CONSENT_MISSING' }) reason!: ExclusionReason;
  @Field(() => Int) count!: number;
}

const REASON_SQL = `case
  when c.status = 'USE_STOPPED' and m.purpose::text = any(?::text[]) then 'USE_STOPPED'
  when not exists (select 1 from consent k where k.customer_id = c.id and k.purpose::text = m.purpose::text and k.withdrawn_at is null) then 'CONSENT_WITHDRAWN'
  when not exists (select 1 from consent k where k.customer_id = c.id and k.purpose::text = m.purpose::text and k.withdrawn_at is null
    and (c.birth_date is null or c.birth_date <= ${JST_TODAY} - make_interval(years => ?) or k.guardian_consent)) then 'GUARDIAN_CONSENT_MISSING'
  end`;

/** Per mailing, the recipients left out by reason (reasons with none omitted); one statement for a page of mailings. */
export async function exclusionsOf(ctx: RequestContext, ids: readonly number[]): Promise<Map<number, MailingExclusion[]>> {
  const rows = await ctx.em.execute(`select mailing_id, reason, count(*)::int as n from (
      select r.mailing_id, ${REASON_SQL} as reason from mailing_recipient r join mailing m on m.id = r.mailing_id join customer c on c.id = r.customer_id
      where r.mailing_id = any(?::int[])) x where reason is not null group by mailing_id, reason`,
  // The stopped-use switch of the request's policy version, as the row scope applies it.
  [textArray(PURPOSE_KEYS.filter((p) => ctx.policy.rules.endsWithStopOfUse(p))), GUARDIAN_AGE, intArray(ids)]);
  const out = new Map<number, MailingExclusion[]>();
  for (const reason of EXCLUSION_REASONS) {
    for (const r of rows.filter((x) => x.reason === reason)) {
      const id = Number(r.mailing_id);
      out.set(id, [...(out.get(id) ?? []), { reason, count: r.n }]);
    }
  }
  return out;
}

const loaders = new WeakMap<RequestContext, DataLoader<number, MailingExclusion[]>>();

@Resolver(() => Mailing)
export class MailingExclusionResolver {
  @FieldResolver(() => [MailingExclusion], { description: 'Recipients handed over that are not served now, counted by reason (why the mailing house\'s list is shorter)' })
  excluded(@Root() m: Mailing, @Ctx() ctx: RequestContext): Promise<MailingExclusion[]> {
    let loader = loaders.get(ctx);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const found = await exclusionsOf(ctx, ids);
        return ids.map((i) => found.get(i) ?? []);
      });
      loaders.set(ctx, loader);
    }
    return loader.load(m.id);
  }
}
