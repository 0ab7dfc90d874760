/** The screen's words (Japanese first); picked by the UI's locale. */
export const LABELS = {
  ja: {
    title: '法令に基づく設定', menu: '法令に基づく設定', save: '保存', saved: '保存しました', add: '追加', remove: '削除',
    retention: '法定保存期間(削除請求後も保存する記録)',
    retentionHelp: '事業年度末・会社の種類・欠損金の生じた事業年度から、取引記録をいつまで保存するかを計算します。',
    fiscalYearEnd: '事業年度末(MM-DD)', entityType: '会社の種類', lossFiscalYears: '欠損金の生じた事業年度(終了した年、カンマ区切り)',
    filingDeadlineMonths: '申告期限(事業年度末から何か月)', trailRetentionMonths: 'アクセス記録の保存期間(か月、12〜240)', law: '法令', start: '起算', years: '年数', applies: '適用',
    fees: '開示等の請求の手数料(個人情報保護法第38条)', feesHelp: '手数料を求められるのは開示の請求だけです。0 円は無料です。', yen: '円',
    terms: '要配慮個人情報を見つける語', termsHelp: '自由記述にこれらの語が含まれると、その欄は必要な業務以外には表示されません。',
    builtIn: '組み込みの語', ownTerms: '追加した語', noOwnTerms: '追加した語はありません', term: '語', kind: '種類',
    sweep: '保存済みの記録を今の語で確認する', swept: '確認しました: 顧客 %{c} 件・やり取り %{i} 件の表示区分が変わりました',
  },
  en: {
    title: 'Legal settings', menu: 'Legal settings', save: 'Save', saved: 'Saved', add: 'Add', remove: 'Remove',
    retention: 'Legal retention (records kept after a deletion request)',
    retentionHelp: 'How long transaction records are kept follows from the fiscal year end, the entity type and the loss years.',
    fiscalYearEnd: 'Fiscal year end (MM-DD)', entityType: 'Entity type', lossFiscalYears: 'Loss fiscal years (year each ended, comma-separated)',
    filingDeadlineMonths: 'Filing deadline (months after year end)', trailRetentionMonths: 'Access trail kept (months, 12 to 240)', law: 'Law', start: 'Counted from', years: 'Years', applies: 'Applies',
    fees: 'Request fees (APPI art. 38)', feesHelp: 'Only disclosures may be charged. 0 means free.', yen: 'yen',
    terms: 'Terms that mark sensitive information', termsHelp: 'Free text holding these terms is shown only to the duties that need it.',
    builtIn: 'Built-in terms', ownTerms: 'Added terms', noOwnTerms: 'No added terms', term: 'Term', kind: 'Kind',
    sweep: 'Check stored records with the current terms', swept: 'Checked: %{c} customers and %{i} interactions changed',
  },
} as const;

export const ENTITY_TYPES = { GODO_KAISHA: '合同会社', GOMEI_KAISHA: '合名会社', GOSHI_KAISHA: '合資会社', KABUSHIKI_KAISHA: '株式会社' } as const;
export const REQUEST_KINDS_JA: Record<string, string> = {
  DISCLOSURE: '保有個人データの開示', PROVISION_RECORD_DISCLOSURE: '第三者提供記録の開示', CORRECTION: '訂正', STOP_USE: '利用停止',
  STOP_PROVISION: '第三者提供の停止', DELETION: '削除', FOREIGN_MEASURES_INFO: '外国の提供先の措置の情報提供',
};
