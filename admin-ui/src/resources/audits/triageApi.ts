import { mayConductAudits } from '../../../../schema/policy';
import { postGraphql } from '../../providers/graphqlFetch';

/** What people decided about a finding (server modules/audits/finding-triage.ts). */
export interface TriageChange {
  status?: string;
  ownerId?: string | null;
  dueOn?: string | null;
  comment?: string | null;
}

const TRIAGE = `mutation triageAuditFinding($id: ID!, $status: FindingStatus, $ownerId: ID, $dueOn: String, $comment: String) {
  triageAuditFinding(id: $id, status: $status, ownerId: $ownerId, dueOn: $dueOn, comment: $comment) { id status ownerId dueOn } }`;

/** Records a status, owner, due day and/or comment for a finding (one CHANGE entry of the trail). */
export async function triageFinding(id: string, change: TriageChange): Promise<void> {
  await postGraphql(TRIAGE, { id, ...change });
}

export interface AcceptRule {
  id: string;
  code: string;
  role: string | null;
  staffId: string | null;
  purpose: string | null;
  contractorId: string | null;
  reason: string;
  validFrom: string;
  validUntil: string;
  createdById: string;
}

const RULES = `query auditAcceptRules { auditAcceptRules(activeOnly: true) { id code role staffId purpose contractorId reason validFrom validUntil createdById } }`;
const CREATE = `mutation createAuditAcceptRule($code: String!, $role: String, $staffId: ID, $purpose: String, $contractorId: ID, $reason: String!, $validUntil: String!) {
  createAuditAcceptRule(code: $code, role: $role, staffId: $staffId, purpose: $purpose, contractorId: $contractorId, reason: $reason, validUntil: $validUntil) { id } }`;
const REVOKE = `mutation revokeAuditAcceptRule($id: ID!, $reason: String!) { revokeAuditAcceptRule(id: $id, reason: $reason) { id } }`;

export async function activeAcceptRules(): Promise<AcceptRule[]> {
  return (await postGraphql<{ auditAcceptRules: AcceptRule[] }>(RULES)).auditAcceptRules;
}

export type NewAcceptRule = Omit<AcceptRule, 'id' | 'validFrom' | 'createdById'>;

export async function createAcceptRule(rule: NewAcceptRule): Promise<void> {
  await postGraphql(CREATE, { ...rule });
}

export async function revokeAcceptRule(id: string, reason: string): Promise<void> {
  await postGraphql(REVOKE, { id, reason });
}

export interface StaffMember { id: string; name: string; role: string }

const STAFF = `query auditStaff { allStaff(perPage: 500, sortField: "name", filter: { active: true }) { id name role } }`;

/** Accounts that may own a finding: active auditors and privacy managers (the server checks it again). */
export async function auditStaff(): Promise<StaffMember[]> {
  const { allStaff } = await postGraphql<{ allStaff: StaffMember[] }>(STAFF);
  return allStaff.filter((s) => mayConductAudits(s.role));
}
