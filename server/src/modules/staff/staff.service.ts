import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { grantNeedsApproval, isRoleKey, mayGrantAlone, ROLES, TWO_PERSON_ROLES, type RoleKey } from '../../../../schema/policy';
import { mailPasswordLink } from '../../auth/password-reset';
import { sqlIn } from '../../common/sql';
import { revokeKeysOfCreator } from '../../auth/api-keys.service';
import { badInput, conflict, forbidden } from '../../common/errors';
import { idOf } from '../../common/list';
import { getEntity } from '../../common/simple-list';
import { check } from '../../common/validate';
import type { RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { assertContractorLive } from '../grants/contractor-check';
import { GrantService } from '../grants/grant.service';
import { Staff } from './staff.entity';

/** What may be asked of an account: never a password (its owner sets it through a one-time link). */
export interface StaffInput { name?: string; email?: string; role?: string | null; contractorId?: string | null; active?: boolean | null }

/** The fields a CHANGE event shows of an account: never its password hash or token version. */
type Shown = { name: string; email: string; role: RoleKey | null; contractorId: number | null; active: boolean };
const shown = (s: Staff): Shown => ({ name: s.name, email: s.email, role: s.role, contractorId: s.contractor?.id ?? null, active: s.active });

/**
 * Staff accounts under the powers of schema/policy (powers.ts): nobody changes their own role, contractor or
 * active flag; a two-person role (and reactivating one) waits for a privacy manager's approval while the
 * account keeps what it had (a new account: no role); any other role only from someone holding all its powers.
 */
export class StaffService {
  constructor(private readonly ctx: RequestContext) {}

  private get em() { return this.ctx.em; }

  async create(input: StaffInput): Promise<Staff> {
    const name = check.maxLength('name', check.required('name', input.name), 100);
    const email = await this.freeEmail(check.email('email', check.required('email', input.email)), null);
    const role = this.roleOf(input.role);
    const contractorId = await this.contractorFor(role, input.contractorId === undefined ? null : input.contractorId, null);
    const twoPerson = this.mustAsk(role);
    // Nobody knows this password: the owner sets one through the link mailed below.
    const unusable = await argon2.hash(randomBytes(32).toString('base64url'), { type: argon2.argon2id });
    const staff = this.em.create(Staff, {
      name, email, role: twoPerson ? null : role, contractor: twoPerson ? null : contractorId, active: true, passwordHash: unusable,
    }, { partial: true });
    await this.em.flush();
    await this.record(staff, 'CREATE', shown(staff), null);
    if (twoPerson) await new GrantService(this.ctx).requestForStaff(staff.id, { role, contractorId });
    await mailPasswordLink(this.ctx, staff.id, 'INVITE');
    return staff;
  }

  async update(id: unknown, input: StaffInput): Promise<Staff> {
    const staffId = idOf(id);
    await sqlIn(this.em)('select id from staff where id = ? for update', [staffId]);
    const staff = await getEntity(this.em, Staff, staffId);
    const before = shown(staff);
    const next: Partial<Shown> = {};
    if (input.name !== undefined) next.name = check.maxLength('name', check.required('name', input.name), 100);
    if (input.email !== undefined) next.email = check.email('email', check.required('email', input.email));
    if (input.role !== undefined) next.role = this.roleOf(input.role);
    if (input.active !== undefined && input.active !== null) next.active = input.active;
    const role = next.role ?? staff.role;
    if (role && (input.contractorId !== undefined || next.role !== undefined)) {
      const asked = input.contractorId !== undefined ? input.contractorId : before.contractorId === null ? null : String(before.contractorId);
      next.contractorId = await this.contractorFor(role, asked, before.contractorId);
    }
    const changed = (Object.keys(next) as (keyof Shown)[]).filter((k) => next[k] !== before[k]);
    this.refuseOwnPowers(staffId, changed);
    if (changed.includes('email')) {
      await this.freeEmail(next.email!, staffId);
      // Whoever could change a privileged account's address could have its reset links: it keeps its own.
      if ((before.role && TWO_PERSON_ROLES.includes(before.role)) || (await this.pendingGrant(staffId))) {
        throw forbidden('The e-mail address of a privileged account cannot be changed; create a new account', '特権アカウントのメールアドレスは変更できません。新しいアカウントを作成してください', 'email');
      }
    }
    const grants = changed.some((k) => k === 'role' || k === 'contractorId') || (next.active === true && !before.active && !!role);
    const asked = grants && !!role && this.mustAsk(role);
    if (grants && (await this.pendingGrant(staffId))) {
      throw conflict('この職員には承認待ちの申請があります。先に判断してください', 'A grant request for this account awaits a decision first', 'role');
    }
    const applied = Object.fromEntries(changed
      .filter((k) => !(asked && (k === 'role' || k === 'contractorId' || (k === 'active' && next.active))))
      .map((k) => [k, next[k]])) as Partial<Shown>;
    if (Object.keys(applied).length) {
      const { contractorId, ...rest } = applied;
      this.em.assign(staff, { ...rest, ...(contractorId !== undefined ? { contractor: contractorId } : {}) });
      // A change of who the account is or what it may do ends its sessions.
      if (['role', 'contractorId', 'email', 'active'].some((k) => k in applied)) staff.tokenVersion += 1;
      await this.em.flush();
      await this.record(staff, 'UPDATE', applied, before);
      if (applied.active === false) await revokeKeysOfCreator(this.ctx, staffId);
    }
    if (asked) {
      await new GrantService(this.ctx).requestForStaff(staffId, {
        role: role as RoleKey, contractorId: ROLES[role as RoleKey].contractor ? (next.contractorId ?? before.contractorId) : null,
        activates: !before.active && next.active === true,
      });
    }
    return staff;
  }

  /** Whether a grant of `role` takes a second person; else the actor must hold every power it carries. */
  private mustAsk(role: RoleKey): boolean {
    if (grantNeedsApproval(role)) return true;
    if (!mayGrantAlone(this.ctx.actor?.role, role)) throw forbidden('Nobody grants a power they do not hold', '自分が持たない権限は付与できません', 'role');
    return false;
  }

  private roleOf(value: unknown): RoleKey {
    if (!isRoleKey(value)) throw badInput('role', '役割が正しくありません', 'Unknown role');
    return value;
  }

  /** The contractor an account of `role` belongs to: required and live for a contractor role (when it changes), none otherwise. */
  private async contractorFor(role: RoleKey, asked: string | null, current: number | null): Promise<number | null> {
    if (!ROLES[role].contractor) return null;
    if (!asked) throw badInput('contractorId', '委託先の役割には委託先の指定が必要です', 'A contractor role needs a contractor');
    const id = idOf(asked, 'contractorId');
    if (id !== current) await assertContractorLive(this.em, id, 'contractorId');
    return id;
  }

  /** Nobody changes their own role, contractor or active flag (【10】): another account holding the power does. */
  private refuseOwnPowers(staffId: number, changed: (keyof Shown)[]): void {
    if (staffId !== this.ctx.actor?.staffId) return;
    const own = changed.find((k) => k === 'role' || k === 'contractorId' || k === 'active');
    if (own) throw forbidden('Nobody changes their own role, contractor or active flag', '自分自身の役割・委託先・有効状態は変更できません', own);
  }

  private async freeEmail(email: string, self: number | null): Promise<string> {
    const [taken] = await sqlIn(this.em)('select id from staff where email = ? and id is distinct from ?', [email, self]);
    if (taken) throw conflict('このメールアドレスはすでに使われています', 'This e-mail address is already in use', 'email');
    return email;
  }

  private async pendingGrant(staffId: number): Promise<boolean> {
    const [row] = await sqlIn(this.em)(`select 1 from grant_request where staff_id = ? and status = 'PENDING'`, [staffId]);
    return !!row;
  }

  private record(s: Staff, action: 'CREATE' | 'UPDATE', changes: Partial<Shown>, before: Shown | null) {
    return recordChange(this.ctx, { entity: 'Staff', entityId: s.id, subjectId: null, action, plan: { changes, personal: [] }, before, reason: null });
  }
}
