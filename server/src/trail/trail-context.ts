import type { RequestContext } from '../context';
import { boundedText, PURPOSE_MAX } from './bounded-text';
import type { TrailEntryInput, TrailKind } from './trail-writer';

/** The who/why/where part of a trail entry, taken from the request. */
export function entryFromRequest(ctx: RequestContext, kind: TrailKind, operation: string | null = null, queryHash: string | null = null)
  : Omit<TrailEntryInput, 'customerId' | 'clearFields' | 'maskedFields' | 'detail'> {
  return {
    kind,
    staffId: ctx.actor?.staffId ?? null,
    apiKeyId: ctx.actor?.apiKeyId ?? null,
    role: ctx.actor?.role ?? null,
    // A purpose the caller declared but may not use is the raw header: recorded, bounded.
    purpose: ctx.purpose ?? (ctx.declaredPurpose === null ? null : boundedText(ctx.declaredPurpose, PURPOSE_MAX)),
    operation, queryHash,
    requestId: ctx.requestId,
    clientAddress: ctx.clientAddress,
    policyVersion: ctx.policyVersion,
  };
}
