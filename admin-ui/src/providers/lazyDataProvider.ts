import type { DataProvider } from 'react-admin';

const METHODS = ['getList', 'getOne', 'getMany', 'getManyReference', 'create', 'update', 'updateMany', 'delete', 'deleteMany'] as const;

let loading: Promise<DataProvider> | undefined;

/** The GraphQL data provider (./dataProvider with its GraphQL client), loaded on the first read, not before the login page. */
function load(): Promise<DataProvider> {
  loading ??= import('./dataProvider').then((m) => m.dataProvider).catch((error: unknown) => {
    loading = undefined; // a failed download is tried again on the next read
    throw error;
  });
  return loading;
}

export const dataProvider = Object.fromEntries(METHODS.map((method) => [
  method,
  async (resource: string, params: unknown) => ((await load())[method] as (r: string, p: unknown) => Promise<unknown>)(resource, params),
])) as unknown as DataProvider;
