import { CATEGORY_KEYS } from './categories';
import { SEED_POLICY } from './matrix';
import type { CompiledPolicy } from './policy-compile';
import { isPurposeKey, type PurposeKey } from './purposes';
import type { Operation } from './resources';
import { isRoleKey, ROLE_KEYS, ROLES, type RoleKey } from './roles';

/** An administrative power (【10】 separation of duties): who holds it and the operations it alone opens. */
export interface PowerSpec {
  ja: string;
  en: string;
  /** The roles holding it; nobody else runs its operations. */
  holders: readonly RoleKey[];
  /** GraphQL operations opened by this power only (resource CRUD is in resources.ts, derived from here where it is a power). */
  operations: readonly string[];
  /**
   * A power exercised on a resource's rows: besides holding it, the caller must be allowed `op` on `resource`
   * under the purpose declared now (the resource's purpose and role rules, resources.ts). Without it: any purpose.
   * A resource name (RESOURCES, which names POWERS itself: typed as text here, an unknown one allows nothing).
   */
  within?: { resource: string; op: Operation };
}

/**
 * Who may act on accounts, grants, keys and logins. The server's shield runs these operations for a staff
 * session (never an API key) of a holder role, and nothing else; the admin UI's buttons and menu are
 * derived from the same table.
 */
export const POWERS = {
  /** Create accounts; change their name, e-mail, role, contractor or active flag (never one's own role, contractor or active flag). */
  manageStaff: { ja: '職員アカウントの管理', en: 'Manage staff accounts', holders: ['ADMIN'], operations: ['createStaff', 'updateStaff'] },
  /** Decide a two-person grant: never one's own request, never a grant to oneself. */
  approveGrants: {
    ja: '権限付与の承認', en: 'Approve grants', holders: ['PRIVACY_MANAGER'], operations: ['approveGrantRequest', 'rejectGrantRequest'],
  },
  /** See the grant requests, pending and decided. */
  viewGrants: {
    ja: '権限付与申請の閲覧', en: 'View grant requests', holders: ['PRIVACY_MANAGER', 'AUDITOR', 'ADMIN'],
    operations: ['allGrantRequests', '_allGrantRequestsMeta', 'GrantRequest'],
  },
  /** Issue an API key for one's own role, purposes and contractor: never more than one holds. */
  issueApiKeys: { ja: 'APIキーの発行', en: 'Issue API keys', holders: ROLE_KEYS, operations: ['createApiKey'] },
  /** See every API key. */
  viewApiKeys: {
    ja: 'APIキーの閲覧', en: 'View API keys', holders: ['ADMIN', 'PRIVACY_MANAGER', 'AUDITOR'], operations: ['allApiKeys', '_allApiKeysMeta'],
  },
  /** Revoke a key (narrowing is safe in either hand). */
  revokeApiKeys: { ja: 'APIキーの失効', en: 'Revoke API keys', holders: ['ADMIN', 'PRIVACY_MANAGER'], operations: ['revokeApiKey'] },
  /** Send an account's owner a one-time link to set a new password, to the owner's own address; the issuer never sees it. */
  issuePasswordResets: { ja: 'パスワード再設定の送信', en: 'Send password resets', holders: ['ADMIN'], operations: ['issuePasswordReset'] },
  /** Reset another staff member's second factor, lift another's lock (never one's own: the service refuses it). */
  resetLogins: { ja: 'ログインの復旧', en: 'Restore logins', holders: ['PRIVACY_MANAGER'], operations: ['resetStaffMfa', 'unlockStaffLogin'] },
  /** See the documents API keys may run. */
  readTrustedDocuments: {
    ja: '信頼済みドキュメントの閲覧', en: 'View trusted documents', holders: ['ADMIN', 'PRIVACY_MANAGER', 'AUDITOR'],
    operations: ['allTrustedDocuments', '_allTrustedDocumentsMeta', 'TrustedDocument'],
  },
  /** Register a document for an API key (it runs nothing until approved). */
  registerTrustedDocuments: {
    ja: '信頼済みドキュメントの登録', en: 'Register trusted documents', holders: ['ADMIN'], operations: ['registerTrustedDocument'],
  },
  /** Approve a registered document: what an internal tool may do with personal data is the privacy manager's call. */
  approveTrustedDocuments: {
    ja: '信頼済みドキュメントの承認', en: 'Approve trusted documents', holders: ['PRIVACY_MANAGER'], operations: ['approveTrustedDocument'],
  },
  /** Withdraw a document (narrowing is safe in either hand). */
  revokeTrustedDocuments: {
    ja: '信頼済みドキュメントの取消', en: 'Revoke trusted documents', holders: ['ADMIN', 'PRIVACY_MANAGER'], operations: ['revokeTrustedDocument'],
  },
  /**
   * See the policy's versions and drafts, a draft's differences and its impact on the trail, and the history of
   * the public notice each version published (#23): the policy is the privacy office's, audited.
   */
  viewPolicyVersions: {
    ja: 'ポリシー版の閲覧', en: 'View policy versions', holders: ['PRIVACY_MANAGER', 'AUDITOR'],
    operations: ['policyVersions', 'policyVersion', 'policyDraftDiff', 'policyDraftImpact', 'privacyNoticeHistory'],
  },
  /** Copy a version into a draft and edit it; a draft decides nothing until a second person publishes it. */
  editPolicyDrafts: {
    ja: 'ポリシー草案の編集', en: 'Edit policy drafts', holders: ['PRIVACY_MANAGER'], operations: ['createPolicyDraft', 'updatePolicyDraft'],
  },
  /**
   * Ask for a draft's publication (the first person), withdraw one's request, or restore a published or retired
   * version (a new draft, asked for at once). Nothing takes effect until another person approves.
   */
  requestPolicyPublication: {
    ja: 'ポリシー公開の申請', en: 'Request policy publication', holders: ['PRIVACY_MANAGER'],
    operations: ['requestPolicyPublication', 'withdrawPolicyPublication', 'restorePolicyVersion'],
  },
  /**
   * Approve or reject a requested publication (the second person): another privacy manager or the auditor,
   * never the one who asked nor the one who last edited the draft (the service refuses it).
   */
  approvePolicyPublication: {
    ja: 'ポリシー公開の承認', en: 'Approve policy publication', holders: ['PRIVACY_MANAGER', 'AUDITOR'],
    operations: ['approvePolicyPublication', 'rejectPolicyPublication'],
  },
  /**
   * Ask for a DELETION request's erasure (the first person, once identity is verified and the work started),
   * or withdraw one's own ask. Nothing is erased until another holder of approveErasure approves (【10】【11】).
   */
  requestErasure: {
    ja: '削除の承認申請', en: 'Ask for an erasure\'s approval', holders: ['PRIVACY_MANAGER'],
    operations: ['requestErasure', 'withdrawErasure'], within: { resource: 'PrivacyRequest', op: 'update' },
  },
  /**
   * Approve (the erasure runs) or reject (the data stays) an erasure asked for: a second person, never the one
   * who asked (the service refuses it, and a CHECK of privacy_request).
   */
  approveErasure: {
    ja: '削除の承認', en: 'Approve erasures', holders: ['PRIVACY_MANAGER'],
    operations: ['approveErasure', 'rejectErasure'], within: { resource: 'PrivacyRequest', op: 'update' },
  },
} as const satisfies Record<string, PowerSpec>;

export type Power = keyof typeof POWERS;
export const POWER_KEYS = Object.keys(POWERS) as Power[];

export function isPower(value: unknown): value is Power {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(POWERS, value);
}

/** Whether `role` holds `power`. Unknown role or power, or no role (an account awaiting approval): false. */
export function hasPower(role: unknown, power: Power): boolean {
  return isPower(power) && isRoleKey(role) && (POWERS[power].holders as readonly string[]).includes(role);
}

/** The resource operation a power is exercised within (PowerSpec.within), or null when any purpose will do. */
export function powerWithin(power: Power): PowerSpec['within'] | null {
  return (POWERS[power] as PowerSpec).within ?? null;
}

/** The powers a role carries. */
export function powersOf(role: unknown): Power[] {
  return POWER_KEYS.filter((p) => hasPower(role, p));
}

/**
 * Roles whose grant takes a second person (【10】): a different privacy manager approves it. The roles that
 * see the privacy office's data (PRIVACY_ADMINISTRATION) and every contractor role (【7】【8】: data leaves the store).
 */
export const TWO_PERSON_ROLES: readonly RoleKey[] = ROLE_KEYS.filter((r) =>
  ROLES[r].contractor || (ROLES[r].purposes as readonly string[]).includes('PRIVACY_ADMINISTRATION'));

/** Whether granting `role` is a two-person act. Unknown role: true (fail closed). */
export function grantNeedsApproval(role: unknown): boolean {
  return !isRoleKey(role) || TWO_PERSON_ROLES.includes(role);
}

/** What the API-key rules below ask of a policy version: its matrix and the purposes of each role. */
export type KeyVersionRules = Pick<CompiledPolicy, 'decideAccess' | 'purposesOf'>;

/** Whether `role` under `purpose` reads any personal data at all (any category not HIDDEN in `version`'s matrix). */
export function purposeReadsPersonalData(role: unknown, purpose: unknown, version: KeyVersionRules = SEED_POLICY): boolean {
  return CATEGORY_KEYS.some((c) => version.decideAccess(role, purpose, c) !== 'HIDDEN');
}

/**
 * Whether an API key of `role` with `purposes` takes a privacy manager's approval under policy `version` (the
 * server passes the request's): when any of its purposes reads personal data per its matrix, or its role is a
 * two-person role (under the seed, or by holding PRIVACY_ADMINISTRATION under `version`). Unknown role or purpose: true.
 */
export function apiKeyNeedsApproval(role: unknown, purposes: readonly unknown[], version: KeyVersionRules = SEED_POLICY): boolean {
  if (grantNeedsApproval(role) || version.purposesOf(role).includes('PRIVACY_ADMINISTRATION')) return true;
  return purposes.some((p) => !isPurposeKey(p) || purposeReadsPersonalData(role, p, version));
}

/**
 * Whether `granter` may grant `role` on its own authority: it holds every power the role carries. A
 * two-person grant is also decided by its approver, who must hold them (a privacy manager approves).
 */
export function mayGrantAlone(granter: unknown, role: unknown): boolean {
  if (!isRoleKey(granter) || !isRoleKey(role) || grantNeedsApproval(role)) return false;
  return powersOf(role).every((p) => hasPower(granter, p));
}

/**
 * The first accounts of an empty installation (`npm run staff:bootstrap`): the holders of the powers that
 * create every other account and approve its grant. Nobody else can create staff or answer people's requests.
 */
export const BOOTSTRAP_ROLES: readonly RoleKey[] = [...new Set<RoleKey>([...POWERS.manageStaff.holders, ...POWERS.approveGrants.holders])];

/** How long an API key lives, in days: the default when none is asked, and the most that may be asked. */
export const API_KEY_LIFETIME_DAYS = { default: 90, max: 365 } as const;

/** The purposes an API key issued by `role` may carry: exactly what the role may declare (never more). */
export function apiKeyPurposesFor(role: unknown): readonly PurposeKey[] {
  return isRoleKey(role) ? (ROLES[role].purposes as readonly PurposeKey[]) : [];
}
