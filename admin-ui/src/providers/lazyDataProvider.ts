import type { DataProvider } from 'react-admin';

const METHODS = ['getList', 'getOne', 'getMany', 'getManyReference', 'create', 'update', 'updateMany', 'delete', 'deleteMany'] as const;

const importDataLayer = () => import('./dataProvider');
let loading: ReturnType<typeof importDataLayer> | undefined;

/** The GraphQL data provider (./dataProvider with its GraphQL client), loaded on the first read, not before the login page. */
function loadModule() {
  loading ??= importDataLayer().catch((error: unknown) => {
    loading = undefined; // a failed download is tried again on the next read
    throw error;
  });
  return loading;
}

const load = async (): Promise<DataProvider> => (await loadModule()).dataProvider;

/**
 * Fetches the data layer and the shipped schema ahead of the first read, once the home page is shown (it reads
 * through graphqlFetch, not this): the first list then does not wait for its GraphQL client and schema (~100 kB
 * compressed; #21 speed). The login page never calls it, so its transfer stays as small.
 */
export function preloadDataLayer(): void {
  loadModule().then((m) => m.loadShippedSchema()).catch((error: unknown) => {
    // Only a head start: the first read loads the same files again and reports a failure itself.
    console.warn('admin UI: preloading the data layer failed', error);
  });
}

export const dataProvider = Object.fromEntries(METHODS.map((method) => [
  method,
  async (resource: string, params: unknown) => ((await load())[method] as (r: string, p: unknown) => Promise<unknown>)(resource, params),
])) as unknown as DataProvider;
