import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { inTransaction, type RequestContext } from '../../context';
import { LegalRetentionSettingsType, readLegalSettings, UpdateLegalRetentionSettingsArgs, updateLegalSettings } from './legal-settings';

@Resolver()
export class LegalSettingsResolver {
  @Query(() => LegalRetentionSettingsType, { description: 'The settings legal retention is counted with, and the rules (law, start event, years)' })
  legalRetentionSettings(@Ctx() ctx: RequestContext) { return readLegalSettings(ctx); }

  @Mutation(() => LegalRetentionSettingsType, { description: 'Sets the fiscal year end, entity type, loss years or filing months; recorded in the trail' })
  updateLegalRetentionSettings(@Args(() => UpdateLegalRetentionSettingsArgs) args: UpdateLegalRetentionSettingsArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => updateLegalSettings(tx, args));
  }
}
