// Apollo's two caches, bounded here rather than by Apollo's defaults (each an LRU of about 30 MiB by its
// own size estimate, invisible to /metrics). Both are keyed by a hash a client chooses the text of, so both
// are bounded by count and by the text they hold (a body may be 256 kB).
import type { DocumentNode } from 'graphql';
import { asKeyValueCache, LruCache } from '../common/lru';

/** Parsed and validated documents by query hash: the 1,000 used last, of 1M characters of query text in all. */
const DOCUMENTS = { max: 1_000, maxWeight: 1_000_000 };
/** Persisted queries (hash → text): the 1,000 used last, 1M characters in all. Trusted documents of API keys live in the database. */
const PERSISTED = { max: 1_000, maxWeight: 1_000_000 };

/** The `documentStore` and `persistedQueries` options of one ApolloServer (each server its own). */
export function apolloCaches() {
  // A document's weight is its source text's length (`loc.end`; Apollo parses with locations).
  const documents = new LruCache<string, DocumentNode>('apollo_documents', { ...DOCUMENTS, weigh: (doc) => doc.loc?.end ?? 0 });
  const persisted = new LruCache<string, string>('apollo_persisted_queries', { ...PERSISTED, weigh: (text) => text.length });
  return { documentStore: asKeyValueCache(documents), persistedQueries: { cache: asKeyValueCache(persisted) } };
}
