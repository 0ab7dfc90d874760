import { useLocale } from 'react-admin';
import { type Access, STATISTICS_MIN_K } from '../../../schema/policy';

/**
 * The policy editor's words, Japanese and English (same keys). The policy's own names (roles, purposes,
 * categories) come from the document shown, in its `ja` or `en` label (`lang`).
 */
const JA = {
  lang: 'ja' as 'ja' | 'en',
  menu: 'ポリシー版', listTitle: 'ポリシー版', number: '番号', state: '状態', inForce: '施行中', createdBy: '作成者',
  createdAt: '作成日時', updatedAt: '更新日時', label: '名称', basedOn: '元の版', open: '開く', draft: '草案',
  createFrom: 'コピー元の版', createDraft: '下書きを作成', created: '下書きを作成しました', none: 'ポリシー版はありません',
  refused: 'この画面を使う権限がありません', editorTitle: 'ポリシー草案の編集', viewTitle: 'ポリシー版の内容',
  tabMatrix: 'マトリクス', tabRoles: 'ロールと目的', tabSettings: '統計の設定', tabDiff: '差分', tabImpact: '影響',
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
  version: (n: number | string) => `第${n}版`,
  states: { DRAFT: '草案', PUBLISHED: '公開', RETIRED: '廃止' } as Record<string, string>,
  access: { CLEAR: '表示', MASKED: 'マスク', HIDDEN: '非表示' } as Record<Access, string>,
  /** The server's problem codes (schema/policy/policy-validate.ts). */
  problems: {
    NOT_AN_OBJECT: '文書の形式が正しくありません',
    UNKNOWN_KEY: '存在しない項目です',
    MISSING: '必要な項目がありません',
    BAD_VALUE: '値が正しくありません',
    UNCLASSIFIED: '表示区分が決まっていません(表示・マスク・非表示のいずれか)',
    CONTRACTOR_PURPOSE: '委託先の契約にない目的は与えられません',
    CONTRACTOR_CATEGORY: '委託先の契約にない区分は見せられません',
    CONTRACTOR_FLAG: '委託先かどうかは契約で決まり、変えられません',
  } as Record<string, string>,
  /** Where a setting's own wording says more than its code. */
  problemsByPath: {
    'statistics.minGroupSize': `k は ${STATISTICS_MIN_K} 以上の整数にしてください`,
    'statistics.maxGroupSize': '最大の k は最小グループサイズ以上の整数にしてください',
    'statistics.dominancePercent': '支配率は 0 より大きく 100 以下にしてください',
  } as Record<string, string>,
  impactSummary: (days: number, entries: string, tEntries: string, tCustomers: string, wEntries: string, wCustomers: string) =>
    `直近${days}日のアクセス記録 ${entries} 件を草案で再判定しました。制限が強まる閲覧 ${tEntries} 件(顧客 ${tCustomers} 名)、緩む閲覧 ${wEntries} 件(顧客 ${wCustomers} 名)。`,
  impactNone: 'この草案で扱いが変わる閲覧はありません。', impactTable: '影響を受ける閲覧', tightened: '制限が強まる', widened: '緩む',
  change: '変化', purposeOfUse: '利用目的', field: '項目', beforeAfter: '変更前 → 変更後', reads: '閲覧件数', customers: '顧客数',
  examples: '記録の例(ID)', openEntry: (id: string) => `アクセス記録 #${id} を開く`,
  scopeTitle: '委託先の行範囲', scopeTable: '委託先の範囲から外れる・範囲に入る行',
  scopeNone: 'この草案で委託先の範囲から外れる行・範囲に入る行はありません。',
  scopeSummary: (leftEntries: string, leftCustomers: string, enteredRows: string, enteredCustomers: string) =>
    `委託先が閲覧した記録のうち範囲から外れるもの ${leftEntries} 件(顧客 延べ ${leftCustomers} 名)、範囲に入る行 ${enteredRows} 件(顧客 延べ ${enteredCustomers} 名)。`,
  scopeMethod: (roles: string) => `委託先(${roles})の行範囲:「範囲から外れる」は期間内に委託先ロールが実際に閲覧したアクセス記録を草案で再判定したもので、`
    + '顧客の同意・利用停止は現在の記録で判断しています。「範囲に入る」行にはアクセス記録がないため、現在のデータで、草案の範囲には入り施行中の版では入らない行を'
    + '有効なアカウントのある委託先ごとに数えています。',
  left: '範囲から外れる', entered: '範囲に入る', basis: '根拠', basisTrail: 'アクセス記録', basisCurrent: '現在のデータ',
  target: '対象', targetTrail: '閲覧した顧客', scopeExamples: '例(記録・行・顧客のID)', why: '理由', count: '件数', rowsUnit: '行', entriesUnit: '件',
  openCustomer: (id: string) => `顧客 #${id} を開く`, openRow: (resource: string, id: string) => `${resource} #${id} を開く`,
  scopeReasons: {
    PURPOSE_REMOVED: 'この目的を宣言できなくなる', PURPOSE_ADDED: 'この目的を宣言できるようになる',
    RESOURCE_CLOSED: '記録の区分が非表示になる', RESOURCE_OPENED: '記録の区分が非表示でなくなる',
    CONSENT_REQUIRED: '本人の同意が必要になる', CONSENT_NOT_REQUIRED: '本人の同意が不要になる(同意を要する目的でのみ作業する委託先は読めなくなる)',
    STOPPED_USE_EXCLUDED: '利用停止の顧客を除くようになる', STOPPED_USE_INCLUDED: '利用停止の顧客を除かなくなる',
  } as Record<string, string>,
};

export type PolicyWords = typeof JA;

const EN: PolicyWords = {
  lang: 'en',
  menu: 'Policy versions', listTitle: 'Policy versions', number: 'Number', state: 'State', inForce: 'In force', createdBy: 'Created by',
  createdAt: 'Created', updatedAt: 'Updated', label: 'Name', basedOn: 'Copied from', open: 'Open', draft: 'Draft',
  createFrom: 'Copy from version', createDraft: 'Create a draft', created: 'Draft created', none: 'No policy versions',
  refused: 'You may not use this page', editorTitle: 'Edit a policy draft', viewTitle: 'Policy version',
  tabMatrix: 'Matrix', tabRoles: 'Roles and purposes', tabSettings: 'Statistics settings', tabDiff: 'Differences', tabImpact: 'Impact',
  save: 'Save', saved: 'Saved', notSaved: 'Not saved. Correct the following', unsaved: 'Unsaved changes',
  readOnly: 'This version is read-only (a published or retired version, or you may not edit drafts)',
  matrixHelp: 'A cell is the setting of a purpose × category; it applies to every role holding that purpose. Click (or Enter) to cycle clear → masked → hidden. Cells that differ from the version in force have a thick border.',
  role: 'Role', purpose: 'Purpose', category: 'Category', effective: 'overridden to ', changedCell: 'changed from the version in force',
  only: 'May only see', clearBecomesMasked: 'Everything clear is masked', contractor: 'Contractor', noOverrides: 'No overrides',
  noPurpose: 'No purpose to declare', purposes: 'Purposes it may declare',
  minGroupSize: 'Smallest group size k', dominancePercent: 'Dominance limit (%)', maxGroupSize: 'Largest k a query may ask',
  diffAgainst: 'Differences from version %{n} (in force)', noChanges: 'No differences from the version in force', changesTitle: 'Changes',
  cellsTitle: 'Cells whose answer changes',
  before: 'Before', after: 'After', requestPublication: 'Request publication', approvePublication: 'Approve publication', restore: 'Restore this version',
  withdraw: 'Withdraw the request', reject: 'Reject publication', reason: 'Reason', cancel: 'Cancel', requested: 'Publication requested',
  withdrawn: 'Request withdrawn', approved: 'Published', rejected: 'Rejected', restored: 'Restoring this version is requested',
  notices: 'Public notice and history',
  pending: 'Publication requested', requestedBy: 'Requested by', editedBy: 'Last edited by', approvedBy: 'Approved by',
  version: (n: number | string) => `Version ${n}`,
  states: { DRAFT: 'Draft', PUBLISHED: 'Published', RETIRED: 'Retired' },
  access: { CLEAR: 'Clear', MASKED: 'Masked', HIDDEN: 'Hidden' },
  problems: {
    NOT_AN_OBJECT: 'The document is not well formed',
    UNKNOWN_KEY: 'No such item',
    MISSING: 'A required item is missing',
    BAD_VALUE: 'The value is not valid',
    UNCLASSIFIED: 'Not decided (clear, masked or hidden)',
    CONTRACTOR_PURPOSE: 'A contractor may not get a purpose its agreement lacks',
    CONTRACTOR_CATEGORY: 'A contractor may not see a category its agreement lacks',
    CONTRACTOR_FLAG: 'Whether a role is a contractor is decided by its agreement',
  },
  problemsByPath: {
    'statistics.minGroupSize': `k must be a whole number of at least ${STATISTICS_MIN_K}`,
    'statistics.maxGroupSize': 'The largest k must be a whole number of at least the smallest group size',
    'statistics.dominancePercent': 'The dominance limit must be more than 0 and at most 100',
  },
  impactSummary: (days, entries, tEntries, tCustomers, wEntries, wCustomers) =>
    `${entries} access entries of the last ${days} days replayed under the draft: ${tEntries} reads more restricted (${tCustomers} customers), ${wEntries} less (${wCustomers} customers).`,
  impactNone: 'No read would be served differently under this draft.', impactTable: 'Reads affected', tightened: 'More restricted', widened: 'Less restricted',
  change: 'Change', purposeOfUse: 'Purpose', field: 'Field', beforeAfter: 'Before → after', reads: 'Reads', customers: 'Customers',
  examples: 'Example entries (ID)', openEntry: (id: string) => `Open access entry #${id}`,
  scopeTitle: "Contractors' rows", scopeTable: "Rows leaving or entering contractors' scope",
  scopeNone: "No row would leave or enter a contractor's scope under this draft.",
  scopeSummary: (leftEntries, leftCustomers, enteredRows, enteredCustomers) =>
    `Entries read by contractors whose rows would leave their scope: ${leftEntries} (${leftCustomers} customers, counted per row of the table); rows that would enter it: ${enteredRows} (${enteredCustomers} customers, counted per row).`,
  scopeMethod: (roles: string) => `Contractors' rows (${roles}): "leaves the scope" replays the access entries contractor roles actually made in the period `
    + 'under the draft, judging consent and stop of use by the customers\' records as they stand today. Rows that "enter the scope" have no access entry: '
    + 'they are counted on today\'s data, per contractor with an active account, as the rows the draft\'s scope admits and the version in force does not.',
  left: 'Leaves the scope', entered: 'Enters the scope', basis: 'Basis', basisTrail: 'Access trail', basisCurrent: 'Current data',
  target: 'Rows', targetTrail: 'Customers read', scopeExamples: 'Examples (entry, row, customer ID)', why: 'Why', count: 'Count', rowsUnit: 'rows', entriesUnit: 'entries',
  openCustomer: (id: string) => `Open customer #${id}`, openRow: (resource: string, id: string) => `Open ${resource} #${id}`,
  scopeReasons: {
    PURPOSE_REMOVED: 'May no longer declare this purpose', PURPOSE_ADDED: 'May declare this purpose',
    RESOURCE_CLOSED: 'Its record category becomes hidden', RESOURCE_OPENED: 'Its record category is no longer hidden',
    CONSENT_REQUIRED: "The person's consent becomes required", CONSENT_NOT_REQUIRED: 'Consent no longer required (a contractor working only under consent purposes can no longer read)',
    STOPPED_USE_EXCLUDED: 'Customers whose use is stopped are left out', STOPPED_USE_INCLUDED: 'Customers whose use is stopped are no longer left out',
  },
};

export const policyWords = (locale: string): PolicyWords => (locale === 'en' ? EN : JA);
/** The editor's words in the admin UI's language. */
export const usePolicyWords = (): PolicyWords => policyWords(useLocale());

export const ACCESS_LETTER: Record<Access, string> = { CLEAR: 'C', MASKED: 'M', HIDDEN: 'H' };
/** Clear green · masked amber · hidden grey, as on the policy matrix page; the letter is always written too. */
export const ACCESS_COLOURS: Record<Access, { bg: string; fg: string }> = {
  CLEAR: { bg: '#c8e6c9', fg: '#1b5e20' },
  MASKED: { bg: '#ffe0b2', fg: '#8a4b00' },
  HIDDEN: { bg: '#e0e0e0', fg: '#424242' },
};
export const NEXT_ACCESS: Record<Access, Access> = { CLEAR: 'MASKED', MASKED: 'HIDDEN', HIDDEN: 'CLEAR' };
