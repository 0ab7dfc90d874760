import 'reflect-metadata';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { Migrator } from '@mikro-orm/migrations';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../migrations';
import { RoutedPostgreSqlDriver } from './routed-driver';
import { loadSettings, settings, statementTimeoutMs } from '../config';

/** MikroORM options for one database URL. The schema is only ever changed by migrations. */
export function ormOptions(clientUrl: string, extra: Partial<Options> = {}): Options {
  loadSettings();
  return {
    // PostgreSQL's driver whose statements follow the request's read route (db/read-route.ts).
    driver: RoutedPostgreSqlDriver,
    clientUrl,
    entities: ENTITIES,
    discovery: { requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      path: 'server/src/migrations',
      pathTs: 'server/src/migrations',
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    // One slow statement cannot hold the pool: every connection gets a statement timeout.
    pool: { afterCreate: (conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) => {
      conn.query(`set statement_timeout = ${statementTimeoutMs()}`, (err: Error | null) => done(err, conn));
    } },
    debug: settings().MAMORI_DEBUG_SQL,
    ...extra,
  };
}

export function initOrm(clientUrl: string, extra: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, extra));
}
