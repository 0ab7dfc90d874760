// graphql-shield's cost: the served schema (shield only on fields with a rule: Query, Mutation, relation
// fields, denied types) against the same schema with a shield middleware on every field, as graphql-shield
// generates by default. In-process GraphQL execution of the same page and context: no HTTP, no trail.
import type { IncomingMessage } from 'node:http';
import { execute, parse, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, shield } from 'graphql-shield';
import { buildContext } from '../../server/src/context';
import { initOrm } from '../../server/src/db/orm';
import { buildSchema } from '../../server/src/graphql/schema';
import { BENCH_SECRET, sharedDatabase, sharedServer, tokenFor } from '../lib/fixture';
import { alternate, median, medianOf } from '../lib/load';
import { mamoriPage } from '../lib/queries';
import { ms, type BenchContext } from '../lib/report';

const PAGE = { customers: 100, orders: true };

export async function shieldCost(ctx: BenchContext): Promise<void> {
  const db = await sharedDatabase(ctx.log);
  const token = await tokenFor(await sharedServer('mamori', ctx.log), 'SUPPORT');
  const orm = await initOrm(db.url);
  try {
    const served = buildSchema();
    const everyField = applyMiddleware(buildSchema(), shield({}, { fallbackRule: allow }));
    const document = parse(mamoriPage(PAGE));
    const req = { headers: { authorization: `Bearer ${token}`, 'x-purpose': 'INQUIRY_RESPONSE' }, socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;
    const deps = { orm, secret: BENCH_SECRET };
    const timed = (schema: GraphQLSchema) => async () => {
      const times: number[] = [];
      for (const until = Date.now() + ctx.seconds * 500; Date.now() < until;) {
        const contextValue = await buildContext(deps, req);
        const t0 = performance.now();
        const r = await execute({ schema, document, contextValue });
        times.push(performance.now() - t0);
        if (r.errors) throw new Error(JSON.stringify(r.errors).slice(0, 200));
      }
      return median(times);
    };
    ctx.log('shield: execution with shield where rules apply vs on every field');
    const runs = await alternate({ served: timed(served), everyField: timed(everyField) }, ctx.rounds);
    const [a, b] = [medianOf(runs.served, (x) => x), medianOf(runs.everyField, (x) => x)];
    ctx.report({
      target: 'shield', measure: 'execution, 100 customers + 3 orders: shield only on fields with a rule', value: ms(a),
      baseline: `on every field ${ms(b)}`, ratio: a / b,
    });
  } finally {
    await orm.close(true);
  }
}
