import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { allowanceOf, recordExport } from './export.service';
import { ExportAllowance, ExportRecorded } from './export.types';
import { ExportInput } from './export.inputs';

@Resolver()
export class ExportResolver {
  @Query(() => ExportAllowance, { description: 'The export cap of this role under the declared purpose' })
  exportAllowance(@Ctx() ctx: RequestContext): ExportAllowance {
    return { cap: allowanceOf(ctx) };
  }

  @Mutation(() => ExportRecorded, { description: 'Records a CSV export (reason, row count) before its file is written; refused above the cap' })
  recordExport(@Arg('input', () => ExportInput) input: ExportInput, @Ctx() ctx: RequestContext) {
    return recordExport(ctx, input);
  }
}
