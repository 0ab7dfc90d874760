import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { statementTimeoutMs } from '../config';
import { LruCache } from '../common/lru';
import { announcePool, reportPoolWait } from './pool-watch';

// Rows as the ORM's `execute` gives them (column values of any type).
export type Row = Record<string, any>;
/**
 * Runs one read statement written with knex's `?` placeholders; resolves to its rows. `samePlan`: its
 * parameters are keys (ids, the session's) and the policy's constants, so one plan serves every value —
 * PostgreSQL may keep a generic plan rather than plan it again at each run (a filter's values may not).
 */
export type SqlRunner = (sql: string, params: readonly unknown[], samePlan?: boolean) => Promise<Row[]>;

/** The request's entity manager as a runner (the ORM's knex connection pool). */
export const emRunner = (em: EntityManager): SqlRunner => (sql, params) => em.getConnection().execute(sql, params as unknown[], 'all', em.getTransactionContext()) as Promise<Row[]>;

/** A read pool: its runner, and how to end it. */
export interface ReadPool {
  run: SqlRunner;
  close(): Promise<void>;
}

/**
 * A node-postgres pool beside the ORM's, for the compiled read path's few statements: it skips knex's
 * per-query connection checkout and query building (measured: a tenth of a list read's main-thread time).
 * Same database, connection options, statement timeout and query log; a replica's pool (db/replica-set.ts)
 * passes that replica's connection options and its own pool name.
 */
export function createReadPool(orm: MikroORM, connection?: pg.PoolConfig, name = 'read'): ReadPool {
  // The ORM's own connection options: same server and credentials, and its type parsers (dates and
  // timestamps as text), so rows read here are the rows its `execute` gives.
  const given = connection ?? (orm.em.getConnection().getConnectionOptions() as pg.PoolConfig);
  const options = { ...given, types: withEmptyTextArrays(given.types) };
  const planned = openPool(orm, { ...options, max: 10, statement_timeout: statementTimeoutMs() }, name);
  // Statements run with the same plan for every value (SqlRunner's `samePlan`) on connections of their own that
  // keep a prepared statement's generic plan: with custom plans (PostgreSQL's choice for most of them, a list of
  // ids being estimated better when its values are seen), planning cost more than running (docs/scaling-log.md).
  const generic = openPool(orm, { ...options, max: 10, statement_timeout: statementTimeoutMs(),
    options: [options.options, '-c plan_cache_mode=force_generic_plan'].filter(Boolean).join(' ') }, `${name}_generic`);
  return {
    run: (sql, params, samePlan) => (samePlan ? generic : planned).run(sql, params),
    close: async () => { await Promise.all([planned.close(), generic.close()]); },
  };
}

type TypeId = Parameters<pg.CustomTypesConfig['getTypeParser']>[0];
/** text[]'s type id (pg-types names no array type). */
const TEXT_ARRAY = 1009 as number as TypeId;

/**
 * The connection's type parsers, but an empty text array (`{}`: most rows' sensitive_fields) is a new empty array
 * without the array parser, which builds a parser object for every value it reads.
 */
function withEmptyTextArrays(types: pg.CustomTypesConfig | undefined): pg.CustomTypesConfig {
  const base = types ?? pg.types;
  const textArray = base.getTypeParser(TEXT_ARRAY, 'text') as (value: string) => unknown;
  const parseTextArray = (value: string) => (value === '{}' ? [] : textArray(value));
  return { getTypeParser: (oid, format) => (oid === TEXT_ARRAY && (format ?? 'text') === 'text' ? parseTextArray : base.getTypeParser(oid, format)) };
}

/** One node-postgres pool and its runner. */
function openPool(orm: MikroORM, config: pg.PoolConfig & { types: pg.CustomTypesConfig }, name: string): ReadPool {
  const pool = new pg.Pool(config);
  // An idle connection that fails is dropped by the pool; the error must not end the process.
  pool.on('error', ignoreError);
  const withdraw = announcePool(name, () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
  // Logged as the ORM logs its own statements (MAMORI_DEBUG_SQL=1, and the tests' statement counts).
  const own: PoolOwn = { types: config.types, logger: orm.config.getLogger() };
  return {
    run(sql, params) {
      const shape = converted(sql);
      // A question mark that is not a placeholder would shift every parameter: refuse rather than guess.
      if (shape.placeholders !== params.length) return Promise.reject(new Error('placeholders and parameters differ'));
      // Checked out here rather than by pool.query, to time the wait for a connection (the metrics). Callbacks, one
      // promise per statement: each promise costs its async hooks (MikroORM's AsyncLocalStorages keep them on).
      const asked = performance.now();
      return new Promise<Row[]>((resolve, reject) => {
        pool.connect((connectError, client) => {
          if (connectError || !client) return reject(connectError);
          reportPoolWait(name, (performance.now() - asked) / 1000);
          try {
            queried(client, shape, params as unknown[], own, asked, resolve, reject);
          } catch (error) {
            client.release(error as Error);
            reject(error);
          }
        });
      });
    },
    close: () => { withdraw(); return pool.end(); },
  };
}

const ignoreError = () => undefined;

/** What a pool's statements share: its connections' type parsers and the ORM's query log. */
interface PoolOwn { types: pg.CustomTypesConfig; logger: ReturnType<MikroORM['config']['getLogger']> }

/**
 * A query's rows, through node-postgres's callback form: its promise form kept every page's rows alive through
 * the next scavenges (2.6 MB survived and 2.1 MB promoted per scavenge on the 20-customer page, 0.7 and 0.3 with
 * the callback; `--trace-gc-nvp`, docs/scaling-log.md), as the floor's `pool.query` (callbacks inside) never did.
 * The statement's own config (Converted.config), the values passed apart; rows as arrays, made objects by rowsOf.
 * Named, so each connection parses a statement once (a page's text is long: Postgres spent more on parsing and
 * planning it than on running it), then only binds and executes. The client is released here, whatever happens.
 */
function queried(client: pg.PoolClient, shape: Converted, values: unknown[], own: PoolOwn, started: number,
  resolve: (rows: Row[]) => void, reject: (error: unknown) => void): void {
  // A checked-out client has no pool listener: a connection lost now must fail this statement, not the process.
  client.on('error', ignoreError);
  client.query(new StatementQuery(shape, values, own.types, (error, result) => {
    client.removeListener('error', ignoreError);
    let rows: Row[];
    try {
      if (error) throw error;
      rows = rowsOf(shape, result as unknown as pg.QueryArrayResult);
    } catch (failed) {
      client.release(failed as Error); // as pool.query does: a connection that failed is not reused
      return reject(failed);
    }
    const made = preparedOn(client);
    made.add(shape.name);
    // A connection keeps every statement prepared on it (node-postgres remembers each name, the server each plan)
    // for as long as it lives: one that has prepared PREPARED_PER_CONNECTION is closed, and the pool opens a
    // fresh one when needed (bounded, and never more than the shapes in use since).
    client.release(made.size >= PREPARED_PER_CONNECTION ? true : undefined);
    own.logger.logQuery({ query: shape.text, took: Math.round(performance.now() - started), results: rows.length, level: 'info' });
    resolve(rows);
  }));
}

/** node-postgres's Query and Result (pg/lib/query.js, result.js) as far as StatementQuery replaces a step of them. */
interface PgQueryInternals {
  _result: { fields: pg.FieldDef[]; _parsers: Parser[] | undefined; addFields(fields: pg.FieldDef[]): void };
  _accumulateRows: boolean;
  _checkForMultirow(): void;
  handleRowDescription(message: { fields: pg.FieldDef[] }): void;
}
type Parser = (value: string) => unknown;
type QueryCallback = (error: Error | undefined, result: pg.QueryResult) => void;

const PG_QUERY = pg.Query.prototype as unknown as PgQueryInternals;
/** The step replaced is node-postgres's as pinned (8.23.1): with another version's, its own runs. */
const PG_AS_KNOWN = typeof PG_QUERY.handleRowDescription === 'function' && typeof PG_QUERY._checkForMultirow === 'function'
  && typeof (new pg.Query({ text: '' }) as unknown as PgQueryInternals)._result?.addFields === 'function';

/**
 * A read statement's query: node-postgres's own, but its columns' parsers are the statement's, asked once
 * (parsersOf): Result.addFields asked the types for every column and built an unused empty row on every query
 * (14–15 µs of self time per 20-customer page, profiled).
 */
class StatementQuery extends pg.Query {
  constructor(private readonly shape: Converted, values: unknown[], private readonly types: pg.CustomTypesConfig, callback: QueryCallback) {
    super(shape.config, values, callback);
  }

  handleRowDescription(message: { fields: pg.FieldDef[] }): void {
    if (!PG_AS_KNOWN) return PG_QUERY.handleRowDescription.call(this, message);
    const self = this as unknown as PgQueryInternals;
    self._checkForMultirow();
    self._result.fields = message.fields;
    self._result._parsers = parsersOf(this.shape, message.fields, this.types);
    self._accumulateRows = true; // a callback is always given
  }
}

/** A statement's column parsers, asked of `types` once per statement and kept while its columns' types stay the same. */
function parsersOf(shape: Converted, fields: readonly pg.FieldDef[], types: pg.CustomTypesConfig): Parser[] {
  const known = shape.parsers;
  if (known && known.types === types && known.typeIds.length === fields.length && fields.every((f, i) => f.dataTypeID === known.typeIds[i] && f.format !== 'binary')) {
    return known.list;
  }
  const list = fields.map((f) => types.getTypeParser(f.dataTypeID as TypeId, f.format === 'binary' ? 'binary' : 'text') as Parser);
  shape.parsers = { types, typeIds: fields.map((f) => f.dataTypeID), list };
  return list;
}

/**
 * The rows as node-postgres makes them without `rowMode` (its column names as keys, in column order, a later
 * column of the same name taking the value), each one object literal of the statement's columns: node-postgres
 * stored each value under its name in a copy of an empty row, a store per value that V8 looks up by name and
 * shape. In place: the array of arrays becomes the array of rows.
 */
function rowsOf(shape: Converted, result: pg.QueryArrayResult): Row[] {
  const rows: unknown[][] = result.rows;
  if (!rows.length) return rows as unknown as Row[];
  const make = rowMakerOf(shape, result.fields);
  for (let i = 0; i < rows.length; i++) (rows as unknown[])[i] = make(rows[i]);
  return rows as unknown as Row[];
}

type RowMaker = (values: unknown[]) => Row;

/** A statement's row maker, made at its first rows (a prepared statement's columns are its text's: checked each time). */
function rowMakerOf(shape: Converted, fields: readonly pg.FieldDef[]): RowMaker {
  const known = shape.rows;
  if (known && known.names.length === fields.length && known.names.every((n, i) => n === fields[i].name)) return known.make;
  const names = fields.map((f) => f.name);
  // A literal's `__proto__:` would set the prototype, not a property (no statement of ours names a column so).
  if (names.includes('__proto__')) throw new Error('a column named __proto__');
  const last = new Map(names.map((n, i) => [n, i]));
  const body = [...last].map(([n, i]) => `${JSON.stringify(n)}: v[${i}]`).join(', ');
  const make = new Function('v', `return { ${body} };`) as RowMaker;
  shape.rows = { names, make };
  return make;
}

/** Statements prepared on each connection of a read pool, closed at PREPARED_PER_CONNECTION. */
const PREPARED_PER_CONNECTION = 200;
const prepared = new WeakMap<pg.PoolClient, Set<string>>();
function preparedOn(client: pg.PoolClient): Set<string> {
  let made = prepared.get(client);
  if (!made) prepared.set(client, (made = new Set()));
  return made;
}

interface Converted {
  /** With Postgres's `$1, $2, …`. */
  text: string;
  placeholders: number;
  /** Its prepared statement's name: a digest of the text, so one name never stands for two texts. */
  name: string;
  /**
   * What node-postgres is given to run it: no property of its own, the statement's inherited. node-postgres copies
   * a config's own properties for each query (by property descriptor: ~4 µs for four); its copy keeps the
   * prototype, and the values and the callback are set on the copy.
   */
  config: pg.QueryArrayConfig;
  /** Its columns' parsers under the types they were asked of (parsersOf). */
  parsers?: { types: pg.CustomTypesConfig; typeIds: number[]; list: Parser[] };
  /** Its rows' column names and maker (rowsOf), from its first rows. */
  rows?: { names: string[]; make: RowMaker };
}

/**
 * Statement texts as converted, by knex text. The texts come from the code and the compiled plans (themselves
 * bounded): the 1,000 used last, 4M characters at most in all.
 */
const statements = new LruCache<string, Converted>('read_statements', { max: 1_000, weigh: (_, sql) => sql.length, maxWeight: 4_000_000 });

function converted(sql: string): Converted {
  let out = statements.get(sql);
  if (out === undefined) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    const name = `r_${createHash('sha1').update(text).digest('base64url')}`;
    out = { text, placeholders: n, name, config: Object.create(Object.freeze({ name, text, rowMode: 'array' })) as pg.QueryArrayConfig };
    statements.set(sql, out);
  }
  return out;
}

/** knex's `?` placeholders as Postgres's `$1, $2, …` (our statements have no other question marks). */
export function positional(sql: string): string {
  return converted(sql).text;
}
