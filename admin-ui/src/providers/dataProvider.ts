import type { ApolloClient } from '@apollo/client';
import { type FieldNode, type IntrospectionQuery, type IntrospectionSchema, Kind, visit } from 'graphql';
import { type DataProvider, HttpError } from 'react-admin';
import * as graphqlSimple from 'ra-data-graphql-simple';
import { introspectSchema, type IntrospectionOptions } from 'ra-data-graphql';
import { unwrapDefault } from '../interop';
import { apiErrorOf, graphQLErrorsOf } from './apiErrors';
import { complaintProvider } from './complaintProvider';
import { i18nProvider } from './i18nProvider';
import { graphqlClient } from './graphqlClient';

/** The resources the admin UI works with; each is a GraphQL type served the ra-data-graphql-simple way. */
const UI_RESOURCES = [
  'Customer', 'Order', 'Interaction', 'Product', 'Contractor', 'Staff', 'Consent', 'AccessEvent', 'ChangeEvent',
  'SecurityEvent', 'PrivacyRequest', 'ProvisionRecord', 'LeakIncident', 'Audit', 'CollectionCase', 'Mailing',
];

type BuildProvider = (typeof graphqlSimple)['default'];
// Vite 8 may hand a CommonJS-shaped module to us as `{ default: fn }` (or `{ default: { default: fn } }`).
const buildGraphQLProvider = unwrapDefault<BuildProvider>(graphqlSimple);

/**
 * The introspection shipped with a production build: production servers turn introspection off.
 * admin-ui/src/schema.json is written by `npm run schema:emit` (a test fails when it is stale)
 * (`{ "__schema": ... }` or `{ "data": { "__schema": ... } }`). Until the file exists this glob is
 * empty and the schema is introspected from the server. Loaded lazily to keep the first chunk small.
 */
const shippedSchemaFiles = import.meta.glob<IntrospectionQuery | { data: IntrospectionQuery }>('../schema.json', {
  import: 'default',
});

export async function loadShippedSchema(): Promise<IntrospectionSchema | undefined> {
  const load = Object.values(shippedSchemaFiles)[0];
  if (!load || !import.meta.env.PROD) return undefined;
  const json = await load();
  return 'data' in json ? json.data.__schema : json.__schema;
}

/**
 * Resolves the introspection once: from the shipped file when there is one (the
 * `introspection: { schema }` option of ra-data-graphql), otherwise from the server. A failed
 * attempt (e.g. before login) is not remembered, so the next request tries again.
 */
function resolveIntrospectionOnce() {
  let pending: ReturnType<typeof introspectSchema> | undefined;
  return (client: ApolloClient<unknown>, options: IntrospectionOptions) => {
    pending ??= loadShippedSchema()
      .then((schema) => introspectSchema(client, schema ? { ...options, schema } : options))
      .catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    return pending;
  };
}

/**
 * ra-data-graphql-simple asks a list for `total: _all…Meta { count }`. Large customer lists answer an
 * estimate (the server's ListMetadata.estimated): the query asks for that flag too and the list gets it
 * as `meta.estimated`, which EstimatedPagination shows as 約.
 */
function withEstimatedTotals(introspection: Parameters<BuildQueryFactory>[0]) {
  const build = graphqlSimple.buildQuery(introspection);
  return (fetchType: string, resource: string, params: unknown) => {
    const built = build(fetchType, resource, params);
    if (fetchType !== 'GET_LIST') return built;
    const query = visit(built.query, {
      Field(node) {
        if (node.alias?.value !== 'total' || !node.selectionSet) return undefined;
        const estimated: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'estimated' } };
        return { ...node, selectionSet: { ...node.selectionSet, selections: [...node.selectionSet.selections, estimated] } };
      },
    });
    return {
      ...built, query,
      parseResponse: (response: Parameters<typeof built.parseResponse>[0]) => {
        const parsed = built.parseResponse(response);
        const total = (response.data as { total?: { estimated?: boolean } } | undefined)?.total;
        return { ...parsed, meta: { ...parsed.meta, estimated: total?.estimated === true } };
      },
    };
  };
}
type BuildQueryFactory = (typeof graphqlSimple)['buildQuery'];

const graphqlProvider: DataProvider = buildGraphQLProvider({
  buildQuery: withEstimatedTotals as never,
  // One client shared with the auth provider: it carries the Authorization and X-Purpose headers
  // (see graphqlClient.ts). Equivalent to clientOptions { uri: '/graphql', link }.
  client: graphqlClient,
  introspection: { include: UI_RESOURCES },
  // Never reuse a result read under another purpose.
  query: () => ({ fetchPolicy: 'no-cache' }),
  // Not in the published Options type, but honoured by ra-data-graphql (it replaces the default).
  ...({ resolveIntrospection: resolveIntrospectionOnce() } as object),
});

type Read = (resource: string, params: { meta?: Record<string, unknown> }) => Promise<never>;

/**
 * ra-data-graphql-simple deletes `meta.sparseFields` from the object it is given, so a reused meta
 * (react-query refetches with the same one) would ask for every field the second time: each call
 * gets its own copy.
 */
const withOwnMeta = (read: Read): Read => (resource, params) =>
  read(resource, params?.meta ? { ...params, meta: { ...params.meta } } : params);

const simpleProvider: DataProvider = {
  ...graphqlProvider,
  getList: withOwnMeta(graphqlProvider.getList as Read),
  getOne: withOwnMeta(graphqlProvider.getOne as Read),
  getMany: withOwnMeta(graphqlProvider.getMany as Read),
  getManyReference: withOwnMeta(graphqlProvider.getManyReference as Read),
};

/** Screens that are not a GraphQL type of their own, each with its provider. */
const VIEW_PROVIDERS: Record<string, DataProvider> = { Complaint: complaintProvider };

const METHODS = ['getList', 'getOne', 'getMany', 'getManyReference', 'create', 'update', 'updateMany', 'delete', 'deleteMany'] as const;

/**
 * A server refusal as react-admin reads it: the message in the UI's language (not `日本語 / English`), and a
 * BAD_USER_INPUT's `extensions.field` as that field's error, which the form shows under the field (server-side
 * validation) instead of a toast. The GraphQL errors stay on the error (apiErrors.ts reads them).
 */
function asFormError(error: unknown): unknown {
  const api = apiErrorOf(error, i18nProvider.getLocale());
  if (!api.code) return error;
  const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, FORBIDDEN_PURPOSE: 403, NOT_FOUND: 404 };
  const status = STATUS[api.code] ?? 409;
  const field = api.code === 'BAD_USER_INPUT' || api.code === 'CONFLICT' ? api.field : undefined;
  const body = { ...(error as { body?: object }).body, graphQLErrors: graphQLErrorsOf(error), ...(field ? { errors: { [field]: api.message } } : {}) };
  return new HttpError(api.message, status, body);
}

export const dataProvider: DataProvider = {
  ...simpleProvider,
  ...Object.fromEntries(METHODS.map((method) => [method, (resource: string, params: unknown) =>
    ((VIEW_PROVIDERS[resource] ?? simpleProvider)[method] as (r: string, p: unknown) => Promise<unknown>)(resource, params)
      .catch((error: unknown) => { throw asFormError(error); })])),
} as DataProvider;
