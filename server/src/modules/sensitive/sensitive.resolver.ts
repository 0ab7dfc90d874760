import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { SENSITIVE_KINDS, type SensitiveKind, normaliseForTerms } from '../../../../schema/policy';
import { badInput, conflict, notFound } from '../../common/errors';
import { idOf } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { forgetTerms, sensitiveTerms, sweepSensitiveText } from './sensitive-text';

export enum SensitiveKindEnum {
  MEDICAL = 'MEDICAL', ALLERGY = 'ALLERGY', DISABILITY = 'DISABILITY', PREGNANCY = 'PREGNANCY', CREED = 'CREED',
  CRIMINAL_RECORD = 'CRIMINAL_RECORD', SOCIAL_STATUS = 'SOCIAL_STATUS',
}
registerEnumType(SensitiveKindEnum, { name: 'SensitiveKind', description: 'Kinds of sensitive personal information (APPI art. 2(3))' });

@ObjectType()
export class SensitiveTermInfo {
  @Field(() => ID, { nullable: true, description: 'Null for a built-in term' }) id!: string | null;
  @Field(() => String, { description: 'As matched: NFKC-normalised, lower case' }) term!: string;
  @Field(() => SensitiveKindEnum) kind!: SensitiveKind;
  @Field(() => String) kindLabel!: string;
  @Field(() => Boolean) builtIn!: boolean;
}

@ObjectType()
export class SensitiveSweepResult {
  @Field(() => Int, { description: 'Customers whose marking changed' }) customers!: number;
  @Field(() => Int, { description: 'Interactions whose marking changed' }) interactions!: number;
}

const view = (t: { id: number | null; term: string; kind: SensitiveKind; builtIn: boolean }): SensitiveTermInfo =>
  ({ id: t.id === null ? null : String(t.id), term: t.term, kind: t.kind, kindLabel: SENSITIVE_KINDS[t.kind], builtIn: t.builtIn });

/** The term list of sensitive information (要配慮個人情報) and the sweep, for the privacy manager. */
@Resolver()
export class SensitiveTermResolver {
  @Query(() => [SensitiveTermInfo], { description: 'Built-in terms, then the privacy manager\'s own' })
  async sensitiveTerms(@Ctx() ctx: RequestContext) {
    forgetTerms();
    return (await sensitiveTerms(ctx.em)).map(view);
  }

  @Mutation(() => SensitiveTermInfo, { description: 'Adds a term and marks the stored free text holding it (same transaction)' })
  addSensitiveTerm(@Arg('term', () => String) term: string, @Arg('kind', () => SensitiveKindEnum) kind: SensitiveKind, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, async (tx) => {
      const normal = normaliseForTerms(term ?? '').trim();
      if ([...normal].length < 2 || [...normal].length > 50) throw badInput('term', '語は2〜50文字で指定してください', 'A term has 2 to 50 characters');
      if ((await sensitiveTerms(tx.em)).some((t) => t.term === normal)) throw conflict('その語はすでに登録されています', 'The term is already listed', 'term');
      const [row] = await tx.em.execute(`insert into sensitive_term (term, kind, added_by) values (?, ?, ?)
        on conflict (term) do update set active = true, kind = excluded.kind returning id`, [normal, kind, tx.actor?.staffId ?? null]);
      await recordChange(tx, { entity: 'SensitiveTerm', entityId: row.id, subjectId: null, action: 'CREATE', plan: { changes: { term: normal, kind }, personal: [] }, before: null, reason: null });
      await sweepSensitiveText(tx.em);
      return view({ id: row.id, term: normal, kind, builtIn: false });
    });
  }

  @Mutation(() => Boolean, { description: 'Removes one of the privacy manager\'s terms (built-in terms stay) and re-marks the stored text' })
  removeSensitiveTerm(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, async (tx) => {
      const [row] = await tx.em.execute(`update sensitive_term set active = false where id = ? and active returning id, term`, [idOf(id)]);
      if (!row) throw notFound('SensitiveTerm');
      await recordChange(tx, { entity: 'SensitiveTerm', entityId: row.id, subjectId: null, action: 'DELETE', plan: { changes: { active: false }, personal: [] }, before: { active: true }, reason: null });
      await sweepSensitiveText(tx.em);
      return true;
    });
  }

  @Mutation(() => SensitiveSweepResult, { description: 'Marks all stored free text with the current term list (one-off sweep)' })
  sweepSensitiveText(@Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => sweepSensitiveText(tx.em));
  }
}
