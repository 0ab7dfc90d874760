import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType } from 'type-graphql';
import { badInput } from '../../common/errors';
import type { RequestContext } from '../../context';
import { readSetting, type SettingsReader, writeSetting } from '../privacy-settings/settings-store';
import { PrivacyRequestKind } from './privacy-request.entity';
import type { RequestFeeInput } from './privacy-request.inputs';

/**
 * Fees for requests (APPI art. 38): only a notice of the purposes of use (art. 32(2)) and a disclosure
 * (art. 33(1), and of provision records, art. 33(5)) may be charged, at an amount reasonable against the
 * actual cost (art. 38(2)); correction, stop of use or provision and deletion are free. Default: none.
 */
export const CHARGEABLE_KINDS: readonly PrivacyRequestKind[] = [PrivacyRequestKind.DISCLOSURE, PrivacyRequestKind.PROVISION_RECORD_DISCLOSURE];
/** The most a fee may be: a ceiling against mistakes, not a price (public bodies charge a few hundred yen). */
export const MAX_FEE_YEN = 5_000;

const KEY = 'requestFees';
type Fees = Record<string, number>;
const defaults = (): Fees => Object.fromEntries(Object.values(PrivacyRequestKind).map((k) => [k, 0]));

export async function requestFees(db: EntityManager | SettingsReader): Promise<Fees> {
  return (await readSetting(db, KEY, defaults)).value;
}

@ObjectType()
export class RequestFee {
  @Field(() => PrivacyRequestKind) kind!: PrivacyRequestKind;
  @Field(() => Int) feeYen!: number;
  @Field(() => Boolean, { description: 'Whether the law lets this kind be charged (art. 38(1))' }) chargeable!: boolean;
}

export async function listFees(ctx: RequestContext): Promise<RequestFee[]> {
  const fees = await requestFees(ctx.em);
  return Object.values(PrivacyRequestKind).map((kind) => ({ kind, feeYen: fees[kind] ?? 0, chargeable: CHARGEABLE_KINDS.includes(kind) }));
}

/** Sets fees; BAD_USER_INPUT naming `fees` for a negative or excessive amount, or a fee on a kind the law keeps free. */
export async function setFees(ctx: RequestContext, input: RequestFeeInput[]): Promise<RequestFee[]> {
  const before = await requestFees(ctx.em);
  const next = { ...before };
  for (const { kind, feeYen } of input) {
    if (!Number.isInteger(feeYen) || feeYen < 0 || feeYen > MAX_FEE_YEN) {
      throw badInput('fees', `手数料は0〜${MAX_FEE_YEN}円の整数で指定してください`, `A fee is a whole number of yen from 0 to ${MAX_FEE_YEN}`);
    }
    if (feeYen > 0 && !CHARGEABLE_KINDS.includes(kind)) {
      throw badInput('fees', `${kind} の請求には手数料を求められません(個人情報保護法第38条)`, `${kind} requests cannot be charged (APPI art. 38)`);
    }
    next[kind] = feeYen;
  }
  await writeSetting(ctx, KEY, before, next);
  return listFees(ctx);
}
