import { Arg, Ctx, Field, ID, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { mayHandOver, type AssignmentScope } from '../../../../schema/policy';
import { forbidden } from '../../common/errors';
import type { RequestContext } from '../../context';
import { handoverContractors } from './handover';

/** The kinds of work handed to contractors (schema/policy HANDOVERS). */
export enum HandoverKind { SHIPMENT = 'SHIPMENT', COLLECTION_CASE = 'COLLECTION_CASE', MAILING = 'MAILING' }
registerEnumType(HandoverKind, { name: 'HandoverKind' });

const SCOPE_OF: Record<HandoverKind, AssignmentScope> = {
  SHIPMENT: 'assignedShipments', COLLECTION_CASE: 'assignedCollectionCases', MAILING: 'assignedMailings',
};

/** A contractor one may hand work to: a company (not personal data). */
@ObjectType()
export class HandoverContractor {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) agreementExpiresAt!: string | null;
}

@Resolver()
export class HandoverResolver {
  @Query(() => [HandoverContractor], { description: 'Contractors that may receive this kind of work today (for those who may hand it over)' })
  async handoverContractors(@Arg('kind', () => HandoverKind) kind: HandoverKind, @Ctx() ctx: RequestContext): Promise<HandoverContractor[]> {
    const scope = SCOPE_OF[kind];
    if (!scope || !mayHandOver(scope, ctx.actor?.role, ctx.purpose)) throw forbidden();
    return (await handoverContractors(ctx, scope)).map((c) => ({ id: String(c.id), name: c.name, agreementExpiresAt: c.agreementExpiresAt ?? null }));
  }
}
