import { useSyncExternalStore } from 'react';
import { isPurposeKey, type PurposeKey } from '../../../schema/policy';

/**
 * What one browser tab's session holds: the bearer token and the declared purpose.
 * sessionStorage, not localStorage: closing the tab ends the session, and two tabs may work under
 * two different purposes.
 */
const TOKEN_KEY = 'mamori.token';
const PURPOSE_KEY = 'mamori.purpose';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // Storage disabled: the session lasts as long as the page.
  }
}

export const getToken = (): string | null => read(TOKEN_KEY);
export const setToken = (token: string | null): void => write(TOKEN_KEY, token);

/** The purpose declared on every request (`X-Purpose`); null when none is chosen. */
export function getPurpose(): PurposeKey | null {
  const value = read(PURPOSE_KEY);
  return isPurposeKey(value) ? value : null;
}

export function setPurpose(purpose: PurposeKey | null): void {
  if (purpose === getPurpose()) return;
  write(PURPOSE_KEY, purpose);
  notify();
}

/**
 * Keeps the declared purpose within what the staff member may declare: an allowed stored purpose
 * stays, otherwise the first allowed one is chosen (none for a role that declares no purpose).
 */
export function ensurePurposeWithin(allowed: readonly string[]): PurposeKey | null {
  const current = getPurpose();
  if (current && allowed.includes(current)) return current;
  const first = allowed.find(isPurposeKey) ?? null;
  setPurpose(first);
  return first;
}

export function clearSession(): void {
  setToken(null);
  setPurpose(null);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The declared purpose, re-rendering when it changes. */
export function useCurrentPurpose(): PurposeKey | null {
  return useSyncExternalStore(subscribe, getPurpose, () => null);
}
