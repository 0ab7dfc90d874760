import { FindingSeverity } from '../audit.entity';
import type { AuditRun, FindingDraft } from './types';

/**
 * The columns of `table` when it exists and has all of `needed`; otherwise a CHECK_SKIPPED finding
 * saying why. Tables of the privacy-request workflow may be absent on an older database.
 */
export async function requireTable(run: AuditRun, table: string, needed: string[], what: string): Promise<FindingDraft | null> {
  const [exists] = await run.query(`select to_regclass(?) is not null as present`, [table]);
  const columns = exists.present
    ? new Set((await run.query(`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ?`, [table]))
      .map((r) => r.column_name as string))
    : null;
  const missing = columns ? needed.filter((c) => !columns.has(c)) : needed;
  if (columns && !missing.length) return null;
  return {
    code: 'CHECK_SKIPPED', severity: FindingSeverity.INFO, title: `${what}の確認を実施できませんでした`,
    detail: columns
      ? `テーブル ${table} に必要な列(${missing.join(', ')})がないため、${what}の確認を省略しました。手作業で確認してください。`
      : `テーブル ${table} がまだ存在しないため、${what}の確認を省略しました。手作業で確認してください。`,
    data: { table, missingColumns: missing, tableExists: !!columns },
  };
}
