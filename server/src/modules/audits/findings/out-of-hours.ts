import holidayJp from '@holiday-jp/holiday_jp';
import { textArray } from '../../../common/sql';
import type { AuditSettings } from '../audit-settings';
import { FindingSeverity } from '../audit.entity';
import { type Actor, type AuditRun, type FindingDraft, actorKey, actorLabel, actorOf, CLEAR_READ, EVIDENCE_LIMIT, trailInScope } from './types';
import { jstLocal } from '../../../common/jst-sql';

/** A clear read with its Japanese day, hour and ISO weekday (1 = Monday … 7 = Sunday). */
export interface TimedRead extends Actor { id: number; day: string; time: string; hour: number; isoDow: number }

type Reason = 'NIGHT' | 'WEEKEND' | 'HOLIDAY';
const REASON_JA: Record<Reason, string> = { NIGHT: '勤務時間外', WEEKEND: '土日', HOLIDAY: '祝日' };

/** Japanese national holidays between two days (inclusive), YYYY-MM-DD. */
export function holidaysBetween(from: string, to: string): string[] {
  return Object.keys(holidayJp.holidays).filter((d) => d >= from && d <= to);
}

function reasonOf(r: TimedRead, settings: AuditSettings, holidays: ReadonlySet<string>): Reason | null {
  if (settings.weekendsAndHolidaysOff && holidays.has(r.day)) return 'HOLIDAY';
  if (settings.weekendsAndHolidaysOff && r.isoDow >= 6) return 'WEEKEND';
  if (r.hour < settings.workingHoursStart || r.hour >= settings.workingHoursEnd) return 'NIGHT';
  return null;
}

/** One finding per actor and day with clear reads outside working hours (Japan time), weekends and holidays. */
export function outOfHoursFindings(reads: TimedRead[], settings: AuditSettings, holidays: ReadonlySet<string>): FindingDraft[] {
  const groups = new Map<string, { actor: Actor; day: string; ids: number[]; times: string[]; reasons: Set<Reason> }>();
  for (const r of reads) {
    const reason = reasonOf(r, settings, holidays);
    if (!reason) continue;
    const key = `${actorKey(r)}|${r.day}`;
    if (!groups.has(key)) groups.set(key, { actor: r, day: r.day, ids: [], times: [], reasons: new Set() });
    const g = groups.get(key)!;
    g.ids.push(r.id);
    g.times.push(r.time);
    g.reasons.add(reason);
  }
  return [...groups.values()].map((g) => {
    const reasons = [...g.reasons].sort();
    const hours = `${settings.workingHoursStart}:00〜${settings.workingHoursEnd}:00`;
    return {
      code: 'OUT_OF_HOURS', severity: FindingSeverity.MEDIUM, title: '勤務時間外の平文閲覧',
      detail: `${actorLabel(g.actor)}が ${g.day} の ${reasons.map((r) => REASON_JA[r]).join('・')}(勤務時間 ${hours})に ${g.ids.length} 件の平文閲覧を行いました(${[...new Set(g.times)].sort().slice(0, 5).join(', ')})。`,
      staffId: g.actor.staffId, occurredOn: g.day, evidence: g.ids.sort((a, b) => a - b).slice(0, EVIDENCE_LIMIT), evidenceCount: g.ids.length,
      data: { apiKeyId: g.actor.apiKeyId, role: g.actor.role, reasons },
    };
  });
}

export async function findOutOfHours(run: AuditRun): Promise<FindingDraft[]> {
  const { settings } = run;
  const holidays = holidaysBetween(run.scope.periodFrom, run.scope.periodTo);
  const scope = trailInScope(run.scope);
  const local = jstLocal('t.at');
  // The SQL narrows to candidates; outOfHoursFindings decides.
  const rows = await run.query(
    `select t.id, t.staff_id, t.api_key_id, t.role, to_char(${local}, 'YYYY-MM-DD') as day, to_char(${local}, 'HH24:MI') as time,
       extract(hour from ${local})::int as hour, extract(isodow from ${local})::int as iso_dow
     from trail_entry t where ${CLEAR_READ()} and ${scope.sql}
       and (extract(hour from ${local}) < ? or extract(hour from ${local}) >= ?
            or (?::boolean and (extract(isodow from ${local}) >= 6 or to_char(${local}, 'YYYY-MM-DD') = any(?::text[]))))
     order by t.id`,
    [...scope.params, settings.workingHoursStart, settings.workingHoursEnd, settings.weekendsAndHolidaysOff, textArray(holidays)]);
  const reads = rows.map((r) => ({ ...actorOf(r), id: Number(r.id), day: r.day, time: r.time, hour: r.hour, isoDow: r.iso_dow }));
  return outOfHoursFindings(reads, settings, new Set(holidays));
}
