import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { Actor } from '../auth/actor';
import { type AppDeps, buildContext } from '../context';
import { writeAccessTrail } from '../trail/access-trail.plugin';
import { trailUnavailable } from '../common/errors';
import { createReadPool } from '../db/read-pool';
import { routeOf, withRoute } from '../db/read-route';
import type { ReplicaSet } from '../db/replica-set';
import { BODY_LIMIT_BYTES, setSecurityHeaders, unreadableBody } from '../security/http-security';
import { noteAnswerCode, noteCompiledRead } from '../ops/request-log';
import { executePlan } from './execute';
import { PlanCompiler } from './plan';

/** `application/json`, with no charset or UTF-8 (what express.json reads; anything else goes to express). */
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * The compiled read path, in front of express: a POST to /graphql whose JSON body is a list read it has
 * a plan for is answered from raw rows (same shield rule, row scope, masking and trail as the resolvers),
 * without express's router and body parser. Everything else, and every error or refusal, goes on to
 * `rest` (express and Apollo) untouched, with the body already read and parsed as express.json would.
 * `MAMORI_COMPILED_READS=0` turns it off.
 */
export function compiledReadsFront(deps: AppDeps, schema: GraphQLSchema, rest: RequestListener, replicas: ReplicaSet | null = null): { listener: RequestListener; close(): Promise<void> } {
  const compiler = new PlanCompiler(schema, deps.orm);
  const pool = createReadPool(deps.orm);
  // Staff actors resolved for each Authorization header: a guess of who the next request is, confirmed
  // in the statement that reads its page (a session revoked since is never served from here).
  const actors = new Map<string, Actor>();
  const remember = (credentials: string, actor: Actor) => {
    if (actors.size >= 10_000) actors.clear();
    actors.set(credentials, actor);
  };

  async function answer(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<boolean> {
    if (!isPlainRequest(body)) return false;
    const plan = compiler.planFor(body.query, (body.operationName as string | null) ?? undefined);
    if (!plan) { noteCompiledRead(req, 'unplanned'); return false; }
    const credentials = req.headers.authorization;
    // With replicas, credentials are always resolved on the primary (a revoked session is refused at once),
    // and only then do the page's reads go to a replica (db/read-route.ts).
    const route = replicas ? routeOf(replicas, req) : null;
    const known = credentials && !route ? actors.get(credentials) : undefined;
    try {
      const ctx = await buildContext(deps, req, pool.run, known);
      const replica = route?.readOnly();
      if (route && replica) ctx.readRunner = route.runner(replica, pool.run);
      const data = await executePlan(schema, plan, ctx, (body.variables as Record<string, unknown> | null) ?? undefined);
      if (credentials && !known && ctx.actor?.kind === 'staff') remember(credentials, ctx.actor);
      noteCompiledRead(req, 'served', plan.root.def.name, ctx);
      // Encoded before the wait for the trail's commit: the rows are garbage by then, instead of being kept
      // (and copied by every minor collection) while dozens of requests wait for their batch.
      const answer = encoded({ data });
      if (!(await writeAccessTrail(ctx, plan.operationName, body.query))) {
        const e = trailUnavailable();
        noteAnswerCode(req, 'TRAIL_UNAVAILABLE');
        send(res, 503, encoded({ errors: [{ message: e.message, extensions: e.extensions }] }));
        return true;
      }
      send(res, 200, answer);
      return true;
    } catch {
      // NotCompiled (refusals, bad input, a shape left to graphql-js, a session that changed) or a database
      // error: Apollo answers them with its one error path (nothing was served or written here).
      if (credentials) actors.delete(credentials);
      noteCompiledRead(req, 'declined');
      return false;
    }
  }

  const listener: RequestListener = (req, res) => {
    if (!isCandidate(req)) return rest(req, res);
    readBody(req).then(async (raw) => {
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
      const answered = route ? await withRoute(route, () => answer(req, res, body)) : await answer(req, res, body);
      if (!answered) rest(req, res);
    }, () => req.destroy());
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
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
  // Buffer.from, not Buffer.byteLength then a write: byteLength walks a long Japanese text a second time.
  return Buffer.from(`${JSON.stringify(body)}\n`);
}

/** Sends an encoded answer in one piece (writeHead then end(text) frames it as chunks), with the security headers every answer carries. */
function send(res: ServerResponse, status: number, bytes: Buffer): void {
  setSecurityHeaders(res);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length }).end(bytes);
}
