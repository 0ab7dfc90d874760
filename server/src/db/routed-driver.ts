// The ORM's driver, with the primary's connection made to follow the request's read route (read-route.ts):
// every service keeps calling `em.find`, `em.execute`, `getConnection().execute` as before, and a statement
// outside a transaction in read-only work goes to the request's replica. Without a route (no replica
// configured, a mutation, background work), nothing changes.
import type { Configuration, Transaction } from '@mikro-orm/core';
import { type Knex, PostgreSqlConnection, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { currentRoute, noteReplicaTransaction, replicaOfTransaction } from './read-route';

type ExecuteArgs = Parameters<PostgreSqlConnection['execute']>;
type BeginOptions = Parameters<PostgreSqlConnection['begin']>[0];

export class RoutedConnection extends PostgreSqlConnection {
  override async execute<T>(...[query, params = [], method = 'all', ctx, loggerContext]: ExecuteArgs): Promise<T> {
    // In a transaction (ctx) the statement belongs to it: on the replica that began it, else on the primary.
    const inReplica = ctx ? replicaOfTransaction(ctx as Knex.Transaction) : undefined;
    if (inReplica) return inReplica.connection.execute<any>(query, params, method, ctx, loggerContext);
    const route = ctx ? undefined : currentRoute();
    const replica = route && typeof query === 'string' ? route.replicaFor(query, method) : null;
    if (route && replica) {
      try {
        return await replica.connection.execute<any>(query, params, method, undefined, loggerContext);
      } catch (error) {
        if (!route.failed(replica, error)) throw error;
      }
    }
    return super.execute<any>(query, params, method, ctx as Transaction | undefined, loggerContext);
  }

  override async begin(options?: BeginOptions): Promise<Knex.Transaction> {
    const parent = options?.ctx ? replicaOfTransaction(options.ctx) : undefined;
    if (parent) {
      const nested = await parent.connection.begin(options);
      noteReplicaTransaction(nested, parent);
      return nested;
    }
    const route = options?.ctx ? undefined : currentRoute();
    // A read-only transaction of read-only work (the statistics cube's snapshot) may run on the route's replica.
    const replica = route?.replicaForTransaction(options?.readOnly);
    if (replica) {
      const trx = await replica.connection.begin(options);
      noteReplicaTransaction(trx, replica);
      return trx;
    }
    // Any other transaction is how this app writes: the answer will carry the position after it (read-your-writes).
    if (route) route.wrote = true;
    return super.begin(options);
  }
}

/** PostgreSQL's driver (still one, for whoever asks), its primary connection a routed one (made before it connects). */
export class RoutedPostgreSqlDriver extends PostgreSqlDriver {
  constructor(config: Configuration) {
    super(config);
    (this as unknown as { connection: PostgreSqlConnection }).connection = new RoutedConnection(this.config);
  }
}
