import type { GraphQLSchema } from 'graphql';
import type { NextFunction, Request, Response } from 'express';
import { type AppDeps, buildContext } from '../context';
import { writeAccessTrail } from '../audit/access-trail.plugin';
import { trailUnavailable } from '../common/errors';
import { executePlan } from './execute';
import { PlanCompiler } from './plan';

/**
 * The compiled read path, in front of Apollo: a list read it has a plan for is answered from raw rows
 * (same shield rule, row scope, masking and trail as the resolvers); everything else, and every error,
 * goes on to Apollo untouched. `MAMORI_COMPILED_READS=0` turns it off.
 */
export function compiledReads(deps: AppDeps, schema: GraphQLSchema) {
  const compiler = new PlanCompiler(schema, deps.orm);
  return async (req: Request, res: Response, next: NextFunction) => {
    const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown } | undefined;
    if (req.method !== 'POST' || !req.is('application/json') || !body || typeof body !== 'object' || Array.isArray(body)
      || typeof body.query !== 'string' || body.extensions !== undefined
      || (body.operationName != null && typeof body.operationName !== 'string')
      || (body.variables != null && (typeof body.variables !== 'object' || Array.isArray(body.variables)))) return next();
    const plan = compiler.planFor(body.query, (body.operationName as string | null) ?? undefined);
    if (!plan) return next();
    try {
      const ctx = await buildContext(deps, req);
      const data = await executePlan(schema, plan, ctx, (body.variables as Record<string, unknown> | null) ?? undefined);
      if (!(await writeAccessTrail(ctx, plan.operationName, body.query))) {
        const e = trailUnavailable();
        return send(res, 503, { errors: [{ message: e.message, extensions: e.extensions }] });
      }
      send(res, 200, { data });
    } catch {
      // NotCompiled (refusals, bad input, a shape left to graphql-js) or a database error: Apollo answers
      // them with its one error path (nothing was served or written here).
      return next();
    }
  };
}

/** Written as Apollo writes it (JSON and a newline), without express's send (no ETag to hash: answers are never cached). */
function send(res: Response, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(`${JSON.stringify(body)}\n`);
}
