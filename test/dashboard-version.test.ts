// The home page's tiles follow the policy version in force (#23): a version that takes a role's purposes away takes
// away the tiles those purposes opened, for new requests at once. The changes are generated: every role whose tiles
// a version without its purposes would change, predicted with schema/policy's own decision under each version.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { compilePolicy, dashboardTilesFor, ROLE_KEYS, SEED_POLICY, seedPolicyDocument, validatePolicyDocument, type RoleKey } from '../schema/policy';
import { publishPolicy } from './helpers/publish-policy';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
const TILES = '{ homeDashboard { tiles { key } } }';

/** The seed with `role`'s purposes taken away, when that is a valid version that changes the role's tiles. */
function withoutPurposes(role: RoleKey) {
  const doc = seedPolicyDocument(`test: ${role} without purposes`);
  doc.roles[role].purposes = [];
  const changed = JSON.stringify(dashboardTilesFor(role, compilePolicy(doc))) !== JSON.stringify(dashboardTilesFor(role, SEED_POLICY));
  return changed && validatePolicyDocument(doc).length === 0 ? doc : null;
}

// A role that does not approve publications (the auditor does) keeps the test's own publication possible.
const CHANGED = ROLE_KEYS.filter((r) => r !== 'AUDITOR' && r !== 'PRIVACY_MANAGER' && withoutPurposes(r));

beforeAll(async () => { s = await startTestServer({ customers: 3 }); }, 120_000);
afterAll(async () => { await s?.stop(); });

test('some role loses tiles with its purposes (the generator finds a change)', () => {
  expect(CHANGED.length).toBeGreaterThan(0);
});

test.each(CHANGED)('as %s the tiles are those of the version in force, before and after it loses its purposes', async (role) => {
  const client = await s.asRole(role);
  const keys = async () => {
    const r = await client(TILES);
    expect(r.errors).toBeUndefined();
    return r.data.homeDashboard.tiles.map((t: { key: string }) => t.key);
  };
  const before = await keys();
  await publishPolicy(s, withoutPurposes(role)!);
  const after = await keys();
  expect(after).toEqual(dashboardTilesFor(role, compilePolicy(withoutPurposes(role)!)));
  expect(after).not.toEqual(before);
  // Back to the seed for the next role (a restore is a publication like any other).
  await publishPolicy(s, seedPolicyDocument(`test: seed again after ${role}`));
  expect(await keys()).toEqual(before);
});
