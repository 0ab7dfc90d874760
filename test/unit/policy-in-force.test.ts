// The admin UI offers what the version in force allows (#23): a contractor's part of the document decides its role
// exactly as the whole one; without a compiled version nothing is offered; a newer version named by an answer
// reloads once. Pure: schema/policy and the UI's own modules, no server.
import { describe, expect, test } from 'vitest';
import {
  CATEGORY_KEYS, compilePolicy, mayRunOperation, OPERATION_RULES, PURPOSE_KEYS, policyDocumentFor, type PolicyDocument, POLICY_PAGE,
  RESOURCES, ROLE_KEYS, seedPolicyDocument, STATISTICS_PAGE, VIEWS,
} from '../../schema/policy';
import { canAccessResource, mayOffer, type Permissions } from '../../admin-ui/src/access';
import {
  compileInForce, holdPolicyVersion, notePolicyVersion, onNewerPolicyVersion, PolicyInForce,
} from '../../admin-ui/src/providers/policyInForce';

/** The seed, and a version that changes a role's purposes, a record category's cell, a ceiling and an override. */
function versions(): PolicyDocument[] {
  const changed = seedPolicyDocument('changed');
  changed.roles.MARKETING.purposes = changed.roles.MARKETING.purposes.filter((p) => p !== 'STATISTICS');
  changed.roles.SUPPORT.purposes.push('STATISTICS');
  changed.matrix.PROMOTION['consent.record'] = 'HIDDEN';
  changed.ceilings['contact.phone'] = 'MASKED';
  changed.roles.ACCOUNTING.clearBecomesMasked = true;
  return [seedPolicyDocument(), changed];
}

const SCREENS = [...Object.keys(RESOURCES), ...Object.keys(VIEWS), 'GrantRequest', 'TrustedDocument', STATISTICS_PAGE, POLICY_PAGE];
const ACTIONS = ['list', 'show', 'create', 'edit', 'delete', 'export'];
const PURPOSES = [...PURPOSE_KEYS, null];

describe('a role\'s part of the version in force (policyDocumentFor)', () => {
  test.each(versions().map((d) => [d.label, d] as const))('decides that role exactly as the whole document (%s)', (_, doc) => {
    const whole = compilePolicy(doc);
    for (const role of ROLE_KEYS) {
      const part = policyDocumentFor(doc, role);
      expect(Object.keys(part.roles)).toEqual([role]);
      expect(Object.keys(part.matrix).sort()).toEqual([...doc.roles[role].purposes].sort());
      const own = compilePolicy(part);
      expect(own.purposesOf(role)).toEqual(whole.purposesOf(role));
      for (const p of PURPOSES) {
        for (const c of [...CATEGORY_KEYS, 'interaction.content+sensitive.care']) {
          expect(own.decideAccess(role, p, c), `${role} ${p} ${c}`).toBe(whole.decideAccess(role, p, c));
        }
        for (const op of Object.keys(OPERATION_RULES)) {
          expect(mayRunOperation(op, role, p, own), `${role} ${p} ${op}`).toBe(mayRunOperation(op, role, p, whole));
        }
      }
      // Nobody else is decided by it: no other role may declare anything.
      for (const other of ROLE_KEYS.filter((r) => r !== role)) expect(own.purposesOf(other)).toEqual([]);
    }
  });

  test('an unknown role gets no role and no matrix row', () => {
    const part = policyDocumentFor(seedPolicyDocument(), 'ROOT');
    expect(part.roles).toEqual({});
    expect(part.matrix).toEqual({});
  });
});

describe('the admin UI offers what the version it holds allows, and nothing without one', () => {
  const [, changed] = versions();
  const held = (doc: PolicyDocument) => compileInForce({ number: 2, hash: 'h', label: doc.label, whole: true, document: doc });

  test('the menus and buttons follow the version passed, not the seed', () => {
    const v2 = held(changed)!;
    expect(v2).toBeInstanceOf(PolicyInForce);
    const as = (role: string, policy: PolicyInForce | null): Permissions => ({ role, purposes: [], policy });
    expect(canAccessResource(as('MARKETING', v2), STATISTICS_PAGE, 'list')).toBe(false);
    expect(canAccessResource(as('MARKETING', held(seedPolicyDocument())), STATISTICS_PAGE, 'list')).toBe(true);
    expect(canAccessResource(as('SUPPORT', v2), STATISTICS_PAGE, 'list')).toBe(true);
    expect(canAccessResource(as('MARKETING', v2), 'Consent', 'list', 'PROMOTION')).toBe(false);
    expect(canAccessResource(as('MARKETING', v2), 'Consent', 'list', 'SURVEY_EVENT')).toBe(true);
    expect(mayOffer(as('MARKETING', v2), 'statistics', null)).toBe(false);
    expect(mayOffer(as('SUPPORT', v2), 'statistics', null)).toBe(true);
  });

  test('without a compiled version no screen, action or operation is offered to anyone', () => {
    for (const policy of [null, undefined]) {
      for (const role of ROLE_KEYS) {
        const permissions = { role, purposes: [...PURPOSE_KEYS], policy } as Permissions;
        for (const screen of SCREENS) for (const action of ACTIONS) for (const p of PURPOSES) {
          expect(canAccessResource(permissions, screen, action, p), `${role} ${screen} ${action} ${p}`).toBe(false);
        }
        for (const op of Object.keys(OPERATION_RULES)) for (const p of PURPOSES) expect(mayOffer(permissions, op, p)).toBe(false);
      }
    }
  });

  test.each([
    ['nothing', undefined], ['null', null], ['no document', { number: 2, hash: 'h' }], ['another format', { number: 2, hash: 'h', document: { ...changed, format: 2 } }],
    ['no number', { hash: 'h', document: changed }], ['number 0', { number: 0, hash: 'h', document: changed }], ['no hash', { number: 2, document: changed }],
    ['a list', [changed]],
  ])('an answer with %s does not compile (null)', (_, answer) => {
    expect(compileInForce(answer)).toBeNull();
  });

  test('an empty document opens nothing the document decides: no statistics, no consent records', () => {
    const empty = compileInForce({ number: 3, hash: 'h', document: { format: 1 } })!;
    for (const role of ROLE_KEYS) {
      expect(canAccessResource({ role, purposes: [], policy: empty }, STATISTICS_PAGE, 'list'), role).toBe(false);
      for (const p of PURPOSES) expect(canAccessResource({ role, purposes: [], policy: empty }, 'Consent', 'list', p), `${role} ${p}`).toBe(false);
    }
  });
});

describe('a newer version named by an answer reloads the menus once', () => {
  test('higher than the one held: one reload; lower, equal, none held or no header: nothing', () => {
    let reloads = 0;
    const off = onNewerPolicyVersion(() => { reloads += 1; });
    const answer = (n: string | null) => notePolicyVersion(new Headers(n === null ? {} : { 'X-Policy-Version': n }));
    holdPolicyVersion(null);
    answer('5');
    expect(reloads).toBe(0);
    holdPolicyVersion(3);
    for (const n of ['3', '2', null, 'x', '-4', '3.5']) answer(n);
    expect(reloads).toBe(0);
    answer('4');
    expect(reloads).toBe(1);
    answer('5'); // reloading: nothing is held until the reload has answered
    expect(reloads).toBe(1);
    holdPolicyVersion(5);
    answer('6');
    expect(reloads).toBe(2);
    off();
    holdPolicyVersion(6);
    answer('7');
    expect(reloads).toBe(2);
    holdPolicyVersion(null);
  });
});
