import type { EntityManager } from '@mikro-orm/postgresql';
import { jstDateOf } from '../../../common/japan-dates';
import { textArray } from '../../../common/sql';
import type { AuditSettings } from '../audit-settings';
import type { FindingSeverity } from '../audit.entity';

export type FindingCode =
  | 'CLEAR_READ_VOLUME' | 'CLEAR_READ_SPIKE' | 'OUT_OF_HOURS' | 'CLEAR_BEYOND_POLICY' | 'PURPOSE_MISMATCH' | 'MANY_READERS'
  | 'CONTRACTOR_REVIEW_OVERDUE' | 'CONTRACTOR_AGREEMENT_LAPSED' | 'CONTRACTOR_ACCOUNT_AFTER_LAPSE'
  | 'MARKETING_WITHOUT_CONSENT' | 'MINOR_WITHOUT_GUARDIAN_CONSENT' | 'PRIVACY_REQUEST_OVERDUE' | 'LEAK_REPORT_OVERDUE'
  | 'COMPLAINT_OVERDUE' | 'SENSITIVE_WITHOUT_CONSENT' | 'RETENTION_NOT_SWEPT' | 'TRAIL_CHAIN_VERIFIED' | 'TRAIL_CHAIN_BROKEN' | 'CHECK_SKIPPED'
  | 'PRIVILEGED_GRANT';

/** What an audit looks at: a period of Japanese days and, optionally, some roles, purposes and contractors. */
export interface AuditScope {
  /** periodFrom at 00:00 Japan time. */
  from: Date;
  /** The day after periodTo at 00:00 Japan time (exclusive). */
  to: Date;
  periodFrom: string;
  periodTo: string;
  roles: string[];
  purposes: string[];
  contractorIds: number[];
}

/** Everything a finding generator may use. Generators only read. */
export interface AuditRun {
  em: EntityManager;
  scope: AuditScope;
  settings: AuditSettings;
  now: Date;
  query<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface FindingDraft {
  code: FindingCode;
  severity: FindingSeverity;
  title: string;
  detail: string;
  staffId?: number | null;
  customerId?: number | null;
  contractorId?: number | null;
  occurredOn?: string | null;
  /** Trail entry ids showing the finding (kept up to EVIDENCE_LIMIT). */
  evidence?: number[];
  /** How many entries show it, when more than `evidence` lists. */
  evidenceCount?: number;
  data?: Record<string, unknown>;
}

/** Reads the trail and the records, returns findings. Each lives in its own file. */
export type FindingGenerator = (run: AuditRun) => Promise<FindingDraft[]>;

/** At most this many trail ids are kept per finding; evidenceCount says how many there were. */
export const EVIDENCE_LIMIT = 1_000;

/** The Japanese calendar day of an instant, YYYY-MM-DD (a database value may arrive as text or a number). */
export function jstDay(at: Date | string | number): string {
  return jstDateOf(new Date(at));
}

/** 00:00 Japan time of a YYYY-MM-DD day. */
export function jstMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+09:00`));
}

/** `day` moved by `days` calendar days. */
export { addDays } from '../../../common/japan-dates';

/** SQL for "trail entries of the audited period, roles and purposes" on alias `t`. */
export function trailInScope(scope: AuditScope, t = 't', from: Date = scope.from): { sql: string; params: unknown[] } {
  const parts = [`${t}.at >= ?`, `${t}.at < ?`];
  const params: unknown[] = [from, scope.to];
  if (scope.roles.length) { parts.push(`${t}.role = any(?::text[])`); params.push(textArray(scope.roles)); }
  if (scope.purposes.length) { parts.push(`${t}.purpose = any(?::text[])`); params.push(textArray(scope.purposes)); }
  return { sql: parts.join(' and '), params };
}

/** An access entry that served at least one personal field in clear about a customer. */
export const CLEAR_READ = (t = 't') => `${t}.kind = 'ACCESS' and ${t}.customer_id is not null and cardinality(${t}.clear_fields) > 0`;

/** Who acted: a staff member, or an API key without one. */
export interface Actor { staffId: number | null; apiKeyId: number | null; role: string | null }
export const actorKey = (a: { staffId?: number | null; apiKeyId?: number | null }) => (a.staffId != null ? `s${a.staffId}` : `k${a.apiKeyId}`);
export const actorLabel = (a: Actor) => (a.staffId != null ? `担当者 #${a.staffId}` : `APIキー #${a.apiKeyId}`) + (a.role ? `(${a.role})` : '');

/** Row → actor, for rows with staff_id, api_key_id and role columns. */
export const actorOf = (r: Record<string, any>): Actor => ({ staffId: r.staff_id ?? null, apiKeyId: r.api_key_id ?? null, role: r.role ?? null });

export function median(values: number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
