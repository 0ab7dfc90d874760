import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { badInput } from './errors';

export const MAX_PER_PAGE = 500;

/** react-admin's list arguments (ra-data-graphql-simple sends a 0-based page). */
@ArgsType()
export class ListArgs {
  @Field(() => Int, { nullable: true }) page?: number;
  @Field(() => Int, { nullable: true }) perPage?: number;
  @Field(() => String, { nullable: true }) sortField?: string;
  @Field(() => String, { nullable: true }) sortOrder?: string;
}

@ObjectType()
export class ListMetadata {
  @Field(() => Int) count!: number;
}

export function pageOf(args: ListArgs): { limit: number; offset: number } {
  const perPage = args.perPage ?? 25;
  const page = args.page ?? 0;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    throw badInput('perPage', `perPage は 1〜${MAX_PER_PAGE} です`, `perPage must be between 1 and ${MAX_PER_PAGE}`);
  }
  if (!Number.isInteger(page) || page < 0 || page > 1_000_000) throw badInput('page', 'page が正しくありません', 'Invalid page');
  return { limit: perPage, offset: page * perPage };
}

/**
 * A list's filter that narrows by ids or by nothing: the statement's other values are keys and the policy's
 * constants, one plan serves them all (SqlRunner's `samePlan`); a filter's values may each want their own.
 */
export function narrowsByIdsOnly(filter: object | null | undefined): boolean {
  return !filter || Object.entries(filter).every(([k, v]) => v == null || k === 'ids');
}

export function sortOrderOf(args: ListArgs): 'asc' | 'desc' {
  const o = (args.sortOrder ?? 'ASC').toUpperCase();
  if (o !== 'ASC' && o !== 'DESC') throw badInput('sortOrder', 'sortOrder は ASC か DESC です', 'sortOrder must be ASC or DESC');
  return o === 'ASC' ? 'asc' : 'desc';
}

/** Parses a GraphQL ID into a positive integer id or throws BAD_USER_INPUT. */
export function idOf(value: unknown, field = 'id'): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 2_147_483_647) throw badInput(field, `${field} が正しくありません`, `Invalid ${field}`);
  return n;
}
