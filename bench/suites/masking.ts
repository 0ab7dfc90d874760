// Target 1: what the policy costs. 100 customers × every personal field + last 3 orders each, under purposes that
// mask, trail on — against the same server with the policy off: every field clear and, as the target has the trail
// on, every read still recorded. A second baseline has the trail off too (nothing recorded): the difference
// between the two is what waiting for the trail's commit costs, not the masking.
import { alternate, loadFor, medianOf } from '../lib/load';
import { sharedServer, tokenFor } from '../lib/fixture';
import { fetchOnce, mamoriPage, mamoriTarget } from '../lib/queries';
import { ms, type BenchContext } from '../lib/report';
import type { RoleKey } from '../../schema/policy';

const PAGE = { customers: 100, orders: true };
/** Issue #18: policy on at most 1.2× policy off, both through the same executor. */
const GOAL = 1.2;
/** A support desk answering an inquiry (card, birth date masked; gender, lifestyle hidden) and an auditor (everything masked). */
const CASES: { role: RoleKey; purpose: string }[] = [
  { role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE' },
  { role: 'AUDITOR', purpose: 'PRIVACY_ADMINISTRATION' },
];

export async function masking(ctx: BenchContext): Promise<void> {
  const [on, off, bare] = await Promise.all([
    sharedServer('mamori', ctx.log), sharedServer('mamori-policy-off', ctx.log), sharedServer('mamori-policy-trail-off', ctx.log),
  ]);
  for (const { role, purpose } of CASES) {
    const policyOn = mamoriTarget(on.url, await tokenFor(on, role), purpose, mamoriPage(PAGE));
    const policyOff = mamoriTarget(off.url, await tokenFor(off, role), purpose, mamoriPage(PAGE));
    const nothing = mamoriTarget(bare.url, await tokenFor(bare, role), purpose, mamoriPage(PAGE));
    const sample = await fetchOnce(policyOn);
    if (sample.errors || sample.data?.allCustomers?.length !== PAGE.customers) throw new Error(`${role} page failed: ${JSON.stringify(sample).slice(0, 200)}`);
    ctx.log(`masking: ${role} / ${purpose}, one client`);
    // One client: latency without queueing. A/B/C/A/B/C, medians.
    const runs = await alternate({
      off: () => loadFor(policyOff, 1, ctx.seconds), on: () => loadFor(policyOn, 1, ctx.seconds), bare: () => loadFor(nothing, 1, ctx.seconds),
    }, ctx.rounds);
    for (const [label, pick] of [['p50', (r: { p50: number }) => r.p50], ['p99', (r: { p99: number }) => r.p99]] as const) {
      const a = medianOf(runs.on, pick);
      const b = medianOf(runs.off, pick);
      const c = medianOf(runs.bare, pick);
      ctx.report({
        target: '1 masking cost', measure: `${label} latency, 100 customers + 3 orders, ${role} / ${purpose}, trail on`,
        value: ms(a), baseline: `policy off, trail on ${ms(b)}`, ratio: a / b,
        goal: label === 'p50' ? `≤ ${GOAL}×` : undefined, pass: label === 'p50' ? a / b <= GOAL : undefined,
      });
      ctx.report({
        target: '1 masking cost', measure: `${label}, same, against policy and trail both off (the trail's commit included)`,
        value: ms(a), baseline: `policy and trail off ${ms(c)}`, ratio: a / c,
      });
    }
  }
}
