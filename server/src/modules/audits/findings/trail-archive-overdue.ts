// Trail retention (#20): monthly partitions of the access trail past the retention the privacy manager set
// and still in the database mean `npm run trail:archive` has not run (it is an operator's command, not a
// timer). Each month is due the day its end is `trailRetentionMonths` old; one day late is a finding.
import { emRunner } from '../../../db/read-pool';
import { retentionCutoff } from '../../../trail/archive';
import { partitionBounds } from '../../../trail/trail-partitions';
import { legalSettings } from '../../privacy-request/legal-settings';
import { requireTable } from './table-check';
import { retentionFindings } from './retention-sweep';
import { type AuditRun, type FindingDraft, jstDay } from './types';

/** A month's end plus the retention: when trail:archive may take it (retentionCutoff read the other way). */
const dueOf = (to: Date, months: number) => new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() + months, to.getUTCDate(), to.getUTCHours()));

export async function findTrailArchiveOverdue(run: AuditRun): Promise<FindingDraft[]> {
  const skipped = await requireTable(run, 'trail_record', ['id', 'at', 'customer_ids'], 'アクセス記録の保存期間(アーカイブ)');
  if (skipped) return [skipped];
  const { trailRetentionMonths: months } = await legalSettings(run);
  // Due a day ago or more: the month ended before the retention's cutoff of yesterday.
  const cutoff = retentionCutoff(new Date(run.now.getTime() - 86_400_000), months);
  const late = (await partitionBounds(emRunner(run.em))).filter((p) => p.to.getTime() <= cutoff.getTime());
  const kept: { name: string; entries: number; due: string }[] = [];
  for (const p of late) {
    // Through the parent (the application role may not read a partition itself): the range prunes to this one.
    const [ids] = await run.query(`select (select id from trail_record where at >= ? and at < ? order by id limit 1) as first,
      (select id + greatest(cardinality(customer_ids), 1) - 1 from trail_record where at >= ? and at < ? order by id desc limit 1) as last`, [p.from, p.to, p.from, p.to]);
    if (ids.first != null) kept.push({ name: p.name, entries: Number(ids.last) - Number(ids.first) + 1, due: jstDay(dueOf(p.to, months)) });
  }
  if (!kept.length) return [];
  return retentionFindings([{
    kind: 'TRAIL_PARTITIONS', count: kept.reduce((n, k) => n + k.entries, 0), customerIds: [], oldestDue: kept[0].due,
    extra: { retentionMonths: months, partitions: kept.map((k) => k.name) },
  }]);
}
