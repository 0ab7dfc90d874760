import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { THIRD_PARTY_ANSWER_PURPOSES } from '../../../../schema/policy';
import { ConsentPurpose } from '../../common/enums';
import { badInput, forbidden, notFound } from '../../common/errors';
import { idOf } from '../../common/list';
import { ScopedQuery } from '../../common/scoped-query';
import type { RequestContext } from '../../context';
import { CustomerService } from '../customer/customer.service';
import { ProvisionLegalBasis as Basis } from './provision-record.entity';
import { ProvisionService } from './provision.service';
import type { FamilyInquiryArgs } from './provision.inputs';

export enum FamilyRelationship { SPOUSE = 'SPOUSE', PARENT = 'PARENT', CHILD = 'CHILD', SIBLING = 'SIBLING', OTHER_FAMILY = 'OTHER_FAMILY', REFERRER = 'REFERRER' }
registerEnumType(FamilyRelationship, { name: 'FamilyRelationship' });

const RELATIONSHIP_JA: Record<FamilyRelationship, string> = {
  SPOUSE: '配偶者', PARENT: '親', CHILD: '子', SIBLING: '兄弟姉妹', OTHER_FAMILY: 'その他の家族', REFERRER: '紹介者',
};

@ObjectType()
export class FamilyInquiryOrder {
  @Field(() => String) orderNumber!: string;
  @Field(() => String) status!: string;
  @Field(() => Date) placedAt!: Date;
  @Field(() => Date, { nullable: true }) shippedAt!: Date | null;
  @Field(() => Date, { nullable: true }) deliveredAt!: Date | null;
}

/** What may be told to the family member, and the provision record the answer made. */
@ObjectType()
export class FamilyInquiryAnswer {
  @Field(() => [FamilyInquiryOrder]) orders!: FamilyInquiryOrder[];
  @Field(() => ID) provisionRecordId!: string;
  @Field(() => Basis, { description: 'CONSENT (【9】1) or HOUSEHOLD_SALES_CONTRACT (【9】3)' }) legalBasis!: Basis;
}

/**
 * Answers a family member's or referrer's question about a customer's purchases (【4】(8)): the order status
 * that may be told, and — in the same transaction — the provision record of that answer (【9】: the person's
 * live consent, else 【9】3 for family living together; otherwise FORBIDDEN and nothing is told).
 */
export async function answerFamilyInquiry(ctx: RequestContext, args: FamilyInquiryArgs): Promise<FamilyInquiryAnswer> {
  if (!ctx.purpose || !THIRD_PARTY_ANSWER_PURPOSES.includes(ctx.purpose)) {
    throw forbidden('Answers to family members are given under a purpose for them (FAMILY_INQUIRY)', 'ご家族への回答は、そのための利用目的を宣言して行ってください');
  }
  const inquirer = args.inquirerName?.trim() ?? '';
  if (inquirer.length < 1 || [...inquirer].length > 100) throw badInput('inquirerName', '問い合わせた方の氏名(100文字以内)が必要です', 'The inquirer must be named (at most 100 characters)');
  const customer = await new CustomerService(ctx).get(args.customerId);
  const orderId = args.orderId ? idOf(args.orderId, 'orderId') : null;
  const q = new ScopedQuery(ctx, 'Order', 'o').where('o.customer_id = ?', customer.id);
  if (orderId) q.where('o.id = ?', orderId);
  const read = q.select('o.order_number, o.status, o.placed_at, o.shipped_at, o.delivered_at', 'order by o.placed_at desc, o.id desc limit 5');
  const orders = await ctx.em.execute(read.sql, read.params);
  if (orderId && !orders.length) throw notFound('Order');
  const [consent] = await ctx.em.execute(`select 1 from consent where customer_id = ? and purpose = ? and withdrawn_at is null limit 1`,
    [customer.id, ConsentPurpose.THIRD_PARTY_PROVISION]);
  const legalBasis = consent ? Basis.CONSENT : args.sameHousehold && args.relationship !== FamilyRelationship.REFERRER ? Basis.HOUSEHOLD_SALES_CONTRACT : null;
  if (!legalBasis) {
    throw forbidden('No consent to provide, and the inquirer is not family living with the customer',
      'ご本人の同意がなく、同居のご家族でもないため、お答えできません');
  }
  const record = await new ProvisionService(ctx).create({
    customerId: String(customer.id),
    recipientName: `${inquirer}(${RELATIONSHIP_JA[args.relationship]}${args.sameHousehold ? '・同居' : ''})`,
    dataCategories: ['contact.name'],
    legalBasis,
    exemptionNote: `ご家族・紹介者からの購入状況の問い合わせへの回答(【4】(8)${legalBasis === Basis.HOUSEHOLD_SALES_CONTRACT ? '・【9】3' : ''}): `
      + `注文 ${orders.map((o) => o.order_number).join(', ') || 'なし'} の状況`,
  });
  return {
    provisionRecordId: String(record.id), legalBasis,
    orders: orders.map((o) => ({
      orderNumber: o.order_number, status: o.status, placedAt: new Date(o.placed_at), shippedAt: dateOrNull(o.shipped_at), deliveredAt: dateOrNull(o.delivered_at),
    })),
  };
}

const dateOrNull = (v: unknown) => (v == null ? null : new Date(v as string));
