import type { Access } from '../../../schema/policy';

/** The policy editor's words. The policy's own names (roles, purposes, categories) come from the document shown. */
export const T = {
  menu: 'ポリシー版', listTitle: 'ポリシー版', number: '番号', state: '状態', inForce: '施行中', createdBy: '作成者',
  createdAt: '作成日時', updatedAt: '更新日時', label: '名称', basedOn: '元の版', open: '開く', draft: '草案',
  createFrom: 'コピー元の版', createDraft: '下書きを作成', created: '下書きを作成しました', none: 'ポリシー版はありません',
  refused: 'この画面を使う権限がありません', editorTitle: 'ポリシー草案の編集', viewTitle: 'ポリシー版の内容',
  tabMatrix: 'マトリクス', tabRoles: 'ロールと目的', tabSettings: '統計の設定', tabDiff: '差分',
  save: '保存', saved: '保存しました', notSaved: '保存されていません。次の項目を直してください', unsaved: '未保存の変更があります',
  readOnly: 'この版は閲覧のみです(公開済みの版・廃止された版、または編集の権限がない場合)',
  matrixHelp: 'セルは「目的 × 区分」の設定です。同じ目的を持つ全ロールの行に反映されます。クリック(または Enter)で 表示 → マスク → 非表示 と切り替わります。公開中の版と異なるセルは太枠で示します。',
  role: 'ロール', purpose: '目的', category: '区分', effective: '上書きにより実際は', changedCell: '公開中の版から変更',
  only: '見られる区分はこれだけ', clearBecomesMasked: '表示はすべてマスクになる', contractor: '委託先', noOverrides: '上書きなし',
  noPurpose: '宣言できる目的はありません', purposes: '宣言できる目的',
  minGroupSize: '最小グループサイズ k', dominancePercent: '支配率の上限(%)', maxGroupSize: '指定できる最大の k',
  diffAgainst: '公開中の版 %{n} との差分', noChanges: '公開中の版との違いはありません', changesTitle: '変更点', cellsTitle: '回答が変わるセル',
  before: '変更前', after: '変更後', requestPublication: '公開を申請', approvePublication: '公開を承認', restore: 'この版に戻す',
  withdraw: '申請を取り下げ', reject: '公開を却下', reason: '理由', cancel: 'キャンセル', requested: '公開を申請しました',
  withdrawn: '申請を取り下げました', approved: '公開しました', rejected: '却下しました', restored: 'この版の復元を申請しました',
  notices: '公表事項と履歴',
  pending: '公開申請中', requestedBy: '申請者', editedBy: '最終編集者', approvedBy: '承認者',
} as const;

export const STATE_JA: Record<string, string> = { DRAFT: '草案', PUBLISHED: '公開', RETIRED: '廃止' };
export const ACCESS_JA: Record<Access, string> = { CLEAR: '表示', MASKED: 'マスク', HIDDEN: '非表示' };
export const ACCESS_LETTER: Record<Access, string> = { CLEAR: 'C', MASKED: 'M', HIDDEN: 'H' };
/** Clear green · masked amber · hidden grey, as on the policy matrix page; the letter is always written too. */
export const ACCESS_COLOURS: Record<Access, { bg: string; fg: string }> = {
  CLEAR: { bg: '#c8e6c9', fg: '#1b5e20' },
  MASKED: { bg: '#ffe0b2', fg: '#8a4b00' },
  HIDDEN: { bg: '#e0e0e0', fg: '#424242' },
};
export const NEXT_ACCESS: Record<Access, Access> = { CLEAR: 'MASKED', MASKED: 'HIDDEN', HIDDEN: 'CLEAR' };

/** The server's problem codes (schema/policy/policy-validate.ts) in Japanese. */
export const PROBLEM_JA: Record<string, string> = {
  NOT_AN_OBJECT: '文書の形式が正しくありません',
  UNKNOWN_KEY: '存在しない項目です',
  MISSING: '必要な項目がありません',
  BAD_VALUE: '値が正しくありません',
  UNCLASSIFIED: '表示区分が決まっていません(表示・マスク・非表示のいずれか)',
  CONTRACTOR_PURPOSE: '委託先の契約にない目的は与えられません',
  CONTRACTOR_CATEGORY: '委託先の契約にない区分は見せられません',
  CONTRACTOR_FLAG: '委託先かどうかは契約で決まり、変えられません',
};
