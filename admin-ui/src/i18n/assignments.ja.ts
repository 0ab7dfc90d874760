/** Work handed to contractors (委託): collection cases and mailings. Merged into ja.ts; assignments.en.ts has the same shape. */
export const assignmentsJa = {
  resources: {
    CollectionCase: {
      name: '債権回収の委託 |||| 債権回収の委託',
      fields: {
        id: '番号', orderId: '注文', contractorId: '債権回収会社', contractorName: '債権回収会社', openedAt: '委託日時', closedAt: '終了日時',
        closeReason: '終了の理由', open: '委託中', openedById: '委託した担当者', closedById: '終了した担当者'
      },
    },
    Mailing: {
      name: 'ご案内の発送 |||| ご案内の発送',
      fields: {
        id: '番号', name: '件名', purpose: '利用目的', status: '状態', recipientCount: '宛先数', contractorId: '発送代行会社',
        contractorName: '発送代行会社', createdAt: '作成日時', handedOverAt: '委託日時', closedAt: '終了日時',
        exclusions: '表示されない宛先（理由別）'
      },
    },
  },
  mamori: {
    assignments: { actions: '操作' },
    collectionCase: { recall: '委託を取り下げる', recalled: '債権回収会社への委託を取り下げました' },
    shipment: { pickUp: '集荷済みにする', deliver: '配達済みにする', pickedUp: '集荷を記録しました', delivered: '配達を記録しました', step: '配送の記録' },
    mailing: { noneExcluded: 'なし', handOver: '委託する', chooseHouse: '発送代行会社を選ぶ', handedOver: '発送代行会社に委託しました（第三者提供記録に記録済み）' },
  },
  enums: {
    caseCloseReason: { SETTLED: '入金済み', RECALLED: '取り下げ', ERASED: '本人の削除請求' },
    mailingExclusion: { USE_STOPPED: '利用停止', CONSENT_WITHDRAWN: '同意の撤回', GUARDIAN_CONSENT_MISSING: '保護者の同意なし' },
    mailingStatus: { DRAFT: '準備中', HANDED_OVER: '委託中', SENT: '発送済み', CANCELLED: '中止' },
  },
};

export type AssignmentsMessages = typeof assignmentsJa;
