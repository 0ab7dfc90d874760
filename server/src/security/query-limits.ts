import type { GraphQLError, ValidationContext } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';

/**
 * Query limits, chosen for our real queries: the admin UI's deepest query (customer → orders → shipTo /
 * items) has depth 4 and the policy tests alias up to ~40 fields at once. Limit values are never echoed
 * in errors (exposeLimits: false).
 */
export const QUERY_LIMITS = {
  maxDepth: 8,
  maxAliases: 60,
  maxDirectives: 10,
  maxTokens: 6_000,
  maxCost: 20_000,
} as const;

/** Report a rejection as an ordinary validation error (GRAPHQL_VALIDATION_FAILED) instead of throwing (a 500). */
const report = {
  propagateOnRejection: false,
  onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)],
};

export function queryLimitRules() {
  const common = { exposeLimits: false, ignoreIntrospection: true, ...report };
  return [
    maxDepthRule({ n: QUERY_LIMITS.maxDepth, flattenFragments: true, ...common }),
    maxAliasesRule({ n: QUERY_LIMITS.maxAliases, ...common }),
    maxDirectivesRule({ n: QUERY_LIMITS.maxDirectives, exposeLimits: false, ...report }),
    costLimitRule({ maxCost: QUERY_LIMITS.maxCost, flattenFragments: true, ...common }),
  ];
}
