// The projector (server/src/policy/projector.ts) is the only place a personal value served to a reader is
// decided, masked and recorded. This test reads the server's sources and fails on any call, outside the policy
// layer, of what serving such a value takes: a decision of access (decideAccess, accessFor, policy.access),
// masking (applyMask, servedUnder), or recording a served field (access.record / recordFields). The places
// that are no read of a value are listed with the reason (filters and searches ask policy/oracles.ts; the change
// trail masks what it keeps; audit analyses decide about past requests).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

/** The policy layer itself: the projector, its wiring into the schema, the decisions, masking and the recorder. */
const POLICY_LAYER = 'server/src/policy/';

const ALLOWED: Record<string, string> = {
  'server/src/trail/change-trail.ts': 'the change trail keeps changed values masked: no value is served to a reader',
  'server/src/modules/audits/findings/purpose-mismatch.ts': 'an audit analysis: which fields past requests could see, from the trail',
  'server/src/modules/policy-versions/policy-impact-decide.ts': 'a simulation: how past reads (trail keys) would be decided under a draft; no value is read or served',
};

const PRIMITIVES = /\b(decideAccess|accessFor|applyMask|servedUnder|recordedAs)\s*\(|\.policy\.access\(|\.access\.record(Fields)?\(/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

describe('one place decides a served field', () => {
  test('no server file outside the policy layer decides, masks or records a personal value', () => {
    const found = sourceFiles('server/src')
      .filter((f) => !f.startsWith(POLICY_LAYER) && !Object.prototype.hasOwnProperty.call(ALLOWED, f))
      .flatMap((f) => readFileSync(path.join(ROOT, f), 'utf8').split('\n')
        .map((line, i) => ({ line: line.trim(), at: `${f}:${i + 1}` }))
        .filter(({ line }) => !line.startsWith('//') && !line.startsWith('*') && PRIMITIVES.test(line))
        .map(({ at, line }) => `${at}: ${line}`));
    expect(found).toEqual([]);
  });

  test('every allowed file still exists (a stale entry would hide a new one)', () => {
    for (const f of Object.keys(ALLOWED)) expect(statSync(path.join(ROOT, f)).isFile(), f).toBe(true);
  });
});
