import type { PolicyChange, PolicyDocument } from '../../../../schema/policy';

const ACCESS_JA: Record<string, string> = { CLEAR: '表示', MASKED: '伏せて表示', HIDDEN: '非表示' };

/** A change in words (Japanese), with the labels of the document it leads to (else the one it leaves). */
export function changeText(c: PolicyChange, before: PolicyDocument, after: PolicyDocument): string {
  const [head, a, b] = c.path.split('.');
  const rest = c.path.split('.').slice(2).join('.');
  const label = (section: 'roles' | 'purposes' | 'categories', key: string) =>
    ((after[section] as Record<string, { ja?: string }>)[key]?.ja ?? (before[section] as Record<string, { ja?: string }>)[key]?.ja ?? key);
  const access = (v: unknown) => (typeof v === 'string' ? ACCESS_JA[v] ?? v : 'なし');
  const list = (section: 'purposes' | 'categories') => [
    c.added?.length ? `追加: ${c.added.map((k) => label(section, k)).join('、')}` : '',
    c.removed?.length ? `削除: ${c.removed.map((k) => label(section, k)).join('、')}` : '',
  ].filter(Boolean).join(' / ');
  switch (c.kind) {
    case 'CELL': return `利用目的「${label('purposes', a)}」× 区分「${label('categories', rest)}」: ${access(c.before)} → ${access(c.after)}`;
    case 'CEILING': return `区分「${label('categories', a)}」の上限: ${access(c.before)} → ${access(c.after)}`;
    case 'ROLE_PURPOSES': return `役割「${label('roles', a)}」が宣言できる利用目的 — ${list('purposes')}`;
    case 'ROLE_ONLY': return `役割「${label('roles', a)}」が見られる区分 — ${c.after == null ? '制限なし' : list('categories') || '変更'}`;
    case 'ROLE': return `役割「${label('roles', a)}」の ${b ?? '定義'}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`;
    case 'PURPOSE': return `利用目的「${label('purposes', a)}」の定義を変更`;
    case 'CATEGORY': return `区分「${label('categories', rest)}」の定義を変更`;
    case 'STOPPED_USE': return `利用停止の顧客を返さない利用目的 — ${list('purposes')}`;
    case 'STATISTICS_SETTING': return `統計の設定 ${a}: ${String(c.before)} → ${String(c.after)}`;
    case 'LABEL': return `版の名前: ${String(c.before)} → ${String(c.after)}`;
    default: return `${head} を変更`;
  }
}
