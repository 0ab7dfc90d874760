import type { EntityManager } from '@mikro-orm/postgresql';
import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { DASHBOARD_TILES, dashboardTilesFor, type DashboardTileKey } from '../../../../schema/policy';
import { forbidden } from '../../common/errors';
import { addDays, todayInJapan } from '../../common/japan-dates';
import type { RequestContext } from '../../context';

/** One tile of the home page: how much work waits and when it falls due. Counts and dates only, no person. */
@ObjectType()
export class DashboardTile {
  @Field(() => String, { description: 'DASHBOARD_TILES key (schema/policy/dashboard.ts)' }) key!: DashboardTileKey;
  @Field(() => Int, { description: 'Items waiting (contractors on record, for the agreements tile)' }) count!: number;
  @Field(() => Int, { description: 'Of them, past their due date (agreements: lapsed)' }) overdue!: number;
  @Field(() => Int, { description: 'Of them, falling due today or within the tile\'s soonDays' }) dueSoon!: number;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the first due date from today on' }) nextDue!: string | null;
  @Field(() => String, { nullable: true, description: 'A contractor\'s tile: the day its own agreement ends (YYYY-MM-DD)' })
  agreementExpiresAt!: string | null;
}

@ObjectType()
export class HomeDashboard {
  @Field(() => String, { description: 'Japan\'s date the counts are for (YYYY-MM-DD)' }) today!: string;
  @Field(() => [DashboardTile], { description: 'The tiles the role is offered under the policy version in force (dashboardTilesFor), in order' }) tiles!: DashboardTile[];
}

/** Items of each office tile with their due date (null: none). Whole registers: the role reads them with scope `all`. */
const OFFICE_ITEMS: Partial<Record<DashboardTileKey, string>> = {
  privacyRequests: `select r.due_at as due from privacy_request r where r.status not in ('COMPLETED', 'REFUSED')`,
  complaints: `select i.complaint_due_date as due from interaction i where i.kind = 'COMPLAINT' and i.complaint_status = 'OPEN'`,
  // Each report still owed (速報, 確報) is an item of its own.
  leakReports: `select l.preliminary_report_due as due from leak_incident l where l.reportable and l.preliminary_reported_at is null
    union all select l.final_report_due from leak_incident l where l.reportable and l.final_reported_at is null`,
  // No end date on record is no live agreement (the row scope reads it so too): lapsed.
  contractorAgreements: `select coalesce(c.agreement_expires_at, date '1970-01-01') as due from contractor c`,
  // Findings still to work; INFO records what happened and asks nothing. A cancelled audit's findings are not worked.
  auditFindings: `select t.due_on as due from audit_finding f join audit a on a.id = f.audit_id
    left join audit_finding_triage t on t.audit_id = f.audit_id and t.finding_key = f.finding_key
    where a.status <> 'CANCELLED' and f.severity <> 'INFO' and coalesce(t.status::text, 'OPEN') in ('OPEN', 'IN_PROGRESS')`,
};

/** A contractor's own open work (the same states its row scope serves), `?` = its contractor id. */
const OWN_ITEMS: Partial<Record<DashboardTileKey, string>> = {
  assignedShipments: `select null::date as due from "order" o where o.carrier_id = ? and o.status in ('PLACED', 'SHIPPED')`,
  assignedCollectionCases: `select null::date as due from collection_case k where k.contractor_id = ? and k.closed_at is null`,
  assignedMailings: `select null::date as due from mailing m where m.contractor_id = ? and m.status = 'HANDED_OVER'`,
};

/** The home page's tiles for the actor's role; each an aggregate over SQL that names nobody, so nothing is read or recorded. */
export async function homeDashboard(ctx: RequestContext, today: string = todayInJapan()): Promise<HomeDashboard> {
  const actor = ctx.actor;
  if (!actor) throw forbidden();
  const em: EntityManager = ctx.em;
  const tiles: DashboardTile[] = [];
  for (const key of dashboardTilesFor(actor.role, ctx.policy.rules)) {
    const own = DASHBOARD_TILES[key].scope !== 'all';
    const items = own ? OWN_ITEMS[key] : OFFICE_ITEMS[key];
    // A contractor tile for an account tied to no contractor has no work to count: left out, like an unknown tile.
    if (!items || (own && !actor.contractorId)) continue;
    const params = own ? [actor.contractorId] : [];
    const soon = addDays(today, DASHBOARD_TILES[key].soonDays);
    const [r] = await em.execute(`select count(*)::int as n, count(*) filter (where due < ?::date)::int as overdue,
        count(*) filter (where due >= ?::date and due <= ?::date)::int as soon,
        to_char(min(due) filter (where due >= ?::date), 'YYYY-MM-DD') as next from (${items}) x`, [today, today, soon, today, ...params]);
    const agreement = own
      ? (await em.execute(`select to_char(agreement_expires_at, 'YYYY-MM-DD') as until from contractor where id = ?`, [actor.contractorId]))[0]?.until ?? null
      : null;
    tiles.push({ key, count: r.n, overdue: r.overdue, dueSoon: r.soon, nextDue: r.next, agreementExpiresAt: agreement });
  }
  return { today, tiles };
}

@Resolver()
export class DashboardResolver {
  @Query(() => HomeDashboard, { description: 'The home page: counts and dates of waiting work per tile the role is offered; no personal data, nothing recorded' })
  homeDashboard(@Ctx() ctx: RequestContext) { return homeDashboard(ctx); }
}
