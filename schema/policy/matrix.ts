import type { CategoryKey } from './categories';
import type { Access } from './matrix-seed';
import { compilePolicy } from './policy-compile';
import { seedPolicyDocument } from './policy-document';
import type { PurposeKey } from './purposes';
import type { RoleKey } from './roles';

export { type Access, ACCESS_VALUES, POLICY_VERSION, stricter } from './matrix-seed';

/**
 * The compiled-in policy: policy version 1 (the seed document, built from this folder's constants). The server
 * decides each request under the version in force (server/src/policy/policy-versions.ts); what is decided
 * outside a request (grants, API keys, the docs) uses this one.
 */
export const SEED_POLICY = compilePolicy(seedPolicyDocument());

/**
 * role × purpose × category → CLEAR | MASKED | HIDDEN, under the seed policy.
 * Fails closed: an unknown role, purpose or category, a purpose the role may not declare, or any
 * missing cell answers HIDDEN.
 */
export const decideAccess: (role: unknown, purpose: unknown, category: unknown) => Access = SEED_POLICY.decideAccess;

export type Matrix = Record<RoleKey, Partial<Record<PurposeKey, Record<CategoryKey, Access>>>>;

/** The whole matrix for the roles' declarable purposes: what the UI's matrix page and the docs show. */
export function buildMatrix(): Matrix {
  return SEED_POLICY.buildMatrix() as Matrix;
}
