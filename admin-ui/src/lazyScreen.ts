import { lazy, type ComponentType } from 'react';

/**
 * A screen loaded on first use (its own chunk). react-admin's Layout renders pages inside
 * <Suspense>, so no fallback is needed here.
 */
export function lazyScreen<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}
