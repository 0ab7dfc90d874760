import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { listFees, RequestFee, setFees } from './fees';
import { RequestFeeInput } from './privacy-request.inputs';
import { inTransaction, type RequestContext } from '../../context';
import { refreshNotice } from '../privacy-notice/notice-store';
import { LegalRetentionSettingsType, readLegalSettings, updateLegalSettings } from './legal-settings';
import { UpdateLegalRetentionSettingsArgs } from './privacy-request.inputs';

@Resolver()
export class LegalSettingsResolver {
  @Query(() => LegalRetentionSettingsType, { description: 'The settings legal retention is counted with, and the rules (law, start event, years)' })
  legalRetentionSettings(@Ctx() ctx: RequestContext) { return readLegalSettings(ctx); }

  @Query(() => [RequestFee], { description: 'The fee of each request kind (APPI art. 38; default none)' })
  requestFees(@Ctx() ctx: RequestContext) { return listFees(ctx); }

  @Mutation(() => [RequestFee], { description: 'Sets fees; only disclosures may be charged, at most 5,000 yen; recorded in the trail' })
  setRequestFees(@Arg('fees', () => [RequestFeeInput]) fees: RequestFeeInput[], @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, async (tx) => {
      const set = await setFees(tx, fees);
      // The public notice states the fees (art. 32(1)(iii)): its new row commits with them.
      await refreshNotice(tx.em, 'SETTINGS');
      return set;
    });
  }

  @Mutation(() => LegalRetentionSettingsType, { description: 'Sets the fiscal year end, entity type, loss years or filing months; recorded in the trail' })
  updateLegalRetentionSettings(@Args(() => UpdateLegalRetentionSettingsArgs) args: UpdateLegalRetentionSettingsArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => updateLegalSettings(tx, args));
  }
}
