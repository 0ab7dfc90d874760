import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { PurposeKey } from '../../schema/policy';
import type { Actor } from './auth/actor';
import type { LoginSettings } from './auth/login-settings';
import type { LoginInProgress } from './auth/login-steps';
import type { SqlRunner } from './db/read-pool';
import type { Loaders } from './graphql/loaders';
import type { AccessRecorder } from './policy/access-recorder';
import type { Policy, PolicyDecisions } from './policy/decisions';
import type { AccessTrailSink } from './trail/access-entries';
import type { CheckpointOptions } from './trail/checkpointer';
import type { TrailHorizon } from './trail/trail-horizon';

/**
 * What the app is started with. The policy and the access trail are injected (defaults: schema/policy's
 * decisions, the trail writer): the benchmark's baselines pass their own, so that no switch for them is
 * read where the policy is enforced.
 */
export interface AppDeps {
  orm: MikroORM;
  secret: string;
  /** The decisions per actor × purpose (policy/decisions.ts declaredPolicy unless given: the bench's baseline only). */
  policy?: Policy;
  /** Where access records go (the trail writer unless given: the bench's baseline only). */
  accessTrail?: AccessTrailSink;
  /** Answer plannable list reads from raw rows (compiled-reads/); default on, MAMORI_COMPILED_READS=0 turns it off. */
  compiledReads?: boolean;
  /** Trusted proxies, second-factor roles, lock threshold: from the environment unless given (auth/login-settings.ts). */
  logins?: LoginSettings;
  /** Signed checkpoints of the trail (trail/checkpointer.ts): the key and directory; none when not given. */
  checkpoints?: CheckpointOptions;
  /**
   * false: keep no policy version watcher, so every request is decided under the compiled-in seed (version 1) —
   * the bench's baseline for deciding under the version in force (bench --only versions). Default: watched.
   */
  policyVersions?: boolean;
}

/** A read of the trail itself, recorded like any other read. */
export interface TrailRead {
  kind: string;
  returned: number;
  filter: Record<string, unknown>;
}

/** Everything a request is, decided once when it arrives (context.ts buildContext makes it). */
export interface RequestParts {
  deps: AppDeps;
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
  /** The number of the policy version in force when the request started (policy/policy-versions.ts); recorded on the trail. */
  policyVersion: number;
  /** The policy's decisions for this actor and purpose, under that version. */
  policy: PolicyDecisions;
  /** Collects every personal field served, and about whom (policy/access-recorder.ts). */
  access: AccessRecorder;
  /** Where the request's access record goes before the answer leaves. */
  accessTrail: AccessTrailSink;
  /** The compiled read path's raw reads go through the read pool (db/read-pool.ts), not the ORM's. */
  readRunner?: SqlRunner;
  /** Set when the actor was taken from an earlier request: the compiled read must confirm it (execute.ts). */
  actorToConfirm?: Actor;
  /** Shadow mode only: the trail as this request read it, noted (compiled path) or bounding (shadow run): trail/trail-horizon.ts. */
  trailHorizon?: TrailHorizon;
  /** The request's batch loaders, made on first use (graphql/loaders.ts). */
  makeLoaders: (ctx: RequestContext) => Loaders;
  /** The request's entity manager when it was already made (to resolve the credentials); else made on first use. */
  em?: EntityManager;
}

/**
 * Everything a resolver may use for one request: immutable (every part is fixed when the request arrives;
 * the recorders it holds collect what the request serves). The entity manager (a fork of the ORM's) and the
 * loaders are made on first use: the compiled read path needs no entity manager, and of the loaders only the
 * access history's (read as its resolver reads it). A transaction's context (`withEm`)
 * is the same request with that transaction's entity manager; it shares the request's recorders and loaders.
 */
export class RequestContext {
  readonly deps: AppDeps;
  readonly actor: Actor | null;
  readonly badCredentials: boolean;
  readonly loginInProgress: LoginInProgress | null;
  readonly declaredPurpose: string | null;
  readonly purpose: PurposeKey | null;
  readonly requestId: string;
  readonly clientAddress: string;
  readonly policyVersion: number;
  readonly policy: PolicyDecisions;
  readonly access: AccessRecorder;
  readonly accessTrail: AccessTrailSink;
  readonly readRunner: SqlRunner | undefined;
  readonly actorToConfirm: Actor | undefined;
  readonly trailHorizon: TrailHorizon | undefined;
  /** Reads of the trail itself, recorded like any other read. */
  readonly trailReads: TrailRead[];
  private readonly parts: RequestParts;
  /** Made on first use; shared with the request's transaction contexts. */
  private readonly lazy: { em?: EntityManager; loaders?: Loaders; owner: RequestContext };
  private readonly txEm: EntityManager | undefined;

  constructor(parts: RequestParts, shared?: { trailReads: TrailRead[]; lazy: RequestContext['lazy']; em: EntityManager }) {
    this.parts = parts;
    this.deps = parts.deps;
    this.actor = parts.actor;
    this.badCredentials = parts.badCredentials;
    this.loginInProgress = parts.loginInProgress;
    this.declaredPurpose = parts.declaredPurpose;
    this.purpose = parts.purpose;
    this.requestId = parts.requestId;
    this.clientAddress = parts.clientAddress;
    this.policyVersion = parts.policyVersion;
    this.policy = parts.policy;
    this.access = parts.access;
    this.accessTrail = parts.accessTrail;
    this.readRunner = parts.readRunner;
    this.actorToConfirm = parts.actorToConfirm;
    this.trailHorizon = parts.trailHorizon;
    this.trailReads = shared?.trailReads ?? [];
    this.lazy = shared?.lazy ?? { owner: this, em: parts.em };
    this.txEm = shared?.em;
  }

  get em(): EntityManager {
    return this.txEm ?? (this.lazy.em ??= this.deps.orm.em.fork() as EntityManager);
  }

  /** The request's loaders (made with the request's own context, a transaction's included). */
  get loaders(): Loaders {
    return (this.lazy.loaders ??= this.parts.makeLoaders(this.lazy.owner));
  }

  /** The same request inside a transaction: `em` is the transaction's. */
  withEm(em: EntityManager): RequestContext {
    return new RequestContext(this.parts, { trailReads: this.trailReads, lazy: this.lazy, em });
  }
}
