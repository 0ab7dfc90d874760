import {
  type AssignmentScope, type CompiledPolicy, mayPerform, type PurposeKey, readScope, RESOURCES, type ResourceName, type ResourceRule, ROLE_KEYS, type RoleKey,
} from '../../../../schema/policy';
import { textArray } from '../../common/sql';
import type { RequestContext } from '../../context';
import { assignmentServesRows, customerPolicyCondition, rowConditions, type ScopeRequest, type SqlCondition } from '../../policy/row-scope';
import type { PolicyScopeExample, PolicyScopeImpact } from './policy-impact.types';

const EXAMPLES = 3;

/** A resource a role reads with an assignment scope (schema/policy/resources.ts): the contractors' row scope. */
interface AssignedRead { role: RoleKey; resource: ResourceName; scope: AssignmentScope }

/** Every such read; relation-only resources (an order's items) are read through their parent, with its scope. */
export const ASSIGNED_READS: readonly AssignedRead[] = (Object.keys(RESOURCES) as ResourceName[]).flatMap((resource) =>
  ROLE_KEYS.flatMap((role): AssignedRead[] => {
    const scope = readScope(resource, role);
    return scope && scope !== 'all' && !(RESOURCES[resource] as ResourceRule).relationOnly ? [{ role, resource, scope }] : [];
  }));

/** The roles whose reads are scoped to assigned work: the contractors, as the resources declare them. */
export const SCOPED_ROLES: readonly RoleKey[] = [...new Set(ASSIGNED_READS.map((a) => a.role))];

/** A row-scope switch of a role × purpose that the draft changes (what decides which rows a contractor reads). */
export type ScopeReason =
  | 'PURPOSE_REMOVED' | 'PURPOSE_ADDED' | 'RESOURCE_CLOSED' | 'RESOURCE_OPENED'
  | 'CONSENT_REQUIRED' | 'CONSENT_NOT_REQUIRED' | 'STOPPED_USE_EXCLUDED' | 'STOPPED_USE_INCLUDED';

const SCOPE_REASON_JA: Record<ScopeReason, string> = {
  PURPOSE_REMOVED: 'このロールがこの目的を宣言できなくなる',
  PURPOSE_ADDED: 'このロールがこの目的を宣言できるようになる',
  RESOURCE_CLOSED: '記録の区分が非表示になり、このデータを読めなくなる',
  RESOURCE_OPENED: '記録の区分が非表示でなくなり、このデータを読めるようになる',
  CONSENT_REQUIRED: 'この目的に本人の同意が必要になる',
  CONSENT_NOT_REQUIRED: 'この目的に本人の同意が不要になる(同意を要する目的でのみ作業する委託先は、この目的では読めなくなる)',
  STOPPED_USE_EXCLUDED: 'この目的で利用停止の顧客を除くようになる',
  STOPPED_USE_INCLUDED: 'この目的で利用停止の顧客を除かなくなる',
};

/** The resources `role` reads under `purpose` and version `v` with an assignment scope that serves rows. */
function readsUnder(v: CompiledPolicy, role: RoleKey, purpose: PurposeKey, resource?: ResourceName): AssignedRead[] {
  if (!v.roleMayDeclare(role, purpose)) return [];
  return ASSIGNED_READS.filter((a) => a.role === role && (!resource || a.resource === resource)
    && mayPerform(a.resource, 'read', role, purpose, v) && assignmentServesRows(v, a.scope, purpose));
}

/** The switches deciding `role` × `purpose`'s rows that differ between the version in force and the draft. */
export function scopeReasons(now: CompiledPolicy, next: CompiledPolicy, role: RoleKey, purpose: PurposeKey, resource?: ResourceName): ScopeReason[] {
  const out: ScopeReason[] = [];
  const flip = (a: boolean, b: boolean, off: ScopeReason, on: ScopeReason) => { if (a !== b) out.push(a ? off : on); };
  flip(now.roleMayDeclare(role, purpose), next.roleMayDeclare(role, purpose), 'PURPOSE_REMOVED', 'PURPOSE_ADDED');
  const open = (v: CompiledPolicy) => ASSIGNED_READS.some((a) => a.role === role && (!resource || a.resource === resource) && mayPerform(a.resource, 'read', role, purpose, v));
  flip(open(now), open(next), 'RESOURCE_CLOSED', 'RESOURCE_OPENED');
  flip(now.needsConsent(purpose), next.needsConsent(purpose), 'CONSENT_NOT_REQUIRED', 'CONSENT_REQUIRED');
  flip(now.endsWithStopOfUse(purpose), next.endsWithStopOfUse(purpose), 'STOPPED_USE_INCLUDED', 'STOPPED_USE_EXCLUDED');
  return out;
}

/** A contractor's request as the row scope sees it, under version `v` (no request is made). */
const asContractor = (v: CompiledPolicy, role: RoleKey, contractorId: number, purpose: PurposeKey): ScopeRequest =>
  ({ actor: { role, contractorId }, purpose, policy: { rules: v } });

const same = (a: SqlCondition, b: SqlCondition) => a.sql === b.sql && JSON.stringify(a.params) === JSON.stringify(b.params);

/** The customer a row of `resource` (alias `x`) is about, as SQL; null for a resource about no customer. */
function customerOfRow(resource: ResourceName): string {
  const rule = RESOURCES[resource] as ResourceRule;
  if (rule.link === 'self') return 'x.id';
  if (rule.link === 'customer') return 'x.customer_id';
  if (rule.link === 'order') return `(select o.customer_id from "${RESOURCES.Order.table}" o where o.id = x.order_id)`;
  return 'null::int';
}

type Group = Omit<PolicyScopeImpact, 'examples' | 'entries' | 'rows' | 'customers'>;
type Pair = { role: string; purpose: string };
type Row = Record<string, unknown>;

/**
 * Contractors' rows under a draft (#23 item 3), against the version in force. LEFT, from the trail: the entries
 * a contractor role read in the period whose rows the draft's scope would not have served — every entry of the
 * role × purpose when the draft leaves it no rows (purpose taken away, resource closed, a mailing house under a
 * purpose that needs no consent), else the entries whose customer fails the draft's customer condition and passes
 * the in-force one, judged on the customer as recorded today (consent, stop of use). ENTERED, from today's data
 * (the trail has no read of them): per contractor with an active account, the rows of each resource that the
 * draft's row conditions admit and the in-force ones do not. Both ask row-scope.ts's own conditions.
 */
export class PolicyScopeImpactService {
  constructor(private readonly ctx: RequestContext) {}

  async scope(now: CompiledPolicy, next: CompiledPolicy, pairs: Pair[], from: Date, to: Date): Promise<PolicyScopeImpact[]> {
    return [...await this.left(now, next, pairs, from, to), ...await this.entered(now, next)];
  }

  private async left(now: CompiledPolicy, next: CompiledPolicy, pairs: Pair[], from: Date, to: Date): Promise<PolicyScopeImpact[]> {
    const groups: Group[] = [];
    const branches: string[] = [];
    const params: unknown[] = [];
    for (const pair of pairs) {
      const role = pair.role as RoleKey;
      const purpose = pair.purpose as PurposeKey;
      if (!SCOPED_ROLES.includes(role)) continue;
      const reasons = scopeReasons(now, next, role, purpose);
      // Rows the version in force serves none of were not read under it: not the draft's doing.
      if (!reasons.length || !readsUnder(now, role, purpose).length) continue;
      let join = '';
      if (readsUnder(next, role, purpose).length) {
        const [a, b] = [customerPolicyCondition(now, purpose, 'c'), customerPolicyCondition(next, purpose, 'c')];
        if (same(a, b)) continue;
        join = `join customer c on c.id = u.cid and coalesce((${a.sql}), false) and not coalesce((${b.sql}), false)`;
        params.push(...a.params, ...b.params);
      }
      branches.push(`select ${groups.length} as g, r.id + u.n - 1 as entry_id, r.at, u.cid
          from trail_record r cross join lateral unnest(r.customer_ids) with ordinality as u(cid, n) ${join}
         where r.kind = 'ACCESS' and r.role = ? and r.purpose = ? and r.at >= ? and r.at <= ?`);
      params.push(role, purpose, from, to);
      groups.push(group('LEFT', 'TRAIL', next, role, purpose, null, reasons));
    }
    if (!branches.length) return [];
    const rows = await this.ctx.em.execute(
      `with hit as materialized (${branches.join(' union all ')}),
       counts as (select g, count(*)::int as n, count(distinct cid)::int as customers from hit group by g),
       ex as (select g, entry_id, at, cid from (select *, row_number() over (partition by g order by at desc, entry_id desc) as rn from hit) x where rn <= ${EXAMPLES})
       select 'count' as k, g, n, customers, null::bigint as entry_id, null::timestamptz as at, null::int as cid from counts
       union all select 'example', g, null, null, entry_id, at, cid from ex`, params);
    const out = collect(groups, rows, 'entries', (r) => ({ entryId: String(r.entry_id), rowId: null, at: new Date(r.at as string) }));
    for (const g of out) g.examples.sort((a, b) => b.at!.getTime() - a.at!.getTime() || Number(b.entryId) - Number(a.entryId));
    return out;
  }

  private async entered(now: CompiledPolicy, next: CompiledPolicy): Promise<PolicyScopeImpact[]> {
    const accounts = (await this.ctx.em.execute(
      `select distinct role, contractor_id from staff where active and contractor_id is not null and role = any(?::text[]) order by role, contractor_id`,
      [textArray(SCOPED_ROLES)])).map((r) => ({ role: r.role as RoleKey, contractorId: Number(r.contractor_id) }));
    const groups: Group[] = [];
    const branches: string[] = [];
    const params: unknown[] = [];
    for (const a of ASSIGNED_READS) {
      for (const purpose of next.purposesOf(a.role)) {
        if (!readsUnder(next, a.role, purpose, a.resource).length) continue;
        const before = readsUnder(now, a.role, purpose, a.resource).length > 0;
        const g = groups.length;
        let added = false;
        for (const { contractorId } of accounts.filter((x) => x.role === a.role)) {
          const b = rowConditions(asContractor(next, a.role, contractorId, purpose), a.resource, 'x');
          const n = before ? rowConditions(asContractor(now, a.role, contractorId, purpose), a.resource, 'x') : NO_ROWS;
          if (b.sql === 'false' || same(b, n)) continue;
          branches.push(`select ${g} as g, x.id as row_id, ${customerOfRow(a.resource)} as cid from "${RESOURCES[a.resource].table}" x
            where (${b.sql}) and not coalesce((${n.sql}), false)`);
          params.push(...b.params, ...n.params);
          added = true;
        }
        if (added) groups.push(group('ENTERED', 'CURRENT_DATA', next, a.role, purpose, a.resource, scopeReasons(now, next, a.role, purpose, a.resource)));
      }
    }
    if (!branches.length) return [];
    // A row may be in the work of two contractors of a role (a customer on two mailing houses' lists): counted once.
    const rows = await this.ctx.em.execute(
      `with hit as materialized (select distinct g, row_id, cid from (${branches.join(' union all ')}) b),
       counts as (select g, count(distinct row_id)::int as n, count(distinct cid)::int as customers from hit group by g),
       ex as (select g, row_id, cid from (select *, row_number() over (partition by g order by row_id) as rn from hit) x where rn <= ${EXAMPLES})
       select 'count' as k, g, n, customers, null::int as row_id, null::int as cid from counts
       union all select 'example', g, null, null, row_id, cid from ex order by 1, 2, 5`, params);
    return collect(groups, rows, 'rows', (r) => ({ entryId: null, rowId: String(r.row_id), at: null }));
  }
}

const NO_ROWS: SqlCondition = { sql: 'false', params: [] };

function group(direction: 'LEFT' | 'ENTERED', basis: 'TRAIL' | 'CURRENT_DATA', next: CompiledPolicy, role: RoleKey, purpose: PurposeKey,
  resource: ResourceName | null, reasons: ScopeReason[]): Group {
  const label = (o: Record<string, { ja?: string }> | undefined, k: string) => o?.[k]?.ja || k;
  return {
    direction, basis, role, roleLabel: label(next.document.roles, role), purpose, purposeLabel: label(next.document.purposes, purpose),
    resource, reasons, reasonsText: reasons.map((r) => SCOPE_REASON_JA[r]).join('、'),
  };
}

/** Each group's counts (into `entries` for LEFT, `rows` for ENTERED) and examples; groups with nothing are left out. */
function collect(groups: Group[], result: Row[], into: 'entries' | 'rows', example: (r: Row) => PolicyScopeExample): PolicyScopeImpact[] {
  const out: PolicyScopeImpact[] = groups.map((g) => ({ ...g, entries: 0, rows: 0, customers: 0, examples: [] }));
  for (const r of result) {
    const g = out[Number(r.g)];
    if (r.k === 'example') g.examples.push(example(r));
    else Object.assign(g, { [into]: Number(r.n), customers: Number(r.customers) });
  }
  return out.filter((g) => g[into] > 0).sort((a, b) => b.customers - a.customers || b[into] - a[into]);
}
