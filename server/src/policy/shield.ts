import { isObjectType, isIntrospectionType, type GraphQLSchema } from 'graphql';
import { allow, and, deny, or, rule, shield } from 'graphql-shield';
import { type IMiddlewareGenerator, middleware } from 'graphql-middleware';
import pluralize from 'pluralize';
import { classifyField, mayPerform, POWER_KEYS, POWERS, RESOURCES, type Operation, type ResourceName, type RoleKey } from '../../../schema/policy';
import type { RequestContext } from '../context';
import type { LoginStep } from '../auth/login-steps';
import { forbidden, forbiddenPurpose, unauthenticated } from '../common/errors';

/** Rules are tiny, pure and named for what they check; built-from-parameter rules get unique names. */
const isAuthenticated = rule('isAuthenticated', { cache: 'contextual' })(
  (_p, _a, ctx: RequestContext) => (ctx.actor ? true : unauthenticated()),
);

/** A declared purpose must be one the actor's role (or API key) holds. */
const declaredPurposeIsAllowed = rule('declaredPurposeIsAllowed', { cache: 'contextual' })(
  (_p, _a, ctx: RequestContext) => (ctx.declaredPurpose && !ctx.purpose ? forbiddenPurpose(ctx.declaredPurpose) : true),
);

const rulesCache = new Map<string, ReturnType<ReturnType<typeof rule>>>();
function mayOn(resource: ResourceName, op: Operation) {
  const name = `may:${op}:${resource}`;
  let r = rulesCache.get(name);
  if (!r) {
    r = rule(name, { cache: 'contextual' })((_p, _a, ctx: RequestContext) =>
      ctx.actor && mayPerform(resource, op, ctx.actor.role, ctx.purpose) ? true : forbidden());
    rulesCache.set(name, r);
  }
  return r!;
}

/** A contractor account works only while its contractor's agreement is live (【8】 supervision). */
const contractorAgreementIsLive = rule('contractorAgreementIsLive', { cache: 'contextual' })(
  (_p, _a, ctx: RequestContext) => (ctx.actor?.contractorAgreementLapsed
    ? forbidden('The contractor agreement has lapsed', '委託契約の期限が切れているため利用できません') : true),
);

const staffOnly = and(isAuthenticated, contractorAgreementIsLive, declaredPurposeIsAllowed);

/** The operations of each resource, named as ra-data-graphql-simple expects (it pluralizes with `pluralize`). */
export function resourceOperations(resource: string): Record<Operation, string[]> {
  return {
    read: [`all${pluralize(resource)}`, `_all${pluralize(resource)}Meta`, resource],
    create: [`create${resource}`],
    update: [`update${resource}`],
    delete: [`delete${resource}`],
  };
}

/**
 * Who may call an operation outside the resources. `staffSession`: a signed-in person, not an API key. `loginStep`: a login that passed its password and owes
 * that step (any step: 'ANY'), or else, when `or` says so, any actor or a staff member's full session.
 */
export type OperationAccess = 'public' | 'authenticated' | 'staff' | 'staffSession' | { roles: readonly RoleKey[] } | { resource: ResourceName; op?: Operation }
  | { loginStep: LoginStep | 'ANY'; or?: 'authenticated' | 'staffSession' };

function loginAt(step: LoginStep | 'ANY') {
  const name = `loginAt:${step}`;
  let r = rulesCache.get(name);
  if (!r) {
    r = rule(name, { cache: 'contextual' })((_p, _a, ctx: RequestContext) =>
      (ctx.loginInProgress && (step === 'ANY' || ctx.loginInProgress.step === step) ? true : unauthenticated()));
    rulesCache.set(name, r);
  }
  return r!;
}

const isStaffSession = rule('isStaffSession', { cache: 'contextual' })(
  (_p, _a, ctx: RequestContext) => (ctx.actor?.kind === 'staff' ? true : ctx.actor ? forbidden() : unauthenticated()),
);

function loginStepRule(v: { loginStep: LoginStep | 'ANY'; or?: 'authenticated' | 'staffSession' }) {
  if (!v.or) return loginAt(v.loginStep);
  return or(loginAt(v.loginStep), v.or === 'authenticated' ? isAuthenticated : and(isAuthenticated, isStaffSession));
}

function hasRole(roles: readonly RoleKey[]) {
  const name = `hasRole:${roles.join(',')}`;
  let r = rulesCache.get(name);
  if (!r) {
    r = rule(name, { cache: 'contextual' })((_p, _a, ctx: RequestContext) => (ctx.actor && roles.includes(ctx.actor.role) ? true : forbidden()));
    rulesCache.set(name, r);
  }
  return r!;
}

/**
 * The operations of each power (schema/policy POWERS), for a staff session of a holder role only: a power is
 * exercised by a person, never by an API key, and by nobody else whatever other rule names the operation.
 */
function powerRules(): Record<string, ReturnType<typeof and>> {
  const out: Record<string, ReturnType<typeof and>> = {};
  for (const power of POWER_KEYS) {
    for (const op of POWERS[power].operations) out[op] = and(staffOnly, isStaffSession, hasRole(POWERS[power].holders));
  }
  return out;
}

const EXTRA_QUERY_RULES = (extra: Record<string, OperationAccess>) =>
  Object.fromEntries(Object.entries(extra).map(([k, v]) => [k,
    v === 'public' ? allow : v === 'authenticated' ? isAuthenticated : v === 'staff' ? staffOnly
      : v === 'staffSession' ? and(staffOnly, isStaffSession)
      : 'loginStep' in v ? loginStepRule(v)
      : 'roles' in v ? and(staffOnly, hasRole(v.roles)) : and(staffOnly, mayOn(v.resource, v.op ?? 'read'))]));

/**
 * The shield, generated from schema/policy: resource operations from RESOURCES, object types allowed
 * only when classified in fields.ts (an unclassified type is denied), fallbackRule deny everywhere.
 */
export function buildShield(schema: GraphQLSchema, extra: { Query: Record<string, OperationAccess>; Mutation: Record<string, OperationAccess> }) {
  const Query: Record<string, any> = EXTRA_QUERY_RULES(extra.Query) as Record<string, any>;
  const Mutation: Record<string, any> = EXTRA_QUERY_RULES(extra.Mutation) as Record<string, any>;
  for (const resource of Object.keys(RESOURCES) as ResourceName[]) {
    const ops = resourceOperations(resource);
    for (const op of ['read', 'create', 'update', 'delete'] as Operation[]) {
      const target = (op === 'read' ? Query : Mutation) as Record<string, unknown>;
      for (const field of ops[op]) target[field] = and(staffOnly, mayOn(resource, op));
    }
  }
  // Powers last: their operations answer to POWERS alone (a resource rule naming one too is replaced).
  const queryFields = schema.getQueryType()?.getFields() ?? {};
  for (const [field, r] of Object.entries(powerRules())) {
    if (field in extra.Query || field in extra.Mutation) throw new Error(`${field} is a power's operation (schema/policy POWERS): declare it there only`);
    (field in queryFields ? Query : Mutation)[field] = r;
  }
  const tree: Record<string, unknown> = { Query, Mutation };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type) || type.name === 'Query' || type.name === 'Mutation') continue;
    const fields = Object.keys(type.getFields());
    const classified = fields.every((f) => classifyField(type.name, f) !== undefined);
    // Relations to a resource the request may not read answer null, listed in maskedFields (policy/relation-masking.ts).
    tree[type.name] = classified ? allow : deny;
  }
  // Prune operations the schema does not have (a resource may not expose every mutation).
  for (const op of ['Query', 'Mutation'] as const) {
    const type = op === 'Query' ? schema.getQueryType() : schema.getMutationType();
    const have = type ? type.getFields() : {};
    for (const k of Object.keys(tree[op] as object)) if (!have[k]) delete (tree[op] as Record<string, unknown>)[k];
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
