import { useSyncExternalStore } from 'react';
import type { DownloadTicket } from './requestApi';

/**
 * The disclosure files produced in this tab, by request id, until taken. Kept in memory only (the
 * token is a one-time key to personal data: never in storage), so moving between pages keeps it and
 * a reload loses it. Each ticket belongs to its request: another request's page never offers it.
 */
export interface HeldTicket {
  ticket: DownloadTicket;
  taken: boolean;
}

const held = new Map<string, HeldTicket>();
const listeners = new Set<() => void>();

function put(requestId: string, value: HeldTicket): void {
  held.set(requestId, value);
  listeners.forEach((listener) => listener());
}

export const holdTicket = (requestId: string, ticket: DownloadTicket) => put(requestId, { ticket, taken: false });

export function markTaken(requestId: string): void {
  const current = held.get(requestId);
  if (current) put(requestId, { ticket: current.ticket, taken: true });
}

export function useHeldTicket(requestId: string): HeldTicket | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => held.get(requestId),
  );
}
