import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { type GraphQLFormattedError, type GraphQLSchema, isNonNullType, locatedError } from 'graphql';
import type { Actor } from '../auth/actor';
import { type AppDeps, buildContext, type RequestContext } from '../context';
import { recordRefusals, writeAccessTrail } from '../trail/access-trail.plugin';
import { isGraphQLError, trailUnavailable } from '../common/errors';
import { createReadPool } from '../db/read-pool';
import { routeOf, withRoute } from '../db/read-route';
import type { ReplicaSet } from '../db/replica-set';
import { BODY_LIMIT_BYTES, setSecurityHeaders, unreadableBody } from '../security/http-security';
import { noteAnswerCode, noteCompiledRead } from '../ops/request-log';
import { metrics, type UnplannedReason } from '../ops/metrics';
import { isProduction, settings } from '../config';
import { executePlan, StaleActor } from './execute';
import { NotCompiled } from './build-rows';
import { PlanCompiler, type ReadPlan } from './plan';
import { LruCache } from '../common/lru';
import { shadowComparer } from './shadow';
import { TrailHorizon } from '../trail/trail-horizon';
import { type Log, silentLog } from '../ops/log';

/** `application/json`, with no charset or UTF-8 (what express.json reads; anything else goes to express). */
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * The compiled read path, in front of express: a POST to /graphql whose JSON body is a list read it has
 * a plan for is answered from raw rows (the shield's own verdict, the same row scope, masking and trail as
 * the resolvers), without express's router and body parser. A request without a plan goes on to `rest`
 * (express and Apollo) untouched, with the body already read and parsed as express.json would; one with a
 * plan is answered here, its errors and refusals as errors (never run a second time by Apollo).
 * `MAMORI_COMPILED_READS=0` turns it off.
 */
export function compiledReadsFront(deps: AppDeps, schema: GraphQLSchema, rest: RequestListener, formatError: FormatError, replicas: ReplicaSet | null = null,
  log: Log = silentLog): { listener: RequestListener; close(): Promise<void> } {
  const compiler = new PlanCompiler(schema, deps.orm);
  // MAMORI_SHADOW_COMPARE=1: each answer given here is run again through graphql-js, unrecorded, and compared (shadow.ts);
  // reads of the trail too, bounded by the trail as the request read it.
  const shadow = settings().MAMORI_SHADOW_COMPARE ? shadowComparer(deps, schema, formatError, log) : null;
  const pool = createReadPool(deps.orm);
  // Staff actors resolved for each Authorization header: a guess of who the next request is, confirmed
  // in the statement that reads its page (a session revoked since is never served from here). Bounded:
  // the 10,000 credentials used last (a header is at most a few hundred bytes: some megabytes at most).
  const actors = new LruCache<string, Actor>('compiled_read_actors', { max: 10_000 });
  const remember = (credentials: string, actor: Actor) => { actors.set(credentials, actor); };

  /**
   * Answers `body` from the compiled path, or false when it is not for this path: no plan for its shape, or
   * variables the plan does not take, or a context Apollo must build (all decided before any statement of
   * the plan ran, and each counted). Once the plan runs, its answer is this path's, errors included.
   */
  async function answer(req: IncomingMessage, res: ServerResponse, body: unknown, remembered = true): Promise<boolean> {
    if (!isPlainRequest(body)) return false;
    const plan = compiler.planFor(body.query, (body.operationName as string | null) ?? undefined);
    if (!plan) return unplanned(req, 'shape');
    const credentials = req.headers.authorization;
    // With replicas, credentials are always resolved on the primary (a revoked session is refused at once),
    // and only then do the page's reads go to a replica (db/read-route.ts).
    const route = replicas ? routeOf(replicas, req) : null;
    const known = credentials && remembered && !route ? actors.get(credentials) : undefined;
    const replica = route?.readOnly();
    let ctx: RequestContext;
    try {
      // In shadow mode the request notes how far the trail reached when it read it, for its shadow run (trail/trail-horizon.ts).
      const built = buildContext(deps, req, { runner: pool.run, pageRunner: route && replica ? route.runner(replica, pool.run) : undefined, knownActor: known },
        shadow ? TrailHorizon.recording() : undefined);
      // A remembered actor's context is built at once (context.ts): awaited only when it is a promise.
      ctx = built instanceof Promise ? await built : built;
    } catch (error) {
      // The context's own errors (database down, an API key's untrusted document) have one answer: Apollo's context error.
      noteCompiledError(error);
      return unplanned(req, 'context');
    }
    let data: Record<string, unknown>;
    try {
      data = await executePlan(schema, plan, ctx, (body.variables as Record<string, unknown> | null) ?? undefined);
    } catch (error) {
      if (error instanceof NotCompiled) return unplanned(req, 'variables');
      if (error instanceof StaleActor) {
        // The remembered actor no longer holds: resolve the credentials afresh, on this path.
        if (credentials) actors.delete(credentials);
        return answer(req, res, body, false);
      }
      const refused = isGraphQLError(error) && REFUSALS.has(String(error.extensions.code));
      noteCompiledRead(req, refused ? 'refused' : 'failed', plan.root.def.name, ctx);
      const e = errorAt(plan, error, formatError);
      // As the trail plugin does for Apollo's answers: what was recorded, then the refusal as a security event.
      if (!(await writeAccessTrail(ctx, plan.operationName ?? plan.root.def.name, body.query))) return trailFailed(req, res);
      await recordRefusals(ctx, [e], plan.operationName);
      if (typeof e.extensions?.code === 'string') noteAnswerCode(req, e.extensions.code, e.extensions.reason);
      // The database unreachable: the plan's statements are all this request ran (its session is checked in the
      // page's statement), so nothing could run at all, answered 503 as a context that could not be built is.
      const status = e.extensions?.code === 'SERVICE_UNAVAILABLE' ? 503 : 200;
      const bytes = encoded({ errors: [e], data: isNonNullType(plan.root.def.type) ? null : { [plan.root.key]: null } });
      send(res, status, bytes);
      // A refusal, bad input or a record not found is compared; a failure is not (a statement that failed or timed out is never run a second time).
      if (shadow && (refused || ANSWERS.has(String(e.extensions?.code)))) shadow({ req, body, ctx, bytes, operation: plan.root.def.name });
      return true;
    }
    if (credentials && !known && ctx.actor?.kind === 'staff') remember(credentials, ctx.actor);
    noteCompiledRead(req, 'served', plan.root.def.name, ctx);
    // Encoded before the wait for the trail's commit: the rows are garbage by then, instead of being kept
    // (and copied by every minor collection) while dozens of requests wait for their batch.
    const answered = encoded({ data });
    if (!(await writeAccessTrail(ctx, plan.operationName ?? plan.root.def.name, body.query))) return trailFailed(req, res);
    send(res, 200, answered);
    shadow?.({ req, body, ctx, bytes: answered, operation: plan.root.def.name });
    return true;
  }

  /** The access entries could not be written: nothing is served. */
  function trailFailed(req: IncomingMessage, res: ServerResponse): true {
    const e = trailUnavailable();
    noteAnswerCode(req, 'TRAIL_UNAVAILABLE');
    send(res, 503, encoded({ errors: [{ message: e.message, extensions: e.extensions }] }));
    return true;
  }

  /** Counted, and handed to Apollo (nothing of the plan ran). */
  function unplanned(req: IncomingMessage, reason: UnplannedReason): false {
    noteCompiledRead(req, 'unplanned');
    metrics().compiledReadsUnplanned.inc({ reason });
    return false;
  }

  const listener: RequestListener = (req, res) => {
    if (!isCandidate(req)) return rest(req, res);
    readBody(req, (raw) => {
      let body: unknown;
      try {
        body = parseLikeExpressJson(raw);
      } catch {
        const { status, body: error } = unreadableBody(false);
        setSecurityHeaders(res);
        // As express's res.json writes it (no trailing newline).
        return void res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(error));
      }
      (req as IncomingMessage & { body?: unknown }).body = body;
      const route = replicas ? routeOf(replicas, req) : null;
      void (route ? withRoute(route, () => answer(req, res, body)) : answer(req, res, body)).then((answered) => { if (!answered) rest(req, res); });
    });
  };
  return { listener, close: () => pool.close() };
}

/** A POST to /graphql with a JSON body of known, acceptable length: the only requests read here. */
function isCandidate(req: IncomingMessage): boolean {
  const length = Number(req.headers['content-length']);
  return req.method === 'POST' && req.url === '/graphql' && JSON_TYPE.test(req.headers['content-type'] ?? '')
    && Number.isSafeInteger(length) && length <= BODY_LIMIT_BYTES
    && (req.headers['content-encoding'] ?? 'identity').toLowerCase() === 'identity';
}

/**
 * Calls `done` with the body's text once it has all come (a request that fails while its body arrives is
 * destroyed). Callbacks rather than a promise: a promise costs its async hooks on every request (MikroORM's
 * AsyncLocalStorages keep them on), and a body in one chunk is decoded without a copy.
 */
function readBody(req: IncomingMessage, done: (raw: string) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => done(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
  req.on('error', () => req.destroy());
}

/** body-parser's strict JSON: an empty body is `{}`, anything but an object or array is malformed. */
function parseLikeExpressJson(raw: string): unknown {
  if (raw.length === 0) return {};
  const first = raw.trimStart()[0];
  if (first !== '{' && first !== '[') throw new SyntaxError('not a JSON object or array');
  return JSON.parse(raw);
}

type PlainRequest = { query: string; operationName?: unknown; variables?: unknown };

function isPlainRequest(body: unknown): body is PlainRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  return typeof b.query === 'string' && b.extensions === undefined
    && (b.operationName == null || typeof b.operationName === 'string')
    && (b.variables == null || (typeof b.variables === 'object' && !Array.isArray(b.variables)));
}

/** An answer as Apollo writes it (JSON and a newline), encoded once so that its length is known. */
function encoded(body: unknown): Buffer {
  const json = JSON.stringify(body);
  // At most 3 bytes per UTF-16 unit: the text is encoded once, into a buffer surely large enough, then copied out at
  // its length (a copy is cheaper than measuring a long Japanese text first: Buffer.byteLength walks it as a write does).
  // Not a rope of JSON and newline either: Buffer.from flattened it into a copy as long as the answer.
  const most = json.length * 3 + 1;
  if (most > SCRATCH_MAX) return Buffer.from(`${json}\n`);
  if (most > scratch.length) scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX, Math.max(most, 2 * scratch.length)));
  const length = scratch.write(json, 0);
  scratch[length] = 0x0a;
  const bytes = Buffer.allocUnsafe(length + 1);
  scratch.copy(bytes, 0, 0, length + 1);
  return bytes;
}

/** Where answers are encoded (synchronously: one at a time), grown to the largest answer, up to SCRATCH_MAX bytes. */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);
const SCRATCH_MAX = 8 * 1024 * 1024;

/** Sends an encoded answer in one piece (writeHead then end(text) frames it as chunks), with the security headers every answer carries. */
function send(res: ServerResponse, status: number, bytes: Buffer): void {
  setSecurityHeaders(res);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length }).end(bytes);
}

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** The shield's refusals: answered here, counted apart from failures. */
const REFUSALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'FORBIDDEN_PURPOSE']);
/** Errors that answer the request as graphql-js would (compared in shadow mode), unlike a failure. */
const ANSWERS = new Set(['BAD_USER_INPUT', 'NOT_FOUND']);

/**
 * An error of the root field as graphql-js locates it and Apollo formats it (code INTERNAL_SERVER_ERROR when
 * it has none, then the server's formatError, which hides internals and names database errors).
 */
function errorAt(plan: ReadPlan, error: unknown, formatError: FormatError): GraphQLFormattedError {
  const located = locatedError(error, [plan.root.node], [plan.root.key]);
  const json = located.toJSON();
  const formatted = { ...json, extensions: { ...json.extensions, code: json.extensions?.code ?? 'INTERNAL_SERVER_ERROR' } };
  return formatError(formatted, located);
}

/** A context that failed to build is Apollo's to answer; under MAMORI_DEBUG its cause is still worth a line. */
function noteCompiledError(error: unknown): void {
  if (!isProduction() && settings().MAMORI_DEBUG) console.error('compiled reads: context', error);
}
