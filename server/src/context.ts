import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isPurposeKey } from '../../schema/policy';
import { type Actor, InvalidCredentials, resolveActor, withVersionPurposes } from './auth/actor';
import { clientAddressOf } from './auth/client-address';
import { loginSettingsOf } from './auth/login-settings';
import { type LoginInProgress, loginInProgressOf } from './auth/login-steps';
import { assertTrustedDocument } from './auth/trusted-documents/trusted-document.check';
import { isDatabaseUnavailable } from './common/db-errors';
import { serviceUnavailable } from './common/errors';
import { createLoaders } from './graphql/loaders';
import { AccessRecorder } from './policy/access-recorder';
import { declaredPolicy } from './policy/decisions';
import { versionInForce } from './policy/policy-versions';
import { emRunner, type SqlRunner } from './db/read-pool';
import { trailWriterFor } from './trail/trail-batcher';
import type { TrailHorizon } from './trail/trail-horizon';
import { type AppDeps, RequestContext } from './request-context';

export { type AppDeps, RequestContext } from './request-context';

/** How the compiled read path reads: credentials on `runner`, the page on `pageRunner` (a replica's, or the same). */
export interface RawReads {
  runner: SqlRunner;
  pageRunner?: SqlRunner;
  /** The actor resolved for the same credentials before: the page's statement confirms it (execute.ts). */
  knownActor?: Actor;
}

/**
 * The one factory of request contexts. The compiled read path passes its read runners, and may pass the
 * actor it resolved for the same credentials before (`knownActor`): it then checks, in the statement that
 * reads the page, that the session still stands for that actor, and throws the answer away if not. In shadow
 * mode a compiled request and its shadow run pass a trail horizon (trail/trail-horizon.ts); nothing else does.
 * A context that needs nothing read (a known staff actor) is returned as it is, not as a promise: the compiled
 * path's requests are built without the promises and turns an `await` costs them.
 */
export function buildContext(deps: AppDeps, req: IncomingMessage, raw?: RawReads, trailHorizon?: TrailHorizon): RequestContext | Promise<RequestContext> {
  if (raw?.knownActor) return contextFor(deps, req, raw, { actor: raw.knownActor, badCredentials: false, loginInProgress: null }, trailHorizon);
  return withCredentialsResolved(deps, req, raw, trailHorizon);
}

interface Credentials { actor: Actor | null; badCredentials: boolean; loginInProgress: LoginInProgress | null }

async function withCredentialsResolved(deps: AppDeps, req: IncomingMessage, raw: RawReads | undefined, trailHorizon: TrailHorizon | undefined)
  : Promise<RequestContext> {
  // Without a raw runner, credentials are resolved through the request's own entity manager.
  const em = raw ? undefined : deps.orm.em.fork() as RequestContext['em'];
  const run = raw?.runner ?? emRunner(em!);
  const credentials: Credentials = { actor: null, badCredentials: false, loginInProgress: null };
  try {
    credentials.actor = await resolveActor(run, deps.secret, header(req, 'authorization'));
  } catch (e) {
    // Without the database nobody can be identified: a coded 503, not an internal error.
    if (!(e instanceof InvalidCredentials)) throw isDatabaseUnavailable(e) ? serviceUnavailable() : e;
    credentials.badCredentials = true;
    credentials.loginInProgress = await loginInProgressOf(run, deps.secret, header(req, 'authorization'))
      .catch((e2) => { throw isDatabaseUnavailable(e2) ? serviceUnavailable() : e2; });
  }
  return contextFor(deps, req, raw, credentials, trailHorizon, em);
}

/** The context once the credentials are known; a promise only when an API key's document must be checked. */
function contextFor(deps: AppDeps, req: IncomingMessage, raw: RawReads | undefined, credentials: Credentials, trailHorizon: TrailHorizon | undefined,
  em?: RequestContext['em']): RequestContext | Promise<RequestContext> {
  let actor = credentials.actor;
  const declaredPurpose = header(req, 'x-purpose')?.trim() || null;
  // Taken once: the whole request is decided under this version, whatever is published while it runs.
  const version = versionInForce(deps.orm);
  // Without a listener a publication could go unseen: refused (503), never decided under a replaced version.
  if (!version) throw serviceUnavailable();
  // The actor's purposes are the version's (one that gives a role a purpose, or takes one, counts at once); a
  // purpose is declared only if the version lets the role declare it too.
  if (actor) actor = withVersionPurposes(actor, version.compiled);
  const purpose = actor && isPurposeKey(declaredPurpose) && actor.purposes.includes(declaredPurpose)
    && version.compiled.roleMayDeclare(actor.role, declaredPurpose) ? declaredPurpose : null;
  const access = new AccessRecorder();
  const ctx = new RequestContext({
    deps, actor, badCredentials: credentials.badCredentials, loginInProgress: credentials.loginInProgress, declaredPurpose, purpose,
    requestId: header(req, 'x-request-id')?.slice(0, 64) || randomUUID(),
    clientAddress: clientAddressOf(req, loginSettingsOf(deps).trustedProxies),
    policyVersion: version.number,
    policy: (deps.policy ?? declaredPolicy)(actor, purpose, version),
    access,
    accessTrail: deps.accessTrail ?? trailWriterFor(deps.orm),
    readRunner: raw ? raw.pageRunner ?? raw.runner : undefined,
    actorToConfirm: raw?.knownActor,
    trailHorizon,
    makeLoaders: createLoaders,
    em,
  });
  access.masking.owner = ctx;
  // An API key runs only its approved documents. The compiled read path hands a refusal on to Apollo,
  // whose context records it: recorded once.
  const checked = assertTrustedDocument(ctx, raw?.runner ?? emRunner(ctx.em), req, !raw);
  return checked ? checked.then(() => ctx, (e) => { throw isDatabaseUnavailable(e) ? serviceUnavailable() : e; }) : ctx;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Runs `fn` in one database transaction, with the request's context whose `em` is that transaction's. */
export function inTransaction<T>(ctx: RequestContext, fn: (tx: RequestContext) => Promise<T>): Promise<T> {
  return ctx.em.transactional((em) => fn(ctx.withEm(em as RequestContext['em'])));
}
