import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { isPurposeKey, type PurposeKey } from '../../schema/policy';
import { type Actor, InvalidCredentials, resolveActor } from './auth/actor';
import { clientAddressOf } from './auth/client-address';
import { type LoginSettings, loginSettingsOf } from './auth/login-settings';
import { type LoginInProgress, loginInProgressOf } from './auth/login-steps';
import { assertTrustedDocument } from './auth/trusted-documents/trusted-document.check';
import { isDatabaseUnavailable } from './common/db-errors';
import { serviceUnavailable } from './common/errors';
import { createLoaders, type Loaders } from './graphql/loaders';
import { AccessRecorder } from './policy/access-recorder';
import { emRunner, type SqlRunner } from './db/read-pool';
import type { CheckpointOptions } from './trail/checkpointer';

export interface AppDeps {
  orm: MikroORM;
  secret: string;
  /** For the benchmark's baselines only: every field clear (policyOff), nothing written to the access trail (trailOff). */
  policyOff?: boolean;
  trailOff?: boolean;
  /** Answer plannable list reads from raw rows (compiled-reads/); default on, MAMORI_COMPILED_READS=0 turns it off. */
  compiledReads?: boolean;
  /** Trusted proxies, second-factor roles, lock threshold: from the environment unless given (auth/login-settings.ts). */
  logins?: LoginSettings;
  /** Signed checkpoints of the trail (trail/checkpointer.ts): the key and directory; none when not given. */
  checkpoints?: CheckpointOptions;
}

/** Everything a resolver may use for one request. */
export interface RequestContext {
  deps: AppDeps;
  em: EntityManager;
  actor: Actor | null;
  /** True when an Authorization header was given but was not valid. */
  badCredentials: boolean;
  /** A session past its password that still owes a step (auth/login-steps.ts): not an actor. */
  loginInProgress: LoginInProgress | null;
  /** The raw X-Purpose header: validated by the shield, read through `purpose`. */
  declaredPurpose: string | null;
  /** The declared purpose once known valid for the actor; null when none was declared or it is not allowed. */
  purpose: PurposeKey | null;
  requestId: string;
  clientAddress: string;
  loaders: Loaders;
  access: AccessRecorder;
  /** The policy's answer per data category for this request's role and purpose (filled by accessFor). */
  accessByCategory?: Map<string, import('../../schema/policy').Access>;
  /** Set on the compiled read path: its raw reads go through the read pool (db/read-pool.ts), not the ORM's. */
  readRunner?: SqlRunner;
  /** Set when the actor was taken from an earlier request: the compiled read must confirm it (execute.ts). */
  actorToConfirm?: Actor;
  /** Reads of the trail itself, recorded like any other read. */
  trailReads: { kind: string; returned: number; filter: Record<string, unknown> }[];
}

/**
 * The context of one request. The compiled read path passes its read runner, and may pass the actor it
 * resolved for the same credentials before (`knownActor`): it then checks, in the statement that reads
 * the page, that the session still stands for that actor, and throws the answer away if not.
 */
export async function buildContext(deps: AppDeps, req: IncomingMessage, readRunner?: SqlRunner, knownActor?: Actor): Promise<RequestContext> {
  const ctx = new LazyParts(deps) as unknown as RequestContext;
  let actor: Actor | null = knownActor ?? null;
  let badCredentials = false;
  let loginInProgress: LoginInProgress | null = null;
  if (!knownActor) try {
    actor = await resolveActor(readRunner ?? emRunner(ctx.em), deps.secret, header(req, 'authorization'));
  } catch (e) {
    // Without the database nobody can be identified: a coded 503, not an internal error.
    if (!(e instanceof InvalidCredentials)) throw isDatabaseUnavailable(e) ? serviceUnavailable() : e;
    badCredentials = true;
    loginInProgress = await loginInProgressOf(readRunner ?? emRunner(ctx.em), deps.secret, header(req, 'authorization'))
      .catch((e2) => { throw isDatabaseUnavailable(e2) ? serviceUnavailable() : e2; });
  }
  const declaredPurpose = header(req, 'x-purpose')?.trim() || null;
  const purpose = actor && isPurposeKey(declaredPurpose) && actor.purposes.includes(declaredPurpose) ? declaredPurpose : null;
  ctx.actor = actor;
  ctx.badCredentials = badCredentials;
  ctx.loginInProgress = loginInProgress;
  ctx.declaredPurpose = declaredPurpose;
  ctx.purpose = purpose;
  ctx.requestId = header(req, 'x-request-id')?.slice(0, 64) || randomUUID();
  ctx.clientAddress = clientAddressOf(req, loginSettingsOf(deps).trustedProxies);
  ctx.access = new AccessRecorder();
  ctx.access.masking.owner = ctx;
  ctx.trailReads = [];
  if (readRunner) ctx.readRunner = readRunner;
  if (knownActor) ctx.actorToConfirm = knownActor;
  // An API key runs only its approved documents. The compiled read path hands a refusal on to Apollo,
  // whose context records it: recorded once.
  await assertTrustedDocument(ctx, readRunner ?? emRunner(ctx.em), req, !readRunner)
    .catch((e) => { throw isDatabaseUnavailable(e) ? serviceUnavailable() : e; });
  return ctx;
}

/**
 * The request's entity manager (a fork of the ORM's) and its loaders, made on first use: the compiled
 * read path needs neither. `em` can be replaced (a transaction's context sets its own). Getters of a
 * class rather than properties defined on each context (profiled: defining them per request cost ~1.5 %
 * of a compiled list read's main thread). Contexts made from this one (inTransaction) share its parts.
 */
class LazyParts {
  private readonly lazy: { em?: EntityManager; loaders?: Loaders; owner: RequestContext };

  constructor(readonly deps: AppDeps) {
    this.lazy = { owner: this as unknown as RequestContext };
  }

  get em(): EntityManager {
    return (this.lazy.em ??= this.deps.orm.em.fork() as EntityManager);
  }

  set em(value: EntityManager) {
    this.lazy.em = value;
  }

  get loaders(): Loaders {
    return (this.lazy.loaders ??= createLoaders(this.lazy.owner));
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Runs `fn` in one database transaction, with a context whose `em` is that transaction's. */
export function inTransaction<T>(ctx: RequestContext, fn: (tx: RequestContext) => Promise<T>): Promise<T> {
  return ctx.em.transactional((em) => {
    // Its own property: assigning would go through ctx's lazy `em` setter and replace ctx's own manager.
    const tx = Object.create(ctx, { em: { value: em, enumerable: true } }) as RequestContext;
    return fn(tx);
  });
}
