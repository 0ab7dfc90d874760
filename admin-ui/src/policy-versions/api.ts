import { gql } from '@apollo/client';
import type { PolicyDocument } from '../../../schema/policy';

/** The server's policy versions API (server/src/modules/policy-versions): what the editor reads and writes. */
export interface PolicyVersionRow {
  id: string;
  number: number | null;
  state: 'DRAFT' | 'PUBLISHED' | 'RETIRED';
  inForce: boolean;
  label: string;
  basedOnNumber: number | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string | null;
  publishedAt: string | null;
  approvedByName: string | null;
  reason: string | null;
  publicationRequested: boolean;
  requestedById: string | null;
  requestedByName: string | null;
  requestReason: string | null;
  editedById: string | null;
  editedByName: string | null;
}

export interface PolicyVersionFull extends PolicyVersionRow {
  document: PolicyDocument;
}

export interface PolicyChangeRow { path: string; kind: string; text: string }
export interface PolicyCellChangeRow { role: string; purpose: string; category: string; before: string; after: string }
export interface PolicyDiffResult { againstNumber: number | null; changes: PolicyChangeRow[]; cells: PolicyCellChangeRow[] }

export const ROW = `id number state inForce label basedOnNumber createdByName createdAt updatedAt publishedAt approvedByName reason
  publicationRequested requestedById requestedByName requestReason editedById editedByName`;

export const LIST = gql`query policyVersions { policyVersions { ${ROW} } }`;
export const ONE = gql`query policyVersion($id: ID!) { policyVersion(id: $id) { ${ROW} document } }`;
export const PUBLISHED = gql`query publishedPolicy { policyVersions(state: PUBLISHED) { ${ROW} document } }`;
export const DIFF = gql`query policyDraftDiff($id: ID!) {
  policyDraftDiff(id: $id) { againstNumber changes { path kind text } cells { role purpose category before after } }
}`;
export const CREATE = gql`mutation createPolicyDraft($from: ID!) { createPolicyDraft(fromVersion: $from) { id } }`;
export const UPDATE = gql`mutation updatePolicyDraft($id: ID!, $document: JSONObject!) {
  updatePolicyDraft(id: $id, document: $document) { ${ROW} document }
}`;
