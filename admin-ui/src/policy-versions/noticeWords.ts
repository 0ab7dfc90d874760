/** The notice page's words (NoticePage.tsx), Japanese and English. */
const NOTICE_WORDS = {
  ja: {
    menu: '公表事項', title: '公表事項(個人情報の取扱い)と履歴', current: '公表中', publishedAt: '版の公開日時', generatedAt: '作成日時',
    publicPage: '公開ページを開く', history: '公表事項の履歴', versionCol: 'ポリシー版', cause: '理由', hash: 'ハッシュ',
    diffTitle: '版の間の差分', older: '比較元(古い方)', newer: '比較先(新しい方)', noDiff: '本文に違いはありません(日時と版番号のみ)',
    removed: '削除', added: '追加',
    causes: { PUBLICATION: '版の公開', RESTORE: '版の復元', SETTINGS: '設定の変更(手数料・外国の委託先)', START: '起動時に作成' } as Record<string, string>,
    version: (n: number) => `第${n}版`,
  },
  en: {
    menu: 'Public notice', title: 'Public notice (handling of personal information) and its history', current: 'Published now',
    publishedAt: 'Version published', generatedAt: 'Written', publicPage: 'Open the public page', history: 'History of the notice',
    versionCol: 'Policy version', cause: 'Why', hash: 'Hash', diffTitle: 'Differences between notices', older: 'From (older)', newer: 'To (newer)',
    noDiff: 'The text is the same (only dates and the version number differ)', removed: 'removed', added: 'added',
    causes: { PUBLICATION: 'Version published', RESTORE: 'Version restored', SETTINGS: 'Setting changed (fees, contractors abroad)', START: 'Written at start' } as Record<string, string>,
    version: (n: number) => `Version ${n}`,
  },
};

export const noticeWords = (locale: string) => NOTICE_WORDS[locale === 'en' ? 'en' : 'ja'];
