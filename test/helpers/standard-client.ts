// react-admin's ra-data-graphql-simple as it ships, on Apollo's HttpLink, pointed at a test server: what any
// integrator would build. Loaded through require: both packages ship CommonJS next to ESM, and one module
// graph keeps @apollo/client a single instance.
import { createRequire } from 'node:module';
import type { IntrospectionField, IntrospectionObjectType, IntrospectionType, IntrospectionTypeRef } from 'graphql';
import type { DataProvider } from 'ra-core';
import type * as ApolloModule from '@apollo/client';

const require = createRequire(import.meta.url);
const buildGraphQLProvider = (require('ra-data-graphql-simple') as { default: (options: object) => DataProvider }).default;
const { ApolloClient, HttpLink, InMemoryCache } = require('@apollo/client') as typeof ApolloModule;

/** What ra-data-graphql found in the schema: the types it treats as resources, with their queries. */
export interface StandardIntrospection {
  types: IntrospectionType[];
  resources: ({ type: IntrospectionObjectType } & Record<string, { name: string; args: { name: string; type: IntrospectionTypeRef }[] } | undefined>)[];
}

export type StandardProvider = DataProvider & { getIntrospection(): Promise<StandardIntrospection> };

/** The provider with its default options, logged in with `token`, declaring `purpose` (none: no X-Purpose header). */
export function standardProvider(url: string, token: string, purpose: string | null): StandardProvider {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (purpose) headers['x-purpose'] = purpose;
  const client = new ApolloClient({ link: new HttpLink({ uri: `${url}/graphql`, headers }), cache: new InMemoryCache() });
  return buildGraphQLProvider({ client }) as StandardProvider;
}

export function namedTypeOf(ref: IntrospectionTypeRef): string {
  let t: IntrospectionTypeRef = ref;
  while ('ofType' in t && t.ofType) t = t.ofType;
  return (t as { name: string }).name;
}

export const isListType = (ref: IntrospectionTypeRef): boolean =>
  ref.kind === 'LIST' || (ref.kind === 'NON_NULL' && 'ofType' in ref && isListType(ref.ofType));

/** The fields of a resource's list filter that name another record (`customerId`…) and that its records carry too. */
export function referenceFields(introspection: StandardIntrospection, resource: StandardIntrospection['resources'][number]): string[] {
  const filterArg = resource.GET_LIST?.args.find((a) => a.name === 'filter');
  if (!filterArg) return [];
  const filter = introspection.types.find((t) => t.name === namedTypeOf(filterArg.type));
  const own = new Set(resource.type.fields.map((f: IntrospectionField) => f.name));
  const inputs = filter && 'inputFields' in filter ? filter.inputFields : [];
  return inputs.map((f) => f.name).filter((name) => /[a-z]Id$/.test(name) && own.has(name));
}
