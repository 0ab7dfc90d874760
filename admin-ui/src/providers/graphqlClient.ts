import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, type ServerError } from '@apollo/client';
import { onError } from '@apollo/client/link/error';
import { setContext } from '@apollo/client/link/context';
import type { GraphQLFormattedError } from 'graphql';
import { authAndPurposeHeaders, GRAPHQL_URI, isUnauthenticated } from './graphqlFetch';
import { fetchNotingPolicyVersion } from './policyInForce';
import { clearSession } from './session';

/** Every request says who is asking (bearer token) and why (the declared purpose). */
const withAuthAndPurpose = setContext((_operation, previous) => ({ headers: { ...previous.headers, ...authAndPurposeHeaders() } }));

/**
 * A session the server no longer accepts is dropped here; the auth provider's checkError then
 * sends the user back to the login page.
 */
const dropExpiredSession = onError(({ graphQLErrors, networkError }) => {
  const fromBody = (networkError as ServerError | undefined)?.result as { errors?: GraphQLFormattedError[] } | undefined;
  const status = (networkError as ServerError | undefined)?.statusCode;
  if (status === 401 || isUnauthenticated(graphQLErrors) || isUnauthenticated(fromBody?.errors)) {
    clearSession();
  }
});

/**
 * One Apollo client for the auth and data providers, so headers and session expiry are handled in
 * one place. Nothing is cached: what a field shows depends on the purpose declared at the time,
 * so a result must never be reused under another purpose.
 */
export const graphqlClient = new ApolloClient({
  link: ApolloLink.from([dropExpiredSession, withAuthAndPurpose, new HttpLink({ uri: GRAPHQL_URI, fetch: fetchNotingPolicyVersion })]),
  cache: new InMemoryCache(),
  // Apollo joins a query to an identical one in flight (same text and variables, headers not compared): a list
  // re-read just after a purpose switch would get the answer read under the previous purpose. Every request is sent.
  queryDeduplication: false,
  defaultOptions: {
    query: { fetchPolicy: 'no-cache', errorPolicy: 'none' },
    watchQuery: { fetchPolicy: 'no-cache' },
    mutate: { fetchPolicy: 'no-cache' },
  },
});
