// The HTTP side of the read route (read-route.ts): each GraphQL request runs with its route; a query asks
// for a replica once its operation is known; a request that wrote hands back the primary's position.
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { settings } from '../config';
import type { Log } from '../ops/log';
import { safeError } from '../ops/log';
import { currentRoute, READ_AFTER_HEADER, readAfterCookie, routeOf, withRoute } from './read-route';
import type { ReplicaSet } from './replica-set';

/** Express middleware: the rest of the request (Apollo, its resolvers, its plugins) runs with the request's route. */
export function routeReads(set: ReplicaSet): RequestHandler {
  return (req, _res, next) => withRoute(routeOf(set, req), next);
}

/** Stands for a position that could not be read: the session reads from the primary until the cookie expires. */
const UNKNOWN_POSITION = 'unknown';

/**
 * A query's reads go to a replica; a mutation's stay on the primary. After a mutation, or a query that
 * wrote (a security event, an export record), the answer carries the primary's position then, as the
 * `X-Mamori-Read-After` header and a cookie: the session's next reads go to a replica only once it has
 * replayed that far (the browser sends the cookie by itself; an API client sends the header back).
 */
export function readRoutingPlugin(set: ReplicaSet, log: Log): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'query') currentRoute()?.readOnly();
        },
        async willSendResponse({ operation, response }) {
          const route = currentRoute();
          if (!route || (operation?.operation !== 'mutation' && !route.wrote)) return;
          let lsn: string;
          try {
            lsn = await set.primaryLsn();
          } catch (error) {
            // What was written cannot be placed: the session's reads go to the primary for a while (fails closed).
            log.warn({ err: safeError(error) }, 'read-after position unknown: the primary did not answer');
            lsn = UNKNOWN_POSITION;
          }
          const { MAMORI_REPLICA_MAX_LAG_MS: maxLag, MAMORI_REPLICA_CHECK_MS: check, MAMORI_PUBLIC_URL: publicUrl } = settings();
          response.http.headers.set(READ_AFTER_HEADER, lsn);
          response.http.headers.set('set-cookie', readAfterCookie(lsn, maxLag, check, publicUrl?.protocol === 'https:'));
        },
      };
    },
  };
}
