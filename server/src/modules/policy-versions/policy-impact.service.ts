import { compilePolicy, type PolicyDocument, seedPolicyDocument } from '../../../../schema/policy';
import { badInput } from '../../common/errors';
import type { RequestContext } from '../../context';
import { type ChangedRead, changedReads, type ServedGroup } from './policy-impact-decide';
import { PolicyScopeImpactService, SCOPED_ROLES } from './policy-impact-scope';
import type { PolicyImpact, PolicyImpactGroup, PolicyImpactTotal } from './policy-impact.types';
import { PolicyVersionService } from './policy-version.service';

export const IMPACT_DEFAULT_DAYS = 30;
export const IMPACT_MAX_DAYS = 365;
const EXAMPLES = 3;

/** How contractors' rows were assessed (policy-impact-scope.ts), as the impact view shows it; role names from `doc`. */
function scopeNote(doc: PolicyDocument): string {
  const roles = SCOPED_ROLES.map((r) => doc.roles?.[r]?.ja ?? r).join('・');
  return `委託先(${roles})の行範囲:「外れる」は期間内に委託先ロールが実際に閲覧したアクセス記録を草案で再判定したもので、`
    + '顧客の同意・利用停止は現在の記録で判断しています。「入る」はアクセス記録がない行のため、現在のデータで草案の範囲には入り施行中の版では入らない行を'
    + '有効なアカウントのある委託先ごとに数えています。';
}

/** The number of days to replay: 1–365, 30 when absent; anything else BAD_USER_INPUT on `days`. */
export function impactDays(days: unknown): number {
  if (days == null) return IMPACT_DEFAULT_DAYS;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > IMPACT_MAX_DAYS) {
    throw badInput('days', `日数は1〜${IMPACT_MAX_DAYS}の整数で指定してください`, `days must be a whole number from 1 to ${IMPACT_MAX_DAYS}`);
  }
  return days;
}

/**
 * A draft's impact on the reads that happened (#23 item 3). The trail is grouped in SQL by role × purpose × the
 * two field lists (a handful of distinct groups however many entries); each role × purpose × field is decided
 * once under both documents (changedReads); only when some answer changes is the trail read again, for the
 * changed combinations only, to count entries and distinct customers and pick examples. Contractors' rows leaving
 * or entering their scope: policy-impact-scope.ts.
 */
export class PolicyImpactService {
  constructor(private readonly ctx: RequestContext) {}

  async impact(id: unknown, daysArg: unknown): Promise<PolicyImpact> {
    const days = impactDays(daysArg);
    const started = Date.now();
    const version = await new PolicyVersionService(this.ctx).get(id);
    const [inForce] = await this.ctx.em.execute(`select number, document from policy_version where state = 'PUBLISHED'`);
    const against = (inForce?.document ?? seedPolicyDocument()) as PolicyDocument;
    const draft = version.document as unknown as PolicyDocument;
    const to = new Date();
    const from = new Date(to.getTime() - days * 86_400_000);

    const groups = (await this.ctx.em.execute(
      `select role, purpose, clear_fields, masked_fields, sum(cardinality(customer_ids))::int as entries
         from trail_record
        where kind = 'ACCESS' and at >= ? and at <= ? and role is not null and purpose is not null and cardinality(customer_ids) > 0
        group by role, purpose, clear_fields, masked_fields`, [from, to],
    )).map((r): ServedGroup => ({ role: r.role, purpose: r.purpose, clearFields: r.clear_fields, maskedFields: r.masked_fields, entries: r.entries }));
    const changed = changedReads(groups, against, draft);
    const counted = changed.length ? await this.count(changed, from, to) : emptyCounts();
    const pairs = [...new Map(groups.map((g) => [`${g.role}|${g.purpose}`, { role: g.role, purpose: g.purpose }])).values()];
    const scope = await new PolicyScopeImpactService(this.ctx).scope(compilePolicy(against), compilePolicy(draft), pairs, from, to);

    const label = (o: Record<string, { ja?: string }> | undefined, k: string | null) => (k && o?.[k]?.ja) || (k ?? null);
    const result: PolicyImpactGroup[] = changed.map((c, idx) => ({
      direction: c.direction, role: c.role, roleLabel: label(draft.roles, c.role) ?? c.role, purpose: c.purpose,
      purposeLabel: label(draft.purposes, c.purpose) ?? c.purpose, field: c.field, category: c.category,
      categoryLabel: label(draft.categories, c.category), before: c.before, after: c.after,
      reads: counted.byIdx.get(idx)?.reads ?? 0, customers: counted.byIdx.get(idx)?.customers ?? 0, examples: counted.examples.get(idx) ?? [],
    }));
    result.sort((a, b) => (a.direction === b.direction ? b.reads - a.reads : a.direction === 'TIGHTENED' ? -1 : 1));
    return {
      draftId: version.id, againstNumber: inForce?.number ?? 1, days, from, to,
      entriesReplayed: groups.reduce((n, g) => n + g.entries, 0),
      tightened: counted.totals.get('TIGHTENED') ?? { entries: 0, customers: 0 },
      widened: counted.totals.get('WIDENED') ?? { entries: 0, customers: 0 },
      groups: result, scopeAssessed: true, scopeNote: scopeNote(draft), scope, tookMs: Date.now() - started,
    };
  }

  /**
   * One pass over the period's entries of the changed role × purpose pairs: per combination its entries and
   * distinct customers, per direction the distinct entries and customers, and the latest entries as examples.
   */
  private async count(changed: ChangedRead[], from: Date, to: Date): Promise<Counts> {
    const combos = changed.map((c, idx) => ({ idx, role: c.role, purpose: c.purpose, field: c.field, clear: c.servedClear, side: c.direction }));
    const rows = await this.ctx.em.execute(
      `with c as (select * from jsonb_to_recordset(?::jsonb) as c(idx int, role text, purpose text, field text, clear boolean, side text)),
       hit as materialized (
         select c.idx, c.side, r.id, r.at, r.customer_ids from trail_record r join c on r.role = c.role and r.purpose = c.purpose
          where r.kind = 'ACCESS' and r.at >= ? and r.at <= ?
            and (case when c.clear then c.field = any(r.clear_fields) else c.field = any(r.masked_fields) end)),
       entries as (select h.idx, h.side, h.id + u.n - 1 as entry_id, u.cid from hit h, unnest(h.customer_ids) with ordinality as u(cid, n)),
       counts as (select side, idx, count(*)::int as reads, count(distinct cid)::int as customers, count(distinct entry_id)::int as entries
                    from entries group by grouping sets ((side, idx), (side))),
       ex as (select idx, id, at from (select idx, id, at, row_number() over (partition by idx order by at desc, id desc) as rn from hit) x where rn <= ${EXAMPLES})
       select 'count' as k, side, idx, reads, customers, entries, null::bigint as id, null::timestamptz as at from counts
       union all select 'example', null, idx, null, null, null, id, at from ex`,
      [JSON.stringify(combos), from, to],
    );
    const counts = emptyCounts();
    for (const r of rows) {
      if (r.k === 'example') {
        const list = counts.examples.get(r.idx) ?? [];
        list.push({ entryId: String(r.id), at: new Date(r.at) });
        counts.examples.set(r.idx, list);
      } else if (r.idx == null) {
        counts.totals.set(r.side, { entries: r.entries, customers: r.customers });
      } else {
        counts.byIdx.set(r.idx, { reads: r.reads, customers: r.customers });
      }
    }
    for (const list of counts.examples.values()) list.sort((a, b) => b.at.getTime() - a.at.getTime() || Number(b.entryId) - Number(a.entryId));
    return counts;
  }
}

interface Counts {
  byIdx: Map<number, { reads: number; customers: number }>;
  totals: Map<string, PolicyImpactTotal>;
  examples: Map<number, { entryId: string; at: Date }[]>;
}

const emptyCounts = (): Counts => ({ byIdx: new Map(), totals: new Map(), examples: new Map() });
