import type { IncomingMessage } from 'node:http';
import { execute, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema, parse } from 'graphql';
import { type AppDeps, buildContext, type RequestContext } from '../context';
import type { Log } from '../ops/log';
import { loggableRequestId, safeError } from '../ops/log';
import { metrics } from '../ops/metrics';
import { inCanonicalOrder } from '../trail/access-entries';

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** What the compiled path answered one request with: the bytes it sent, and the context that recorded its trail. */
export interface CompiledAnswer {
  req: IncomingMessage;
  body: { query: string; operationName?: unknown; variables?: unknown };
  ctx: RequestContext;
  /** The answer as sent (JSON and a newline). */
  bytes: Buffer;
  operation: string;
}

/** Shadow runs at once at most: beyond, a request is not compared (counted as skipped), so that the mode cannot double the load. */
const MAX_IN_FLIGHT = 4;

/**
 * Shadow comparison (`MAMORI_SHADOW_COMPARE=1`, issue #18 item 4): after the compiled path has answered a
 * request and its trail is committed, the same request runs through graphql-js (the schema's own resolvers,
 * shield and masking) in a context built as Apollo builds it, and the two are compared: the answer byte for
 * byte, the trail entries the two contexts collected field by field. Nothing of the shadow run is recorded
 * (no trail entry, no security event: it is not a second read by the staff member) and its answer goes
 * nowhere. A difference is logged (where it is — a JSON path, field names — never a value) and counted in
 * `mamori_shadow_compare_total{result}`. Only served answers, refusals and bad input are compared: a failed
 * read (a statement that timed out, the database gone) is never run a second time. Reads of the trail are
 * compared too: the shadow run reads it as the compiled request read it (trail/trail-horizon.ts), without that
 * request's own entries or any written since.
 */
export function shadowComparer(deps: AppDeps, schema: GraphQLSchema, formatError: FormatError, log: Log): (answer: CompiledAnswer) => void {
  let inFlight = 0;
  return (answer) => {
    if (inFlight >= MAX_IN_FLIGHT) return void metrics().shadowCompare.inc({ result: 'skipped' });
    inFlight++;
    compare(deps, schema, formatError, answer).then((difference) => {
      metrics().shadowCompare.inc({ result: difference ? 'different' : 'same' });
      if (difference) {
        log.warn({ requestId: loggableRequestId(answer.ctx.requestId), operation: answer.operation, role: answer.ctx.actor?.role ?? null,
          purpose: answer.ctx.purpose, ...difference }, 'shadow compare: the compiled path and graphql-js differ');
      }
    }, (error: unknown) => {
      metrics().shadowCompare.inc({ result: 'failed' });
      log.error({ requestId: loggableRequestId(answer.ctx.requestId), operation: answer.operation, error: safeError(error) }, 'shadow compare: the graphql-js run failed');
    }).finally(() => { inFlight--; });
  };
}

/** Where the two differ: `part` (answer or trail) and a description naming paths and fields, not values; null when alike. */
export type Difference = { part: 'answer' | 'trail'; where: string };

async function compare(deps: AppDeps, schema: GraphQLSchema, formatError: FormatError, answer: CompiledAnswer): Promise<Difference | null> {
  const { req, body } = answer;
  // As Apollo builds it (the actor resolved again from the credentials); its masking budget reports nothing. Its reads
  // of the trail see the trail as the compiled request read it, not with that request's entries or any written since.
  const shadow = await buildContext(deps, req, undefined, answer.ctx.trailHorizon?.bounding());
  shadow.access.masking.owner = null;
  const result = await execute({
    schema, document: parse(body.query), contextValue: shadow,
    operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
    variableValues: (body.variables as Record<string, unknown> | null) ?? undefined,
  });
  const expected = `${JSON.stringify(asApolloWrites(result, formatError))}\n`;
  const got = answer.bytes.toString('utf8');
  if (got !== expected) return { part: 'answer', where: firstDifference(JSON.parse(got), JSON.parse(expected)) };
  const trail = trailDifference(answer.ctx, shadow);
  return trail ? { part: 'trail', where: trail } : null;
}

/** The body Apollo writes for an execution result: errors (coded, then the server's formatError), then data. */
function asApolloWrites(result: ExecutionResult, formatError: FormatError): Record<string, unknown> {
  if (!result.errors?.length) return { data: result.data };
  const errors = result.errors.map((e) => {
    const json = e.toJSON();
    return formatError({ ...json, extensions: { ...json.extensions, code: json.extensions?.code ?? 'INTERNAL_SERVER_ERROR' } }, e);
  });
  return result.data === undefined ? { errors } : { errors, data: result.data };
}

/** The first place two JSON values differ, as a path (`data.allCustomers[3].phone`) and what differs there. */
export function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return a.length === b.length ? '' : `${path}: ${a.length} items against ${b.length}`;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.join(',') !== kb.join(',')) return `${path || '.'}: keys ${ka.join(',')} against ${kb.join(',')}`;
    for (const k of ka) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return '';
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return '';
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v);
  return `${path}: ${kind(a) === kind(b) ? `two different ${kind(a)} values` : `${kind(a)} against ${kind(b)}`}`;
}

/** The trail entries two contexts would write, compared per subject; names the fields that differ, never a value or a subject. */
function trailDifference(compiled: RequestContext, shadow: RequestContext): string | null {
  const a = compiled.access.subjects;
  const b = shadow.access.subjects;
  if (a.size !== b.size) return `${a.size} subjects against ${b.size}`;
  const fields = new Set<string>();
  for (const [id, x] of a) {
    const y = b.get(id);
    if (!y) return 'other subjects';
    for (const [p, q] of [[x.clear, y.clear], [x.masked, y.masked], [y.clear, x.clear], [y.masked, x.masked]]) for (const f of p) if (!q.has(f)) fields.add(f);
  }
  if (fields.size) return `fields recorded differently: ${[...fields].sort().join(', ')}`;
  // As the trail writes them (access-entries.ts): in canonical order, not the order each executor ran them.
  if (JSON.stringify(inCanonicalOrder(compiled.trailReads)) !== JSON.stringify(inCanonicalOrder(shadow.trailReads))) return 'trail reads';
  return null;
}
