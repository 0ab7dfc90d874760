import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { Customer } from '../customer/customer.entity';
import { readField } from '../../policy/projection-sources';
import { CreateProvisionRecordArgs, ProvisionRecordFilter, FamilyInquiryArgs } from './provision.inputs';
import { ProvisionRecord } from './provision-record.entity';
import { ProvisionService } from './provision.service';
import { answerFamilyInquiry, FamilyInquiryAnswer } from './family-inquiry';

@Resolver(() => ProvisionRecord)
export class ProvisionRecordResolver {
  @Query(() => [ProvisionRecord])
  allProvisionRecords(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => ProvisionRecordFilter, { nullable: true }) f: ProvisionRecordFilter | undefined, @Ctx() ctx: RequestContext) {
    return new ProvisionService(ctx).list(args, f);
  }

  @Query(() => ListMetadata)
  async _allProvisionRecordsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => ProvisionRecordFilter, { nullable: true }) f: ProvisionRecordFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new ProvisionService(ctx).count(f) };
  }

  @Query(() => ProvisionRecord)
  ProvisionRecord(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return new ProvisionService(ctx).get(id); }

  @Mutation(() => ProvisionRecord, { description: 'Records a provision; FORBIDDEN when neither consent, entrustment nor a stated exemption allows it' })
  createProvisionRecord(@Args(() => CreateProvisionRecordArgs) args: CreateProvisionRecordArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new ProvisionService(tx).create(args));
  }

  @Mutation(() => FamilyInquiryAnswer, {
    description: 'FAMILY_INQUIRY: what may be told to a family member or referrer about the customer\'s orders; records the provision (【9】) in the same transaction',
  })
  answerFamilyInquiry(@Args(() => FamilyInquiryArgs) args: FamilyInquiryArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => answerFamilyInquiry(tx, args));
  }

  @FieldResolver(() => ID) customerId(@Root() r: ProvisionRecord) { return readField('ProvisionRecord', 'customerId', r); }

  @FieldResolver(() => Customer, { nullable: true, description: 'Null once erased' })
  customer(@Root() r: ProvisionRecord, @Ctx() ctx: RequestContext) { return ctx.loaders.customer.load(r.customer.id); }

  @FieldResolver(() => ID, { nullable: true }) recipientContractorId(@Root() r: ProvisionRecord) { return readField('ProvisionRecord', 'recipientContractorId', r); }
  @FieldResolver(() => ID, { nullable: true }) consentId(@Root() r: ProvisionRecord) { return readField('ProvisionRecord', 'consentId', r); }
  @FieldResolver(() => ID, { nullable: true }) recordedById(@Root() r: ProvisionRecord) { return readField('ProvisionRecord', 'recordedById', r); }
}
