import { PURPOSES, ROLES, isPurposeKey, isRoleKey } from '../../../../schema/policy';
import type { Audit, AuditFinding } from './audit.entity';
import type { FindingCode } from './findings/types';

/** What the exports show besides the audit and its findings (no personal data of customers). */
export interface ExportContext {
  auditorName: string | null;
  staffNames: Map<number, string>;
  contractorNames: Map<number, string>;
  exportedAt: Date;
  /** How each finding was worked (#21), by finding id; a finding not in it is open. */
  triage?: Map<number, { status: string; ownerId: number | null; dueOn: string | null; acceptRuleId: number | null; lastComment: string | null }>;
}

export const FINDING_STATUS_JA: Record<string, string> = {
  OPEN: '未対応', IN_PROGRESS: '対応中', ACCEPTED: '受容（正当な業務）', REMEDIATED: '是正済み', FALSE_POSITIVE: '誤検知',
};

/** A finding's handling in words: status, owner, due day, the rule that accepted it. */
function handling(f: AuditFinding, ctx: ExportContext): { status: string; owner: string; due: string; rule: string; comment: string } {
  const t = ctx.triage?.get(f.id);
  return {
    status: FINDING_STATUS_JA[t?.status ?? 'OPEN'] ?? String(t?.status), owner: t?.ownerId ? ctx.staffNames.get(t.ownerId) ?? `#${t.ownerId}` : '',
    due: t?.dueOn ?? '', rule: t?.acceptRuleId ? `#${t.acceptRuleId}` : '', comment: t?.lastComment ?? '',
  };
}

export const SEVERITY_JA: Record<string, string> = { CRITICAL: '重大', HIGH: '高', MEDIUM: '中', LOW: '低', INFO: '情報' };
const STATUS_JA: Record<string, string> = { PLANNED: '計画', IN_PROGRESS: '実施中', COMPLETED: '完了', CANCELLED: '中止' };
export const CODE_JA: Record<FindingCode, string> = {
  CLEAR_READ_VOLUME: '平文閲覧の件数超過', CLEAR_READ_SPIKE: '平文閲覧の急増', OUT_OF_HOURS: '勤務時間外の閲覧',
  CLEAR_BEYOND_POLICY: '方針を超えた平文提供', PURPOSE_MISMATCH: '利用目的に合わない閲覧', MANY_READERS: '同一顧客への集中閲覧',
  CONTRACTOR_REVIEW_OVERDUE: '委託先の見直し期限超過', CONTRACTOR_AGREEMENT_LAPSED: '委託契約の失効', CONTRACTOR_ACCOUNT_AFTER_LAPSE: '契約期間外の委託先利用',
  MARKETING_WITHOUT_CONSENT: '同意のないマーケティング利用', MINOR_WITHOUT_GUARDIAN_CONSENT: '保護者同意のない未成年者の利用',
  PRIVACY_REQUEST_OVERDUE: '本人からの請求の期限超過', LEAK_REPORT_OVERDUE: '漏えい等報告の期限超過', COMPLAINT_OVERDUE: '苦情の回答期限超過', SENSITIVE_WITHOUT_CONSENT: '同意のない要配慮個人情報の取得',
  RETENTION_NOT_SWEPT: '保存期間経過データの残存', TRAIL_CHAIN_VERIFIED: 'アクセス記録の改ざん検証', TRAIL_CHAIN_BROKEN: 'アクセス記録の改ざん検出',
  CHECK_SKIPPED: '確認の省略', PRIVILEGED_GRANT: '特権の付与',
};

const codeJa = (code: string) => CODE_JA[code as FindingCode] ?? code;
const roleJa = (r: string) => (isRoleKey(r) ? ROLES[r].ja : r);
const purposeJa = (p: string) => (isPurposeKey(p) ? PURPOSES[p].ja : p);

/** An instant as a Japanese office writes it: 2026年11月25日 14:05 (Japan time). */
export function jaDateTime(at: Date): string {
  const d = new Date(at.getTime() + 9 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function jaDate(day: string | null | undefined): string {
  if (!day) return '';
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
function cell(v: unknown): string {
  let s = v == null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The findings as CSV: UTF-8 with a BOM (Excel in Japan reads it right), CRLF, one finding per line. */
export function auditCsv(audit: Audit, findings: AuditFinding[], ctx: ExportContext): string {
  const header = ['監査番号', '監査名', '期間開始', '期間終了', '指摘番号', '重要度', '区分', '区分コード', '件名', '内容', '対象日',
    '担当者ID', '担当者名', '顧客ID', '委託先ID', '委託先名', '証跡件数', '証跡(アクセス記録ID)', '対応状況', '対応者', '対応期限', '受容ルール', '最新のコメント'];
  const lines = findings.map((f) => [
    audit.id, audit.title, audit.periodFrom, audit.periodTo, f.id, SEVERITY_JA[f.severity], codeJa(f.code), f.code, f.title, f.detail,
    f.occurredOn ?? '', f.staffId ?? '', f.staffId ? ctx.staffNames.get(f.staffId) ?? '' : '', f.customerId ?? '', f.contractorId ?? '',
    f.contractorId ? ctx.contractorNames.get(f.contractorId) ?? '' : '', f.evidenceCount, f.evidence.join(' '),
    ...(({ status, owner, due, rule, comment }) => [status, owner, due, rule, comment])(handling(f, ctx)),
  ]);
  return `\uFEFF${[header, ...lines].map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A printable report in Japanese (A4): scope, summary by severity, findings with their evidence, conclusion, sign-off. */
export function auditHtml(audit: Audit, findings: AuditFinding[], ctx: ExportContext): string {
  const list = (values: string[], label: (v: string) => string, none: string) => (values.length ? values.map(label).join('、') : none);
  const meta: [string, string][] = [
    ['監査番号', String(audit.id)], ['監査名', audit.title], ['監査対象期間', `${jaDate(audit.periodFrom)} 〜 ${jaDate(audit.periodTo)}`],
    ['対象の役割', list(audit.roles, roleJa, 'すべて')], ['対象の利用目的', list(audit.purposes, purposeJa, 'すべて')],
    ['対象の委託先', list(audit.contractorIds.map(String), (id) => ctx.contractorNames.get(Number(id)) ?? `#${id}`, 'すべて')],
    ['計画日', jaDate(audit.plannedDate) || '—'], ['監査担当者', ctx.auditorName ?? '—'], ['状態', STATUS_JA[audit.status] ?? audit.status],
    ['最終実行', audit.lastRunAt ? jaDateTime(audit.lastRunAt) : '未実行'], ['出力日時', jaDateTime(ctx.exportedAt)],
  ];
  const s = audit.settings;
  const criteria = [
    `1日の平文閲覧の上限 ${s.dailyClearReadLimit} 名、または直近30日の中央値の ${s.spikeMultiplier} 倍`,
    `勤務時間 ${s.workingHoursStart}:00〜${s.workingHoursEnd}:00(日本時間)${s.weekendsAndHolidaysOff ? '、土日祝日は時間外' : ''}`,
    `${s.manyReadersWindowMinutes} 分以内に ${s.manyReadersThreshold} 名以上が同一顧客を閲覧`,
    `委託先の見直し間隔 ${s.contractorReviewDays} 日(取引記録の保存期間は法定保存期間の設定による)`,
  ];
  const counts = Object.keys(SEVERITY_JA).map((sev) => `<td>${findings.filter((f) => f.severity === sev).length}</td>`).join('');
  const rows = findings.map((f, i) => {
    // Names come from the database: escaped like every other value in the report.
    const who = [f.staffId ? `担当者 #${f.staffId} ${ctx.staffNames.get(f.staffId) ?? ''}` : '', f.customerId ? `顧客 #${f.customerId}` : '',
      f.contractorId ? `委託先 ${ctx.contractorNames.get(f.contractorId) ?? `#${f.contractorId}`}` : ''].filter(Boolean).map(esc).join('<br>');
    const shown = f.evidence.slice(0, 10).map((id) => `#${id}`).join(' ');
    const evidence = f.evidenceCount ? `${f.evidenceCount} 件${shown ? `<br><span class="ids">${shown}${f.evidenceCount > 10 ? ' ほか' : ''}</span>` : ''}` : '—';
    const h = handling(f, ctx);
    const worked = [h.status, h.owner && `対応者: ${h.owner}`, h.due && `期限: ${jaDate(h.due)}`, h.rule && `受容ルール ${h.rule}`, h.comment]
      .filter(Boolean).map(esc).join('<br>');
    return `<tr class="sev-${esc(f.severity)}"><td>${i + 1}</td><td class="sev">${esc(SEVERITY_JA[f.severity])}</td><td>${esc(codeJa(f.code))}</td>
<td><strong>${esc(f.title)}</strong><br>${esc(f.detail)}</td><td>${esc(jaDate(f.occurredOn))}</td><td>${who}</td><td>${evidence}</td><td>${worked}</td></tr>`;
  }).join('\n');
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>監査報告書 ${esc(audit.title)}</title>
<style>
@page { size: A4; margin: 15mm; }
body { font-family: "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Yu Gothic", "Meiryo", sans-serif; font-size: 10pt; color: #111; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 12px; }
h2 { font-size: 12pt; border-bottom: 2px solid #333; margin-top: 18px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border: 1px solid #888; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #eee; white-space: nowrap; }
tr { page-break-inside: avoid; }
.sev-CRITICAL .sev, .sev-HIGH .sev { color: #b00020; font-weight: bold; }
.ids { font-size: 8pt; color: #555; }
.sign td { height: 60px; width: 33%; }
.note { font-size: 8pt; color: #555; }
</style>
</head>
<body>
<h1>個人情報保護 監査報告書</h1>
<table>${meta.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<h2>1. 判定基準</h2>
<ul>${criteria.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>
<h2>2. 指摘事項の概要</h2>
<table><tr>${Object.values(SEVERITY_JA).map((l) => `<th>${esc(l)}</th>`).join('')}<th>合計</th></tr><tr>${counts}<td>${findings.length}</td></tr></table>
<h2>3. 指摘事項</h2>
${findings.length ? `<table><tr><th>No.</th><th>重要度</th><th>区分</th><th>内容</th><th>対象日</th><th>対象</th><th>証跡</th><th>対応</th></tr>
${rows}</table>` : '<p>指摘事項はありません。</p>'}
<h2>4. 結論</h2>
<p>${audit.conclusion ? esc(audit.conclusion).replace(/\n/g, '<br>') : '(未記入)'}</p>
<h2>5. 確認</h2>
<table class="sign"><tr><th>監査担当者</th><th>個人情報保護管理者</th><th>承認</th></tr><tr><td></td><td></td><td></td></tr></table>
<p class="note">証跡欄の番号はアクセス記録(ハッシュ連鎖)の記録IDです。本報告書の出力はアクセス記録に記録されています。顧客の氏名等の個人情報は記載していません。</p>
</body>
</html>
`;
}
