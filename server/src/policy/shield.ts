import { type GraphQLError, isObjectType, isIntrospectionType, type GraphQLSchema } from 'graphql';
import { allow, deny, rule, shield } from 'graphql-shield';
import { type IMiddlewareGenerator, middleware } from 'graphql-middleware';
import { classifyField, mayRunOperation, OPERATION_RULES, operationRule } from '../../../schema/policy';
import type { RequestContext } from '../context';
import { forbidden, forbiddenPurpose, unauthenticated } from '../common/errors';

type Verdict = true | GraphQLError;

/**
 * Whether this request may call `operation`: the state of the session its declared access needs (signed in;
 * a live contractor agreement; an allowed purpose; a person rather than an API key for a power or a
 * `staffSession` operation; the login step it serves), then the declaration's own decision (schema/policy
 * mayRunOperation). `true`, or the error to answer. The shield's rule of every operation is this function,
 * and the compiled read path asks it too: no second copy of any rule.
 */
export function operationVerdict(operation: string, ctx: RequestContext): Verdict {
  const access = operationRule(operation);
  if (access === undefined) return forbidden();
  if (access === 'public') return true;
  if (typeof access === 'object' && 'loginStep' in access) {
    const step = ctx.loginInProgress;
    if (step && (access.loginStep === 'ANY' || step.step === access.loginStep)) return true;
    if (!access.or || !ctx.actor) return unauthenticated();
    // As graphql-shield's or(): the login step's error when neither holds.
    return access.or === 'authenticated' || ctx.actor.kind === 'staff' ? true : unauthenticated();
  }
  if (!ctx.actor) return unauthenticated();
  if (access === 'authenticated') return true;
  const staff = staffVerdict(ctx);
  if (staff !== true || access === 'staff') return staff;
  const personOnly = access === 'staffSession' || 'power' in access;
  if (personOnly && ctx.actor.kind !== 'staff') return forbidden();
  if (access === 'staffSession') return true;
  // Under the request's version: which roles declare a purpose, which record categories close a resource.
  return mayRunOperation(operation, ctx.actor.role, ctx.purpose, ctx.policy.rules) ? true : forbidden();
}

/** A signed-in actor whose contractor agreement (if any) is live (【8】 supervision) and whose declared purpose its role or key holds. */
function staffVerdict(ctx: RequestContext): Verdict {
  if (ctx.actor?.contractorAgreementLapsed) return forbidden('The contractor agreement has lapsed', '委託契約の期限が切れているため利用できません');
  if (ctx.declaredPurpose && !ctx.purpose) return forbiddenPurpose(ctx.declaredPurpose);
  return true;
}

/** One named rule per operation (a rule built from a parameter gets a unique name); decided per request. */
function ruleFor(operation: string) {
  return rule(`operation:${operation}`, { cache: 'contextual' })((_p, _a, ctx: RequestContext) => operationVerdict(operation, ctx));
}

/**
 * The shield, generated from schema/policy OPERATION_RULES (resources, views, powers and the other
 * operations, each declared once): object types allowed only when classified in fields.ts (an unclassified
 * type is denied), fallbackRule deny everywhere. An operation the schema has and the declaration does not is
 * denied; a declared one the schema lacks is dropped.
 */
export function buildShield(schema: GraphQLSchema) {
  const Query: Record<string, unknown> = {};
  const Mutation: Record<string, unknown> = {};
  const queryFields = schema.getQueryType()?.getFields() ?? {};
  const mutationFields = schema.getMutationType()?.getFields() ?? {};
  for (const [operation, access] of Object.entries(OPERATION_RULES)) {
    if (operation in queryFields) Query[operation] = access === 'public' ? allow : ruleFor(operation);
    else if (operation in mutationFields) Mutation[operation] = access === 'public' ? allow : ruleFor(operation);
  }
  const tree: Record<string, unknown> = { Query, Mutation };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type) || type.name === 'Query' || type.name === 'Mutation') continue;
    const fields = Object.keys(type.getFields());
    const classified = fields.every((f) => classifyField(type.name, f) !== undefined);
    // Relations to a resource the request may not read answer null, listed in maskedFields (policy/relation-masking.ts).
    tree[type.name] = classified ? allow : deny;
  }
  const generator = shield(tree as Record<string, any>, { fallbackRule: deny, fallbackError: () => forbidden(), allowExternalErrors: true });
  return guardedFieldsOnly(generator, tree);
}

/**
 * graphql-shield wraps every field of every type in an async middleware, `allow` ones too: on a page
 * of 100 customers that is a promise per field (`npm run bench -- --only shield` measures it). A field whose rule
 * is `allow` needs no middleware, so only the others keep it: Query and Mutation fields
 * and every field of a denied (unclassified) type — deny by default is unchanged.
 */
function guardedFieldsOnly(generator: IMiddlewareGenerator<any, any, any>, tree: Record<string, unknown>): IMiddlewareGenerator<any, any, any> {
  const ruleOf = (type: string, field: string): unknown => {
    const rules = tree[type];
    if (rules === undefined) return deny;
    if (typeof rules === 'object' && rules !== null && !('resolve' in rules)) {
      const map = rules as Record<string, unknown>;
      return map[field] ?? map['*'] ?? deny;
    }
    return rules;
  };
  return middleware((schema) => {
    const all = generator.generate(schema) as Record<string, Record<string, unknown>>;
    const kept: Record<string, Record<string, unknown>> = {};
    for (const [type, fields] of Object.entries(all)) {
      const guarded = Object.entries(fields).filter(([field]) => ruleOf(type, field) !== allow);
      if (guarded.length) kept[type] = Object.fromEntries(guarded);
    }
    return kept;
  });
}
