import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { Customer } from '../customer/customer.entity';
import { fulfilCorrection, fulfilStop } from './fulfil-changes';
import { fulfilDisclosure, withholdingsOf } from './disclosure.service';
import { DisclosureWithholding } from './withholding';
import { WithholdingInput } from './privacy-request.inputs';
import { ErasureService } from './erasure.service';
import { fulfilForeignMeasures } from './foreign-measures';
import { PrivacyRequest } from './privacy-request.entity';
import { AnswerPrivacyRequestArgs, CreatePrivacyRequestArgs, FulfilCorrectionArgs, PrivacyRequestFilter, UpdatePrivacyRequestArgs } from './privacy-request.inputs';
import { PrivacyRequestService } from './privacy-request.service';
import { DeletionReport, DownloadTicket } from './privacy-request.types';
import { readField } from '../../policy/projection-sources';

/** The decider's guard against deciding an ask they did not see (the admin UI always sends it). */
const ASKED_AT = 'erasureRequestedAt of the ask the decider reviewed: CONFLICT (field askedAt) when it was withdrawn and asked again since';

@Resolver(() => PrivacyRequest)
export class PrivacyRequestResolver {
  @Query(() => [PrivacyRequest], { description: 'Overdue requests first' })
  allPrivacyRequests(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => PrivacyRequestFilter, { nullable: true }) f: PrivacyRequestFilter | undefined, @Ctx() ctx: RequestContext) {
    return new PrivacyRequestService(ctx).list(args, f);
  }

  @Query(() => ListMetadata)
  async _allPrivacyRequestsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => PrivacyRequestFilter, { nullable: true }) f: PrivacyRequestFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new PrivacyRequestService(ctx).count(f) };
  }

  @Query(() => PrivacyRequest)
  PrivacyRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return new PrivacyRequestService(ctx).get(id); }

  @Mutation(() => PrivacyRequest)
  createPrivacyRequest(@Args(() => CreatePrivacyRequestArgs) args: CreatePrivacyRequestArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new PrivacyRequestService(tx).create(args));
  }

  @Mutation(() => PrivacyRequest)
  updatePrivacyRequest(@Args(() => UpdatePrivacyRequestArgs) args: UpdatePrivacyRequestArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new PrivacyRequestService(tx).update(args));
  }

  @Mutation(() => DownloadTicket, {
    description: 'DISCLOSURE / PROVISION_RECORD_DISCLOSURE: produces the ZIP, downloadable once; the request is COMPLETED by the download. Provision records to authorities under '
      + '【9】\'s exemptions are withheld by default (art. 33(2)); `disclose` releases some, `withhold` withholds others with a reason',
  })
  fulfilDisclosureRequest(
    @Arg('requestId', () => ID) requestId: string,
    @Arg('withhold', () => [WithholdingInput], { nullable: true }) withhold: WithholdingInput[] | undefined,
    @Arg('disclose', () => [ID], { nullable: true }) disclose: string[] | undefined,
    @Arg('reason', () => String, { nullable: true, description: 'Why a file made earlier and not yet downloaded is made again (required then)' })
    reason: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return inTransaction(ctx, (tx) => fulfilDisclosure(tx, requestId, { withhold, disclose, reason }));
  }

  @Query(() => [DisclosureWithholding], { description: 'What a disclosure request withholds: as recorded once fulfilled, else as it would by default' })
  disclosureWithholdings(@Arg('requestId', () => ID) requestId: string, @Ctx() ctx: RequestContext) {
    return withholdingsOf(ctx, requestId);
  }

  @Mutation(() => PrivacyRequest, { description: 'CORRECTION: applies the corrected values through updateCustomer, the request being the reason' })
  fulfilCorrectionRequest(@Args(() => FulfilCorrectionArgs) args: FulfilCorrectionArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => fulfilCorrection(tx, args));
  }

  @Mutation(() => PrivacyRequest, { description: 'STOP_USE / STOP_PROVISION: sets (or, with liftStop, clears) the stop' })
  fulfilStopRequest(@Arg('requestId', () => ID) requestId: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => fulfilStop(tx, requestId));
  }

  @Mutation(() => PrivacyRequest, {
    description: 'DELETION, first person: asks for the erasure (IN_PROGRESS, fee settled) with a reason; the request waits AWAITING_APPROVAL, frozen. '
      + 'Nothing is erased until a second person approves (approveErasure). BAD_USER_INPUT field reason without one; CONFLICT in any other state',
  })
  requestErasure(@Arg('requestId', () => ID) requestId: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new ErasureService(tx).request(requestId, reason));
  }

  @Mutation(() => DeletionReport, {
    description: 'DELETION, second person (never the one who asked: FORBIDDEN): approves, and erases what no legal duty keeps, pseudonymising the rest. '
      + 'CONFLICT when the request is not awaiting approval (decided, withdrawn, never asked) or the customer is already erased',
  })
  approveErasure(@Arg('requestId', () => ID) requestId: string, @Arg('reason', () => String) reason: string,
    @Arg('askedAt', () => Date, { nullable: true, description: ASKED_AT }) askedAt: Date | null, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new ErasureService(tx).approve(requestId, reason, askedAt));
  }

  @Mutation(() => PrivacyRequest, { description: 'DELETION, second person: rejects the erasure asked for; the request is IN_PROGRESS again and nothing is erased' })
  rejectErasure(@Arg('requestId', () => ID) requestId: string, @Arg('reason', () => String) reason: string,
    @Arg('askedAt', () => Date, { nullable: true, description: ASKED_AT }) askedAt: Date | null, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new ErasureService(tx).reject(requestId, reason, askedAt));
  }

  @Mutation(() => PrivacyRequest, { description: 'DELETION: the one who asked for the erasure takes it back; the request is IN_PROGRESS again' })
  withdrawErasure(@Arg('requestId', () => ID) requestId: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new ErasureService(tx).withdraw(requestId, reason));
  }

  @Mutation(() => PrivacyRequest, {
    description: 'FOREIGN_MEASURES_INFO (APPI art. 28(3)): records as the answer, per recipient abroad the person\'s data went to on its system, the country, '
      + 'its system and the recipient\'s measures; completes the request. `withholdReason` withholds it all (art. 28(3) proviso), the reason being the answer',
  })
  fulfilForeignMeasuresRequest(@Arg('requestId', () => ID) requestId: string,
    @Arg('withholdReason', () => String, { nullable: true }) withholdReason: string | undefined, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => fulfilForeignMeasures(tx, requestId, withholdReason));
  }

  @Mutation(() => PrivacyRequest, { description: 'Links a request made without a customer to the customer it is about, once identified' })
  linkPrivacyRequestCustomer(@Arg('id', () => ID) id: string, @Arg('customerId', () => ID) customerId: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new PrivacyRequestService(tx).link(id, customerId));
  }

  @Mutation(() => PrivacyRequest, { description: 'Answers a request made without a customer (e.g. no data of the requester is held, art. 33(3)); completes it' })
  answerPrivacyRequest(@Args(() => AnswerPrivacyRequestArgs) args: AnswerPrivacyRequestArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new PrivacyRequestService(tx).answer(args.requestId, args.answer));
  }

  @FieldResolver(() => ID, { nullable: true, description: 'Null for a requester with no customer record' })
  customerId(@Root() r: PrivacyRequest) { return readField('PrivacyRequest', 'customerId', r); }

  @FieldResolver(() => Customer, { nullable: true, description: 'Null once erased, or for a requester with no customer record' })
  customer(@Root() r: PrivacyRequest, @Ctx() ctx: RequestContext) { return r.customer ? ctx.loaders.customer.load(r.customer.id) : null; }

  @FieldResolver(() => ID, { nullable: true }) handledById(@Root() r: PrivacyRequest) { return readField('PrivacyRequest', 'handledById', r); }

  @FieldResolver(() => Boolean, { description: 'Open and past its due date' }) overdue(@Root() r: PrivacyRequest) { return readField('PrivacyRequest', 'overdue', r); }

  @FieldResolver(() => [String], { description: 'Fields of this object masked or hidden for this request' })
  maskedFields(): string[] { throw new Error('maskedFields is resolved by the policy layer'); }
}
