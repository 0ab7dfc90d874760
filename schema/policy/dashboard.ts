import type { CompiledPolicy } from './policy-compile';
import { HANDOVERS, mayPerform, readScope, type AssignmentScope, type ResourceName } from './resources';
import type { RoleKey } from './roles';

/**
 * The home page after login (#21): counts and dates of the work that waits, never a person's data. Each tile is
 * opened by a read right declared in RESOURCES, so who sees which tile follows from the policy alone:
 * - an office tile counts a register office-wide, and is offered to a role that reads that resource with scope
 *   `all` under some purpose it may declare (a count of rows it could list anyway);
 * - a contractor's tile counts its own handed-over work (HANDOVERS), offered to the role that reads with that
 *   assignment scope.
 */
export type DashboardTileKey =
  | 'privacyRequests' | 'complaints' | 'leakReports' | 'contractorAgreements' | 'auditFindings' | AssignmentScope;

export interface DashboardTileRule {
  /** The resource whose read opens the tile (a Complaint screen reads Interaction). */
  resource: ResourceName;
  /** `all`: office-wide; an assignment scope: the contractor's own work. */
  scope: 'all' | AssignmentScope;
  /** The list a click opens, with its filter (the screen's own list; the role must still be allowed it). */
  screen: string;
  filter?: Readonly<Record<string, unknown>>;
  /** Days ahead counted as "due soon". */
  soonDays: number;
}

export const DASHBOARD_TILES: Readonly<Record<DashboardTileKey, DashboardTileRule>> = {
  privacyRequests: { resource: 'PrivacyRequest', scope: 'all', screen: 'PrivacyRequest', filter: { open: true }, soonDays: 3 },
  complaints: { resource: 'Interaction', scope: 'all', screen: 'Complaint', filter: { status: 'OPEN' }, soonDays: 3 },
  leakReports: { resource: 'LeakIncident', scope: 'all', screen: 'LeakIncident', filter: { reportable: true }, soonDays: 7 },
  contractorAgreements: { resource: 'Contractor', scope: 'all', screen: 'Contractor', soonDays: 30 },
  auditFindings: { resource: 'AuditFinding', scope: 'all', screen: 'Audit', soonDays: 7 },
  ...Object.fromEntries((Object.keys(HANDOVERS) as AssignmentScope[]).map((scope) => [scope, {
    resource: HANDOVERS[scope].resource, scope, screen: HANDOVERS[scope].resource, soonDays: 30,
  }])) as Record<AssignmentScope, DashboardTileRule>,
};

export const DASHBOARD_TILE_KEYS = Object.keys(DASHBOARD_TILES) as DashboardTileKey[];

/** The policy version a tile is decided under: its purposes per role and its matrix (no default: never the seed by accident). */
export type DashboardVersion = Pick<CompiledPolicy, 'purposesOf' | 'decideAccess' | 'roleMayDeclare'>;

/**
 * Whether `role` is offered `tile` under policy `version`: it reads the tile's resource with the tile's scope under
 * a purpose the version lets it declare (or none).
 */
export function maySeeDashboardTile(role: RoleKey, tile: DashboardTileKey, version: DashboardVersion): boolean {
  const rule = DASHBOARD_TILES[tile];
  if (readScope(rule.resource, role) !== rule.scope) return false;
  return [null, ...version.purposesOf(role)].some((p) => mayPerform(rule.resource, 'read', role, p, version));
}

/** The tiles offered to `role` under policy `version`, in the order declared. */
export function dashboardTilesFor(role: RoleKey, version: DashboardVersion): DashboardTileKey[] {
  return DASHBOARD_TILE_KEYS.filter((t) => maySeeDashboardTile(role, t, version));
}
