import { type CompiledPolicy, compilePolicy, type PolicyDocument } from '../../../schema/policy';

/**
 * The policy version in force as the admin UI holds it: compiled with the same schema/policy code the server
 * decides with, so that menus and buttons offer what the server allows now, not what the compiled-in seed did.
 * A class, not a plain object: react-query keeps it whole instead of copying it field by field.
 */
export class PolicyInForce {
  constructor(readonly number: number, readonly hash: string, readonly label: string, readonly whole: boolean, readonly rules: CompiledPolicy) {}
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The server's `policyInForce` answer, compiled; null when it is missing or no format-1 document (then nothing
 * that depends on the policy is offered). Whatever else is malformed in it compilePolicy decides closed (HIDDEN,
 * not declarable).
 */
export function compileInForce(answer: unknown): PolicyInForce | null {
  if (!isObject(answer)) return null;
  const { number, hash, label, whole, document } = answer;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1 || typeof hash !== 'string') return null;
  if (!isObject(document) || document.format !== 1) return null;
  return new PolicyInForce(number, hash, typeof label === 'string' ? label : '', whole === true, compilePolicy(document as unknown as PolicyDocument));
}

/** Sent by the server on every /graphql answer (server/src/policy/policy-versions.ts POLICY_VERSION_HEADER). */
const HEADER = 'x-policy-version';

/** The number of the version the session's permissions were built under; null while none is held (loading). */
let held: number | null = null;
/** The highest number any answer has named. */
let announced = 0;
const listeners = new Set<() => void>();

/** The session now holds version `number` (null: being reloaded, or ended). */
export function holdPolicyVersion(number: number | null): void {
  held = number;
}

/** The highest version number the server has named so far (0: none yet). */
export const announcedPolicyVersion = (): number => announced;

/**
 * Reads the version the server names on an answer. A higher one than the session holds means a version was
 * published since: the listeners reload (once: nothing is held until the reload has answered). Numbers only grow,
 * so a lower one (a process that has not switched yet) changes nothing.
 */
export function notePolicyVersion(headers: Headers): void {
  const n = Number(headers.get(HEADER));
  if (!Number.isSafeInteger(n) || n < 1) return;
  announced = Math.max(announced, n);
  if (held === null || n <= held) return;
  held = null;
  for (const listener of [...listeners]) listener();
}

/** Calls `listener` when a newer version than the one held comes into force; returns the unsubscribe. */
export function onNewerPolicyVersion(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** fetch, noting the version every answer names: for every GraphQL request of the UI (graphqlFetch, the Apollo link). */
export async function fetchNotingPolicyVersion(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  notePolicyVersion(response.headers);
  return response;
}
