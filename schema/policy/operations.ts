import pluralize from 'pluralize';
import { hasPower, isPower, POWER_KEYS, POWERS, powerWithin, type Power } from './powers';
import { isPurposeKey, type PurposeKey } from './purposes';
import { isRoleKey, type RoleKey } from './roles';
import { SEED_POLICY } from './matrix';
import { HANDOVERS, mayLinkToCustomer, mayPerform, RESOURCES, type Operation, type ResourceName, type VersionRules } from './resources';

/**
 * What may run: every GraphQL operation (root field) with the rule that opens it. The server's shield is
 * generated from this declaration (server/src/policy/shield.ts), and so are the admin UI's menu and buttons
 * (admin-ui/src/access.ts): an operation declared nowhere here is denied by both.
 *
 * Sources, each declared once: resource CRUD from RESOURCES, screens over another resource from VIEWS,
 * the powers' operations from POWERS (powers.ts), and the rest from OTHER_OPERATIONS below.
 */

/** A login past its password that still owes a step (server/src/auth/login-steps.ts). */
export type LoginStep = 'SECOND_FACTOR' | 'ENROL_MFA';

/**
 * Who may call an operation. `staffSession`: a signed-in person, not an API key. `loginStep`: a login that
 * passed its password and owes that step (any step: 'ANY'), or else, when `or` says so, any actor or a staff
 * member's full session. `power`: a staff session of a holder of that power (POWERS), never an API key.
 */
export type OperationAccess = 'public' | 'authenticated' | 'staff' | 'staffSession'
  | { roles: readonly RoleKey[] } | { declaring: PurposeKey } | { resource: ResourceName; op?: Operation } | { power: Power }
  /** Linking a row without a customer to one: the roles and purposes its resource's `withoutCustomer.linkers` name. */
  | { linkWithoutCustomer: ResourceName }
  | { loginStep: LoginStep | 'ANY'; or?: 'authenticated' | 'staffSession' };

/** The operations of a resource or screen, named as ra-data-graphql-simple expects (it pluralizes with `pluralize`). */
export function resourceOperations(resource: string): Record<Operation, string[]> {
  return {
    read: [`all${pluralize(resource)}`, `_all${pluralize(resource)}Meta`, resource],
    create: [`create${resource}`],
    update: [`update${resource}`],
    delete: [`delete${resource}`],
  };
}

/**
 * Screens over a policy resource under another name, with the operations they have. Complaints (【14】) are
 * interactions of kind COMPLAINT: allComplaints / updateComplaint read / update Interaction.
 */
export const VIEWS: Readonly<Record<string, { resource: ResourceName; ops: readonly Operation[] }>> = {
  Complaint: { resource: 'Interaction', ops: ['read', 'update'] },
};

/** The purpose the statistics page and `statistics` query answer under (purpose 10, 統計データ作成), and only under it. */
export const STATISTICS_PURPOSE: PurposeKey = 'STATISTICS';

/** Operations that are neither resource CRUD, a view's, nor a power's, and who may call them. */
const OTHER_OPERATIONS: Readonly<Record<string, OperationAccess>> = {
  // Queries
  me: 'authenticated', passwordSetup: 'public',
  // What the caller's role is decided by under the version in force (the admin UI's menus follow it): no person in
  // it, and asked with `me`, whose declared purpose may be one the version just took away, so no purpose check.
  policyInForce: 'authenticated',
  // The public notice of arts. 21/32 (policy_notice): what the store tells everyone, no person in it.
  privacyNotice: 'public',
  verifyAccessTrail: { resource: 'AccessEvent' }, trailHead: { resource: 'AccessEvent' },
  auditExport: { resource: 'Audit' }, auditAcceptRules: { resource: 'Audit' }, // The roles that may declare purpose 10 under the version in force: an operation that only makes sense under it is theirs.
  statistics: { declaring: STATISTICS_PURPOSE },
  openPrivacyComplaints: { roles: ['PRIVACY_MANAGER', 'AUDITOR'] },
  legalRetentionSettings: { resource: 'PrivacyRequest' }, disclosureWithholdings: { resource: 'PrivacyRequest' },
  mfaStatus: 'staff',
  // Counts and dates only; which tiles each role gets is DASHBOARD_TILES' (dashboard.ts), checked by the service.
  homeDashboard: 'staff',
  sensitiveTerms: { resource: 'PrivacyRequest' }, requestFees: { resource: 'PrivacyRequest' }, leakReport: { resource: 'LeakIncident' },
  retentionSchedule: { resource: 'PrivacyRequest' }, retentionDue: { resource: 'PrivacyRequest' },
  // An export's resource, purpose and cap are checked by the export service against EXPORT_CAPS.
  exportAllowance: 'authenticated',
  // Who may hand which work over is checked against HANDOVERS by the resolver.
  handoverContractors: 'staff',
  // Mutations
  login: 'public', completePasswordSetup: 'public', logout: { loginStep: 'ANY', or: 'authenticated' },
  verifySecondFactor: { loginStep: 'SECOND_FACTOR' },
  beginMfaEnrolment: { loginStep: 'ENROL_MFA', or: 'staffSession' }, confirmMfaEnrolment: { loginStep: 'ENROL_MFA', or: 'staffSession' },
  fulfilDisclosureRequest: { resource: 'PrivacyRequest', op: 'update' }, fulfilCorrectionRequest: { resource: 'PrivacyRequest', op: 'update' },
  fulfilStopRequest: { resource: 'PrivacyRequest', op: 'update' },
  linkPrivacyRequestCustomer: { resource: 'PrivacyRequest', op: 'update' }, answerPrivacyRequest: { resource: 'PrivacyRequest', op: 'update' },
  fulfilForeignMeasuresRequest: { resource: 'PrivacyRequest', op: 'update' },
  linkComplaintCustomer: { linkWithoutCustomer: 'Interaction' },
  runAudit: { resource: 'Audit', op: 'update' },
  // Working findings (#21): whoever may run audits; separation of duties is the service's (finding-triage.ts).
  triageAuditFinding: { resource: 'Audit', op: 'update' }, createAuditAcceptRule: { resource: 'Audit', op: 'update' },
  revokeAuditAcceptRule: { resource: 'Audit', op: 'update' },
  updateLegalRetentionSettings: { resource: 'PrivacyRequest', op: 'update' },
  updateRetentionSchedule: { resource: 'PrivacyRequest', op: 'update' }, sweepLiveData: { resource: 'PrivacyRequest', op: 'update' },
  answerFamilyInquiry: { resource: 'Order', op: 'read' },
  addSensitiveTerm: { resource: 'PrivacyRequest', op: 'update' }, removeSensitiveTerm: { resource: 'PrivacyRequest', op: 'update' },
  sweepSensitiveText: { resource: 'PrivacyRequest', op: 'update' }, setRequestFees: { resource: 'PrivacyRequest', op: 'update' },
  linkLeakAffectedFromTrail: { resource: 'LeakIncident', op: 'update' }, recordLeakNotices: { resource: 'LeakIncident', op: 'update' },
  recordExport: 'authenticated', changeMyPassword: 'staffSession',
  // A carrier's own steps on the shipments handed to it (【8】); the service checks the shipment is in its scope.
  markShipmentPickedUp: { roles: [HANDOVERS.assignedShipments.contractorRole] },
  markShipmentDelivered: { roles: [HANDOVERS.assignedShipments.contractorRole] },
  addMailingRecipients: { resource: 'Mailing', op: 'update' }, handOverMailing: { resource: 'Mailing', op: 'update' },
};

/**
 * Every declared operation and its rule. Built once; a name declared by two sources throws (a power's
 * operation answers to POWERS alone, and no rule silently replaces another).
 */
export function declareOperations(others: Readonly<Record<string, OperationAccess>> = OTHER_OPERATIONS): Readonly<Record<string, OperationAccess>> {
  const out: Record<string, OperationAccess> = {};
  const add = (name: string, access: OperationAccess, source: string) => {
    if (Object.prototype.hasOwnProperty.call(out, name)) {
      throw new Error(`${name} is declared twice (${source}): a power's operation is declared in POWERS only, every other once`);
    }
    out[name] = access;
  };
  for (const resource of Object.keys(RESOURCES) as ResourceName[]) {
    const ops = resourceOperations(resource);
    for (const op of Object.keys(ops) as Operation[]) {
      // A power's list or by-id query (grant requests…) answers to the power, not to the resource's rule.
      for (const name of ops[op]) if (!powerOf(name)) add(name, { resource, op }, `RESOURCES.${resource}`);
    }
  }
  for (const [view, spec] of Object.entries(VIEWS)) {
    const ops = resourceOperations(view);
    for (const op of spec.ops) for (const name of ops[op]) add(name, { resource: spec.resource, op }, `VIEWS.${view}`);
  }
  for (const [name, access] of Object.entries(others)) add(name, access, 'OTHER_OPERATIONS');
  for (const power of POWER_KEYS) for (const name of POWERS[power].operations) add(name, { power }, `POWERS.${power}`);
  return Object.freeze(out);
}

function powerOf(operation: string): Power | undefined {
  return POWER_KEYS.find((p) => (POWERS[p].operations as readonly string[]).includes(operation));
}

export const OPERATION_RULES: Readonly<Record<string, OperationAccess>> = declareOperations();

/** The rule of an operation, or undefined when none is declared (denied). */
export function operationRule(operation: string): OperationAccess | undefined {
  return Object.prototype.hasOwnProperty.call(OPERATION_RULES, operation) ? OPERATION_RULES[operation] : undefined;
}

/**
 * Whether `role` under `purpose` (null: none declared) may call `operation`, as far as the declaration and policy
 * `version` say (the server passes the request's; the admin UI the version in force it loaded): the role,
 * purpose, resource and power parts of its rule. The state of the session (signed in, API key or person, a login
 * step, a contractor's agreement) is the shield's to check on top. Unknown anything: false.
 */
export function mayRunOperation(operation: string, role: unknown, purpose: unknown, version: VersionRules = SEED_POLICY): boolean {
  const rule = operationRule(operation);
  if (!rule || !isRoleKey(role)) return false;
  const declared = isPurposeKey(purpose) ? purpose : null;
  if (purpose != null && !declared) return false;
  if (typeof rule === 'string') return true; // public, authenticated, staff: any role, in any session the shield accepts
  if ('loginStep' in rule) return !!rule.or;
  if ('roles' in rule) return rule.roles.includes(role);
  if ('declaring' in rule) return version.roleMayDeclare(role, rule.declaring);
  if ('power' in rule) {
    if (!isPower(rule.power) || !hasPower(role, rule.power)) return false;
    const within = powerWithin(rule.power);
    return !within || mayPerform(within.resource as ResourceName, within.op, role, declared, version);
  }
  if ('linkWithoutCustomer' in rule) return mayLinkToCustomer(rule.linkWithoutCustomer, role, declared);
  return mayPerform(rule.resource, rule.op ?? 'read', role, declared, version);
}

/** react-admin's actions on a screen, as the operations they call. An export is a read, done by the export service. */
const SCREEN_ACTIONS: Readonly<Record<string, (ops: Record<Operation, string[]>) => string>> = {
  list: (ops) => ops.read[0], show: (ops) => ops.read[2], export: (ops) => ops.read[0],
  create: (ops) => ops.create[0], edit: (ops) => ops.update[0], delete: (ops) => ops.delete[0],
};

/** The admin UI's statistics page and the policy matrix page: screens that are no resource. */
export const STATISTICS_PAGE = 'statistics';
export const POLICY_PAGE = 'policy';

/** The policy resource a screen reads (a view such as Complaint reads Interaction). */
export function policyResourceOf(screen: string): string {
  return Object.prototype.hasOwnProperty.call(VIEWS, screen) ? VIEWS[screen].resource : screen;
}

/**
 * Whether the admin UI offers `action` on `screen` to `role` under `purpose` and policy `version` (the version in
 * force the UI loaded; no default, so that no screen is offered by the seed): exactly when the operation it calls
 * may run (mayRunOperation). An export also needs a resource the export service takes (RESOURCES).
 * The UI only hides; the server decides, from the same declaration.
 */
export function mayUseScreen(role: unknown, screen: string, action: string, purpose: unknown, version: VersionRules): boolean {
  if (!isRoleKey(role)) return false;
  if (screen === POLICY_PAGE) return true; // the policy matrix is the published policy
  if (screen === STATISTICS_PAGE) return mayRunOperation('statistics', role, null, version);
  const operation = Object.prototype.hasOwnProperty.call(SCREEN_ACTIONS, action) ? SCREEN_ACTIONS[action](resourceOperations(screen)) : undefined;
  // A purpose the UI holds that is none of the policy's is no purpose (the server refuses it anyway).
  if (!operation || !mayRunOperation(operation, role, isPurposeKey(purpose) ? purpose : null, version)) return false;
  return action !== 'export' || Object.prototype.hasOwnProperty.call(RESOURCES, policyResourceOf(screen));
}

/**
 * The only key for anything cached by what the policy decides (bound plans, masks, field decisions): the
 * policy's inputs are the policy version in force when the request started, the actor's role and the declared
 * purpose, and nothing else may be assumed elsewhere. Without a version (audits reading the trail): role and purpose.
 * The server passes the version's number and hash (`3.ab12…`): two databases' version 3 are never mixed.
 */
export function policyKey(actor: { role: RoleKey | string | null } | null | undefined, purpose: PurposeKey | string | null, version: number | string | null = null): string {
  const v = version === null ? '' : `\u0000v${version}`;
  return actor?.role ? `${actor.role}\u0000${purpose ?? ''}${v}` : `\u0000anonymous${v}`;
}
