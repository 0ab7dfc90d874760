// What may run is declared once (schema/policy operations.ts): the shield and the admin UI's menu read it.
// Pure checks of the declaration itself; the shield's behaviour is tested over HTTP (policy-*.test.ts).
import { describe, expect, test } from 'vitest';
import {
  declareOperations, mayPerform, mayRunOperation, mayUseScreen, OPERATION_RULES, POWER_KEYS, POWERS, policyKey, powerWithin, PURPOSE_KEYS, resourceOperations, RESOURCES,
  ROLE_KEYS, ROLES, SEED_POLICY, type ResourceName,
} from '../../schema/policy';
import { canAccessResource } from '../../admin-ui/src/access';
import { PolicyInForce } from '../../admin-ui/src/providers/policyInForce';

describe('one declaration of what may run', () => {
  test('a power\'s operation is declared in POWERS only: naming it anywhere else throws', () => {
    expect(() => declareOperations({ createStaff: 'staff' })).toThrow(/createStaff is declared twice/);
    expect(() => declareOperations({ allCustomers: 'authenticated' })).toThrow(/allCustomers is declared twice/);
  });

  test('every power\'s operation answers to its holders, whatever the purpose — or, exercised within a resource operation, under its purpose rule', () => {
    for (const power of POWER_KEYS) {
      const within = powerWithin(power);
      if (within) expect(Object.keys(RESOURCES), power).toContain(within.resource);
      for (const op of POWERS[power].operations) {
        expect(OPERATION_RULES[op]).toEqual({ power });
        for (const role of ROLE_KEYS) {
          const holds = (POWERS[power].holders as readonly string[]).includes(role);
          for (const purpose of [null, ...ROLES[role].purposes]) {
            const expected = holds && (!within || mayPerform(within.resource as ResourceName, within.op, role, purpose));
            expect(mayRunOperation(op, role, purpose), `${role} ${purpose} ${op}`).toBe(expected);
          }
        }
      }
    }
  });

  test('the erasure powers need the privacy requests\' purpose: a holder without one declared is refused', () => {
    const [holder] = POWERS.approveErasure.holders;
    expect(mayRunOperation('approveErasure', holder, null)).toBe(false);
    expect(ROLES[holder].purposes.some((p) => mayRunOperation('approveErasure', holder, p))).toBe(true);
    expect(mayRunOperation('requestErasure', holder, null)).toBe(false);
  });

  test('as each role under each purpose it may declare, a resource\'s list runs exactly when the resource may be read', () => {
    for (const resource of Object.keys(RESOURCES) as ResourceName[]) {
      const [list] = resourceOperations(resource).read;
      if (POWER_KEYS.some((p) => (POWERS[p].operations as readonly string[]).includes(list))) continue;
      for (const role of ROLE_KEYS) {
        for (const purpose of [...ROLES[role].purposes, null]) {
          expect(mayRunOperation(list, role, purpose), `${role} ${purpose} ${list}`).toBe(mayPerform(resource, 'read', role, purpose));
        }
      }
    }
  });

  test('an undeclared operation, an unknown role or an unknown purpose runs nothing (fail closed)', () => {
    expect(mayRunOperation('dropEverything', 'ADMIN', null)).toBe(false);
    expect(mayRunOperation('allCustomers', 'ROOT', null)).toBe(false);
    expect(mayRunOperation('allCustomers', 'SUPPORT', 'ANYTHING')).toBe(false);
  });

  test('the admin UI\'s menu is the declaration: screens, views, powers and pages', () => {
    const seed = new PolicyInForce(1, 'seed', SEED_POLICY.document.label, true, SEED_POLICY);
    expect(canAccessResource({ role: 'SUPPORT', purposes: [], policy: seed }, 'Complaint', 'edit', 'INQUIRY_RESPONSE')).toBe(mayRunOperation('updateComplaint', 'SUPPORT', 'INQUIRY_RESPONSE'));
    expect(canAccessResource({ role: 'MARKETING', purposes: [], policy: seed }, 'Complaint', 'list', 'PROMOTION')).toBe(false);
    const screen = (role: unknown, name: string, action: string) => mayUseScreen(role, name, action, null, SEED_POLICY);
    expect(screen('PRIVACY_MANAGER', 'GrantRequest', 'list')).toBe(true);
    expect(screen('PRIVACY_MANAGER', 'GrantRequest', 'export')).toBe(false); // the export service takes resources only
    expect(screen('PRIVACY_MANAGER', 'GrantRequest', 'edit')).toBe(false);
    expect(screen('ADMIN', 'TrustedDocument', 'list')).toBe(true);
    expect(screen('SUPPORT', 'TrustedDocument', 'list')).toBe(false);
    expect(ROLE_KEYS.filter((r) => screen(r, 'statistics', 'list'))).toEqual(ROLE_KEYS.filter((r) => (ROLES[r].purposes as readonly string[]).includes('STATISTICS')));
    expect(screen(undefined, 'policy', 'list')).toBe(false);
    expect(screen('CARRIER', 'policy', 'list')).toBe(true);
  });

  test('linking a complaint without a customer runs for exactly the linkers and purposes the resource declares', () => {
    const linkers = RESOURCES.Interaction.withoutCustomer.linkers as Partial<Record<string, readonly string[]>>;
    const runs = ROLE_KEYS.flatMap((role) => [...PURPOSE_KEYS, null].filter((p) => mayRunOperation('linkComplaintCustomer', role, p)).map((p) => `${role} ${p}`));
    expect(runs.sort()).toEqual(Object.entries(linkers).flatMap(([role, purposes]) => purposes!.map((p) => `${role} ${p}`)).sort());
    expect(runs).toEqual(expect.arrayContaining(['SUPPORT IDENTITY_VERIFICATION', 'PRIVACY_MANAGER PRIVACY_ADMINISTRATION']));
    expect(mayRunOperation('linkComplaintCustomer', 'AUDITOR', 'PRIVACY_ADMINISTRATION')).toBe(false);
  });

  test('policyKey tells every role × purpose apart, and only them', () => {
    const keys = ROLE_KEYS.flatMap((role) => [...PURPOSE_KEYS, null].map((purpose) => policyKey({ role }, purpose)));
    expect(new Set(keys).size).toBe(keys.length);
    expect(policyKey({ role: 'SUPPORT' }, 'TRANSACTION')).toBe(policyKey({ role: 'SUPPORT' }, 'TRANSACTION'));
    expect(policyKey(null, 'TRANSACTION')).not.toBe(policyKey({ role: 'SUPPORT' }, 'TRANSACTION'));
  });
});
