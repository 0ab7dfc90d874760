import { privacyNoticeRoute } from './modules/privacy-notice/notice.route';
import { refreshNotice } from './modules/privacy-notice/notice-store';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { type AppDeps, buildContext, type RequestContext } from './context';
import { loginSettingsOf } from './auth/login-settings';
import { accessTrailPlugin } from './trail/access-trail.plugin';
import { closeTrailWriter, trailWriterFor } from './trail/trail-batcher';
import { closeCheckpointer, startCheckpointer } from './trail/checkpointer-thread';
import { registerKeyring } from './trail/subject-keys';
import { clientErrorForDatabase } from './common/db-errors';
import { compiledReadsFront } from './compiled-reads/front';
import { buildSchema } from './graphql/schema';
import { apolloCaches } from './graphql/apollo-caches';
import { closeCubes } from './modules/statistics/cube-store';
import { serveAdminUi } from './http/admin-ui';
import { downloadRoute } from './modules/privacy-request/download.route';
import { isProduction, loadSettings, settings } from './config';
import { BODY_LIMIT_BYTES, bodyErrors, securityHeaders } from './security/http-security';
import { inputHygienePlugin } from './security/input-hygiene';
import { QUERY_LIMITS, queryLimitRules } from './security/query-limits';
import { HealthChecks } from './ops/health';
import { type Log, silentLog } from './ops/log';
import { announcePolicyVersion, closePolicyVersions, startPolicyVersions } from './policy/policy-versions';
import { metrics } from './ops/metrics';
import { type MetricsServer, startMetricsServer } from './ops/metrics-server';
import { watchOrmPool } from './ops/orm-pool';
import { observedContext, observeRequests, requestLogPlugin } from './ops/request-log';
import { ReplicaSet } from './db/replica-set';
import { readRoutingPlugin, routeReads } from './db/read-routing';

/** Maps anything that is not one of our coded errors to a generic one: no stack, SQL or internals leak. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code === 'GRAPHQL_PARSE_FAILED' && /tokens/i.test(formatted.message)) {
    return { message: 'クエリが大きすぎます / Query too large', extensions: { code } };
  }
  const known = ['UNAUTHENTICATED', 'FORBIDDEN', 'FORBIDDEN_PURPOSE', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'TRAIL_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'TIMEOUT',
    'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE'];
  if (typeof code === 'string' && known.includes(code)) {
    const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const fromDatabase = clientErrorForDatabase(unwrapResolverError(error), formatted.path);
  if (fromDatabase) return fromDatabase;
  if (!isProduction() && settings().MAMORI_DEBUG) console.error(error);
  return { message: '内部エラーが発生しました / Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** The compiled read path (compiled-reads/) is on unless the deps or MAMORI_COMPILED_READS=0 turn it off. */
function compiledReadsOn(deps: AppDeps): boolean {
  return deps.compiledReads ?? settings().MAMORI_COMPILED_READS;
}

export interface RunningApp {
  url: string;
  /** The Prometheus endpoint, when it was asked for. */
  metricsUrl: string | null;
  server: Server;
  /** The streaming replicas taking read-only work (MAMORI_REPLICA_URL), or null without any. */
  replicas: ReplicaSet | null;
  stop(): Promise<void>;
}

/** How the app is operated: where its log goes, where its metrics are served (`npm start`: serve.ts). */
export interface OpsOptions {
  /** JSON lines, one per request and per unexpected error (default: none). */
  log?: Log;
  /** GET /metrics on this port and host (port 0: any free one); default: none. */
  metrics?: { port: number; host: string } | null;
}

/** The HTTP app: GraphQL at /graphql, the built admin UI at /, /healthz and /readyz; metrics on a port of their own. */
export async function startApp(deps: AppDeps, port = 0, host = '127.0.0.1', ops: OpsOptions = {}): Promise<RunningApp> {
  // The environment as it is now: a bad setting refuses to start (SettingsError), never a silent default.
  loadSettings();
  loginSettingsOf(deps); // a bad MAMORI_TRUSTED_PROXIES, MAMORI_MFA_ROLES… stops the start, naming it
  const log = ops.log ?? silentLog;
  const schema = buildSchema();
  // The policy version in force, before the first request (a database without one stops the start).
  // Its connection lost (a restart of the database, a shutdown): one line, and it reconnects and reloads.
  if (deps.policyVersions !== false) await startPolicyVersions(deps.orm, (error) => log.warn({ reason: error.message }, 'policy version listener'));
  // The public notice states the version in force: written now if missing or stale (a fresh install's version 1).
  await deps.orm.em.fork().transactional((em) => refreshNotice(em, 'START'));
  // Checked once before the first request, so that a replica found well already takes reads.
  const replicaUrls = settings().MAMORI_REPLICA_URL;
  const replicas = replicaUrls.length ? await ReplicaSet.start(deps.orm, replicaUrls, log) : null;
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Explicit, not Apollo's NODE_ENV default: production serves no introspection and no sandbox.
    introspection: !isProduction(),
    hideSchemaDetailsFromClientErrors: true,
    allowBatchedHttpRequests: false,
    // main.ts owns SIGINT/SIGTERM (it must stop the embedded Postgres too); Apollo's own handlers race it.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    validationRules: queryLimitRules(),
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    ...apolloCaches(), // bounded, and shown in /metrics (mamori_cache_*)
    plugins: [ApolloServerPluginCacheControlDisabled(), inputHygienePlugin(), accessTrailPlugin(), requestLogPlugin(log),
      ...(replicas ? [readRoutingPlugin(replicas, log)] : []), ...(isProduction() ? [ApolloServerPluginLandingPageDisabled()] : [])],
  });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  // No ETag on API answers: hashing every body costs CPU, and no answer is cacheable across role × purpose.
  // (The UI's static files keep theirs: sendFile sets its own.)
  app.set('etag', false);
  app.use(securityHeaders);
  app.use('/graphql', express.json({ limit: BODY_LIMIT_BYTES }), bodyErrors, ...(replicas ? [routeReads(replicas)] : []),
    expressMiddleware(apollo, { context: observedContext((req) => buildContext(deps, req)) }));
  app.get('/downloads/:token', downloadRoute(deps));
  app.get('/privacy-notice', privacyNoticeRoute(deps, log));
  const health = new HealthChecks(deps.orm);
  app.get('/healthz', health.healthz);
  app.get('/readyz', health.readyz);
  serveAdminUi(app, resolve('admin-ui/dist'));
  const front = compiledReadsOn(deps) ? compiledReadsFront(deps, schema, app, formatError, replicas, log) : null;
  const m = metrics();
  const unwatchPool = watchOrmPool(deps.orm);
  let metricsServer: MetricsServer | null = null;
  const server = createServer(observeRequests(announcePolicyVersion(front?.listener ?? app, deps.orm), log, m));
  try {
    // The metrics port first: a port taken there stops the start before the API takes traffic.
    if (ops.metrics) metricsServer = await startMetricsServer(m, ops.metrics.port, ops.metrics.host, log);
    await new Promise<void>((ok, fail) => { server.once('error', fail); server.listen(port, host, () => { server.off('error', fail); ok(); }); });
  } catch (error) {
    await metricsServer?.close();
    unwatchPool();
    await health.close();
    await apollo.stop();
    await front?.close();
    await replicas?.close();
    await closePolicyVersions(deps.orm);
    throw error;
  }
  // The trail writer's failures (their SQLSTATE, never a message) go to the app's log; stop() closes it.
  if (!deps.accessTrail) trailWriterFor(deps.orm, log);
  // Checkpoints are signed off the request path, on a timer and a connection of their own; the same key
  // wraps the customers' data keys (crypto-shredding). Without it the configured trail key serves.
  if (deps.checkpoints) {
    startCheckpointer(deps.orm, deps.checkpoints);
    registerKeyring(deps.orm, deps.checkpoints.key.wrappingKey, deps.checkpoints.retired?.map((k) => k.wrappingKey));
  }
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host}:${actualPort}`,
    metricsUrl: metricsServer?.url ?? null,
    server,
    replicas,
    async stop() {
      health.stopping = true;
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
      await closed;
      await apollo.stop();
      await closeTrailWriter(deps.orm);
      await closeCheckpointer(deps.orm);
      await closePolicyVersions(deps.orm);
      closeCubes(deps.orm);
      await front?.close();
      await replicas?.close();
      await health.close();
      unwatchPool();
      // Last, so that a scrape during the shutdown still answers.
      await metricsServer?.close();
    },
  };
}
