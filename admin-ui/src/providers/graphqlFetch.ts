import type { GraphQLFormattedError } from 'graphql';
import { fetchNotingPolicyVersion } from './policyInForce';
import { clearSession, getPurpose, getToken } from './session';

/** The server's error code for a missing, invalid or expired token. */
export const UNAUTHENTICATED = 'UNAUTHENTICATED';
export const GRAPHQL_URI = '/graphql';

export function isUnauthenticated(errors: readonly GraphQLFormattedError[] | undefined): boolean {
  return (errors ?? []).some((e) => e.extensions?.code === UNAUTHENTICATED);
}

/** A GraphQL answer with errors, shaped like Apollo's error (`graphQLErrors`) so one reader (apiErrors.ts) serves both. */
export class GraphqlRequestError extends Error {
  constructor(readonly graphQLErrors: readonly GraphQLFormattedError[], readonly status: number) {
    super(graphQLErrors[0]?.message ?? `HTTP ${status}`);
  }
}

/** Who is asking (bearer token) and why (the declared purpose): sent with every request. */
export function authAndPurposeHeaders(): Record<string, string> {
  const token = getToken();
  const purpose = getPurpose();
  return { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(purpose ? { 'X-Purpose': purpose } : {}) };
}

/**
 * One GraphQL request with plain fetch: what the login page and the session need, without the GraphQL
 * client the screens load after login (keeps the first screen small). A session the server no longer
 * accepts is dropped, as graphqlClient.ts does.
 */
export async function postGraphql<T>(query: string, variables?: Record<string, unknown>, options: { token?: string | null } = {}): Promise<T> {
  const { data, errors, status } = await postGraphqlAnswer<T>(query, variables, options);
  if (errors.length || !data) throw new GraphqlRequestError(errors, status);
  return data;
}

/** As postGraphql, but the answer whole: the data of the fields that answered, and the errors of the others. */
export async function postGraphqlAnswer<T>(query: string, variables?: Record<string, unknown>, options: { token?: string | null } = {}):
  Promise<{ data: T | null; errors: readonly GraphQLFormattedError[]; status: number }> {
  // A login still at one of its steps speaks with that step's token, not the session's.
  const auth: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};
  const response = await fetchNotingPolicyVersion(GRAPHQL_URI, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authAndPurposeHeaders(), ...auth },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: T | null; errors?: GraphQLFormattedError[] };
  if (!options.token && (response.status === 401 || isUnauthenticated(body.errors))) clearSession();
  return { data: body.data ?? null, errors: body.errors ?? [], status: response.status };
}
