import { FieldResolver, Resolver, Root } from 'type-graphql';
import { ListMetadata } from './list';

/** `estimated` for every list: false unless the list's count says otherwise (see count.ts). */
@Resolver(() => ListMetadata)
export class ListMetadataResolver {
  @FieldResolver(() => Boolean, { description: 'True when count is the database planner\'s estimate (very large lists), not an exact count: show it as approximate' })
  estimated(@Root() meta: { estimated?: boolean }): boolean { return meta.estimated === true; }
}
