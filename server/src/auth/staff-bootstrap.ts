// The first accounts of an empty installation (`npm run staff:bootstrap`): an ADMIN, who manages staff,
// and a PRIVACY_MANAGER, who runs the privacy office; each gets a one-time link to set their password.
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import argon2 from 'argon2';
import { appendTrail } from '../trail/trail-writer';
import { Staff } from '../modules/staff/staff.entity';
import { issuePasswordSetup, sqlIn } from './password-setup';
import { BOOTSTRAP_ROLES, type RoleKey } from '../../../schema/policy';

/** The roles an installation cannot do without (schema/policy BOOTSTRAP_ROLES). */
export { BOOTSTRAP_ROLES };
export type BootstrapRole = RoleKey;

export interface BootstrapAccount { role: BootstrapRole; email: string; name: string }
export interface BootstrappedAccount extends BootstrapAccount { staffId: number; url: string; expiresAt: Date }

export class StaffAlreadyExist extends Error {
  constructor(readonly count: number) { super(`${count} staff account(s) exist`); }
}

const COMMAND = 'staff:bootstrap';

/**
 * Creates the accounts and their links in one transaction, refused (StaffAlreadyExist) unless no staff
 * exists: the staff table is locked first, so two runs at once cannot both pass the check. The accounts'
 * stored password is a hash of random bytes nobody knows, until the link sets a real one.
 */
export async function bootstrapStaff(em: EntityManager, accounts: BootstrapAccount[]): Promise<BootstrappedAccount[]> {
  return em.transactional(async (tem) => {
    const sql = sqlIn(tem);
    await sql('lock table staff in share row exclusive mode');
    const [{ n }] = await sql('select count(*)::int as n from staff');
    if (n > 0) throw new StaffAlreadyExist(n);
    const unusable = await Promise.all(accounts.map(() => argon2.hash(randomBytes(32).toString('base64url'), { type: argon2.argon2id })));
    // Created in the order given (ids follow it), not in the order the hashes complete.
    const staff = accounts.map((a, i) => tem.create(Staff, { name: a.name, email: a.email, role: a.role, active: true, passwordHash: unusable[i] }, { partial: true }));
    await tem.flush();
    await appendTrail(tem, [{
      kind: 'SECURITY', staffId: null, apiKeyId: null, role: null, purpose: null, operation: COMMAND, queryHash: null, requestId: null,
      clientAddress: null, customerId: null, clearFields: [], maskedFields: [],
      detail: { event: 'STAFF_BOOTSTRAPPED', accounts: staff.map((s) => ({ staffId: s.id, role: s.role, email: s.email })) },
    }]);
    const out: BootstrappedAccount[] = [];
    for (const [i, s] of staff.entries()) {
      const link = await issuePasswordSetup({ em: tem, command: COMMAND }, s.id, 'BOOTSTRAP');
      out.push({ ...accounts[i], staffId: s.id, ...link });
    }
    return out;
  });
}
