import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { type DocumentNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { clientErrorForDatabase } from '../common/db-errors';
import type { RequestContext } from '../context';
import { loggableRequestId, type Log, safeError } from './log';
import type { Metrics } from './metrics';

/** Fixed names for what was asked: a URL is never logged (a download's path is its token). */
export type Route = 'graphql' | 'download' | 'privacy-notice' | 'healthz' | 'readyz' | 'ui' | 'other';
/** Logged at debug: probes and the UI's files would drown the API's lines. */
const QUIET: ReadonlySet<Route> = new Set(['healthz', 'readyz', 'ui']);

export type CompiledOutcome = 'served' | 'refused' | 'failed' | 'unplanned';

/** One request as the log and the metrics see it; filled in by whoever answers it. */
interface Exchange {
  /** The request id as it may be logged (ops/log.ts loggableRequestId). */
  id: string;
  started: number;
  route: Route;
  /** Root fields of the GraphQL operation (schema names, never arguments or aliases). */
  operation?: string;
  /** The answer's code, read once the response has gone (a plugin may replace the body until then). */
  answer?: () => Answered;
  code?: string;
  reason?: string;
  compiled?: CompiledOutcome;
  actor?: 'staff' | 'apiKey';
  role?: string;
  purpose?: string | null;
}

interface Answered { code: string; reason?: string }

const exchanges = new WeakMap<IncomingMessage, Exchange>();
/** On the request's context, an own enumerable property: Apollo hands its plugins a copy of the context. */
/**
 * The exchange of each request, by its access recorder: Apollo runs the operation with a shallow copy of the
 * context it was given (cloneObject), which shares the recorder; the context itself is immutable.
 */
const exchangeByRecorder = new WeakMap<RequestContext['access'], Exchange>();

/**
 * Wraps the server's listener: gives every request an id (the client's X-Request-Id, else a new UUID, put
 * in the request's headers so that the trail records the same one, and echoed in the answer), and when
 * the answer has gone writes one log line and counts it. The line holds the route, status, duration,
 * GraphQL operation (root field names), code, refusal reason, role and purpose — never a value, a URL, a
 * header, an argument or who the person is: the trail says who, the request id links the two.
 */
export function observeRequests(listener: RequestListener, log: Log, metrics: Metrics): RequestListener {
  // One listener for every answer, not a closure per request: the exchange is found by the response's request.
  function closed(this: ServerResponse): void {
    const ex = exchanges.get(this.req);
    if (ex) finish(ex, this.req, this, log, metrics);
  }
  return (req, res) => {
    let id = req.headers['x-request-id'];
    if (Array.isArray(id)) id = id[0];
    if (!id) req.headers['x-request-id'] = id = randomUUID();
    id = id.slice(0, 64); // as the trail keeps it (context.ts)
    const loggableId = loggableRequestId(id);
    res.setHeader('X-Request-Id', loggableId);
    const exchange: Exchange = { id: loggableId, started: performance.now(), route: routeOf(req) };
    exchanges.set(req, exchange);
    // 'close' comes once per response, whether the answer was sent or the client left.
    res.on('close', closed);
    listener(req, res);
  };
}

function routeOf(req: IncomingMessage): Route {
  const path = (req.url ?? '/').split('?', 1)[0];
  if (path === '/graphql') return 'graphql';
  if (path.startsWith('/downloads/')) return 'download';
  if (path === '/privacy-notice') return 'privacy-notice';
  if (path === '/healthz' || path === '/readyz') return path.slice(1) as Route;
  return req.method === 'GET' || req.method === 'HEAD' ? 'ui' : 'other';
}

/** Codes of answers that never reached Apollo's formatting (express's body parser, the compiled path). */
const BY_STATUS: Record<number, string> = { 200: 'OK', 400: 'BAD_REQUEST', 413: 'PAYLOAD_TOO_LARGE', 503: 'SERVICE_UNAVAILABLE' };
const REASON = /^[A-Z][A-Z0-9_]{0,39}$/;

function finish(ex: Exchange, req: IncomingMessage, res: ServerResponse, log: Log, metrics: Metrics): void {
  const seconds = (performance.now() - ex.started) / 1000;
  const aborted = !res.writableFinished;
  const status = aborted ? 'aborted' : String(res.statusCode);
  metrics.httpRequests.series(ex.route, status).inc();
  metrics.httpSeconds.series(ex.route).observe(seconds);
  const level = res.statusCode >= 500 || aborted ? 'warn' : QUIET.has(ex.route) ? 'debug' : 'info';
  // The line is built only for a level the log writes (the counts above are kept either way).
  const line: Record<string, unknown> | null = log.isLevelEnabled(level)
    ? { requestId: ex.id, route: ex.route, method: req.method, status, durationMs: Math.round(seconds * 10_000) / 10 } : null;
  if (ex.route === 'graphql') {
    const answered = ex.answer?.() ?? { code: ex.code ?? BY_STATUS[res.statusCode] ?? `HTTP_${res.statusCode}`, reason: ex.reason };
    const operation = metrics.operations.of(ex.operation ?? 'unresolved');
    const reason = answered.reason && REASON.test(answered.reason) ? metrics.reasons.of(answered.reason) : '';
    metrics.graphqlRequests.series(operation, answered.code, reason).inc();
    metrics.graphqlSeconds.series(operation).observe(seconds);
    if (ex.compiled) metrics.compiledReads.series(ex.compiled).inc();
    if (line) Object.assign(line, { operation, code: answered.code }, reason ? { reason } : {}, ex.compiled ? { compiled: ex.compiled } : {});
  }
  if (!line) return;
  if (ex.role) Object.assign(line, { actor: ex.actor, role: ex.role, purpose: ex.purpose ?? null });
  log[level](line, 'request');
}

/** What the compiled read path did with a POST to /graphql (compiled-reads/front.ts). */
export function noteCompiledRead(req: IncomingMessage, outcome: CompiledOutcome, operation?: string, ctx?: RequestContext): void {
  const ex = exchanges.get(req);
  if (!ex) return;
  ex.compiled = outcome;
  if (operation) ex.operation = operation;
  if (ctx) noteActor(ex, ctx);
}

/** The code (and refusal reason) of an answer the compiled read path sent itself (an error, TRAIL_UNAVAILABLE). */
export function noteAnswerCode(req: IncomingMessage, code: string, reason?: unknown): void {
  const ex = exchanges.get(req);
  if (!ex) return;
  ex.code = code;
  if (typeof reason === 'string') ex.reason = reason;
}

function noteActor(ex: Exchange, ctx: RequestContext): void {
  if (!ctx.actor) return;
  ex.actor = ctx.actor.kind;
  ex.role = ctx.actor.role;
  ex.purpose = ctx.purpose;
}

/**
 * Apollo's context function, observed: links the context to its request, and when it throws (bad
 * credentials with the database down, an API key's untrusted document) keeps the code — Apollo then
 * answers without running any plugin.
 */
export function observedContext<C extends RequestContext>(build: (req: IncomingMessage) => C | Promise<C>) {
  return async ({ req }: { req: IncomingMessage }): Promise<C> => {
    const ex = exchanges.get(req);
    try {
      const ctx = await build(req);
      if (ex) { exchangeByRecorder.set(ctx.access, ex); noteActor(ex, ctx); }
      return ctx;
    } catch (error) {
      if (ex) {
        const ext = (error as { extensions?: { code?: unknown; reason?: unknown } }).extensions;
        ex.code = typeof ext?.code === 'string' ? ext.code : 'INTERNAL_SERVER_ERROR';
        if (typeof ext?.reason === 'string') ex.reason = ext.reason;
      }
      throw error;
    }
  };
}

/**
 * Names each GraphQL request's operation for the log and the metrics, reads its code from the answer as
 * sent, and logs errors that are none of the API's coded ones (their class, SQLSTATE and stack; never
 * their message, which may quote data).
 */
export function requestLogPlugin(log: Log): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const ex = contextValue?.access ? exchangeByRecorder.get(contextValue.access) : undefined;
      return {
        async didResolveOperation({ operation, document }) {
          if (ex && operation) ex.operation = rootFieldsOf(operation, document);
        },
        async willSendResponse({ response }) {
          if (!ex) return;
          // Read when the answer has gone: the access trail's plugin may still replace the body.
          ex.answer = () => {
            const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
            const ext = errors?.[0]?.extensions;
            if (!ext) return { code: errors?.length ? 'INTERNAL_SERVER_ERROR' : 'OK' };
            return { code: typeof ext.code === 'string' ? ext.code : 'INTERNAL_SERVER_ERROR', reason: typeof ext.reason === 'string' ? ext.reason : undefined };
          };
        },
        async didEncounterErrors({ errors }) {
          for (const e of errors) {
            if (typeof e.extensions?.code === 'string' && e.extensions.code !== 'INTERNAL_SERVER_ERROR') continue;
            const original = unwrapResolverError(e);
            // A duplicate or a bad value is the client's (CONFLICT, BAD_USER_INPUT); a timeout or an outage is worth a warning.
            const mapped = clientErrorForDatabase(original, undefined)?.extensions?.code;
            if (mapped === 'CONFLICT' || mapped === 'BAD_USER_INPUT') continue;
            const line = { requestId: ex?.id, operation: ex?.operation, err: safeError(original) };
            if (mapped) log.warn({ ...line, code: mapped }, 'database error');
            else log.error(line, 'unexpected error');
          }
        },
      };
    },
  };
}

/** Operation labels by operation node: Apollo keeps parsed documents, so each text is walked once. */
const labels = new WeakMap<OperationDefinitionNode, string>();

/** The operation's root field names, sorted, joined by `+` (at most four, then `several`). */
function rootFieldsOf(operation: OperationDefinitionNode, document: DocumentNode): string {
  let label = labels.get(operation);
  if (label) return label;
  const names = new Set<string>();
  const walk = (set: SelectionSetNode, depth: number) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (depth > 3) continue;
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, depth + 1);
      else {
        const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value);
        if (fragment?.kind === Kind.FRAGMENT_DEFINITION) walk(fragment.selectionSet, depth + 1);
      }
    }
  };
  walk(operation.selectionSet, 0);
  label = names.size > 4 ? 'several' : [...names].sort().join('+') || 'none';
  labels.set(operation, label);
  return label;
}
