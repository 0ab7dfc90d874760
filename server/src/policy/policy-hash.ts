import { createHash } from 'node:crypto';
import { canonicalJson, type PolicyDocument } from '../../../schema/policy';

/** The hash a policy version is stored and compared under: sha256 of the document's canonical JSON, hex. */
export function policyDocumentHash(doc: PolicyDocument): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}
