import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FieldNode, type OperationDefinitionNode } from 'graphql';
import type { RequestContext } from '../context';
import { trailUnavailable } from '../common/errors';
import { recordSecurityEvent, type SecurityEventKind } from './security-events';
import { entryFromRequest } from './trail-context';
import type { AccessRecord } from './access-entries';
import { LruCache } from '../common/lru';

/**
 * Writes the access trail before the response leaves: one entry per data subject the request
 * returned personal fields about, all in one INSERT. If the trail cannot be written, the response is
 * replaced by an error: no personal value is served without its entry.
 */
export function accessTrailPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: ctx, response, request, operationName, operation }) {
          if (!ctx?.access) return;
          if (!(await writeAccessTrail(ctx, operationName ?? rootFieldOf(operation), request.query))) {
            const e = trailUnavailable();
            response.body = { kind: 'single', singleResult: { errors: [{ message: e.message, extensions: e.extensions }] } };
            response.http.status = 503;
            return;
          }
          await recordRefusals(ctx, response.body.kind === 'single' ? response.body.singleResult.errors : undefined, operationName);
        },
      };
    },
  };
}

/** An anonymous operation is recorded by its first root field (`{ allCustomers … }` → allCustomers), as the trail names it. */
function rootFieldOf(operation: OperationDefinitionNode | undefined | null): string | null {
  const field = operation?.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value !== '__typename');
  return field?.name.value ?? null;
}

/**
 * Appends the request's access entries (one per data subject served, one per trail read) and waits
 * until they are committed. False when they could not be written: the caller must not serve the answer.
 */
export async function writeAccessTrail(ctx: RequestContext, operationName: string | null, query: string | undefined): Promise<boolean> {
  if (!ctx.access.subjects.size && !ctx.trailReads.length) return true;
  const record: AccessRecord = {
    who: entryFromRequest(ctx, 'ACCESS', operationName, query ? queryHashOf(query) : null),
    subjects: ctx.access.subjects, reads: ctx.trailReads,
  };
  try {
    // Group commit: entries of concurrent requests share one statement.
    await ctx.accessTrail.appendAccess(record);
    return true;
  } catch {
    return false;
  }
}

/**
 * The sha256 of a query text, remembered for the texts seen last (clients send the same few queries again
 * and again): the 1,000 used last, texts of 2M characters at most in all (a body may be 256 kB).
 */
const queryHashes = new LruCache<string, string>('trail_query_hashes', { max: 1_000, weigh: (_, query) => query.length, maxWeight: 2_000_000 });
function queryHashOf(query: string): string {
  let h = queryHashes.get(query);
  if (!h) {
    h = createHash('sha256').update(query).digest('hex');
    queryHashes.set(query, h);
  }
  return h;
}

const REFUSALS: Record<string, SecurityEventKind> = { FORBIDDEN: 'FORBIDDEN', FORBIDDEN_PURPOSE: 'PURPOSE_REFUSED' };

/** Refused purposes and FORBIDDEN answers are security events (best effort: they protect nothing by themselves). */
export async function recordRefusals(ctx: RequestContext, errors: readonly { extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[] | undefined, operation: string | null | undefined) {
  const refused = (errors ?? []).filter((e) => REFUSALS[String(e.extensions?.code)]);
  if (!refused.length || !ctx.actor) return;
  const kind = REFUSALS[String(refused[0].extensions?.code)];
  await recordSecurityEvent(ctx, kind, { operation: operation ?? null, paths: refused.map((e) => e.path?.join('.') ?? null).slice(0, 20) })
    .catch(() => undefined);
}
