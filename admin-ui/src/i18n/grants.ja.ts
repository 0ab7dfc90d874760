/** Two-person grants and staff accounts without passwords: merged into ja.ts. grants.en.ts has the same shape. */
export const grantsJa = {
  resources: {
    GrantRequest: {
      name: '権限付与の申請 |||| 権限付与の申請',
      fields: {
        id: '番号', kind: '種類', subjectName: '対象', staffId: '対象の職員', apiKeyId: 'APIキー', role: '役割', purposes: '利用目的',
        contractorId: '委託先', activates: '再有効化', status: '状態', requestedById: '申請者', requestedAt: '申請日時',
        decidedById: '判断者', decidedAt: '判断日時', rejectionReason: '却下の理由',
      },
    },
  },
  mamori: {
    grants: {
      status: { PENDING: '承認待ち', APPROVED: '承認済み', REJECTED: '却下' },
      kind: { STAFF_ROLE: '職員の役割', API_KEY: 'APIキー' },
      approve: '承認する',
      reject: '却下する',
      reject_title: '申請 #%{id} を却下',
      reject_help: '却下すると、この役割またはAPIキーは付与されません。申請者に伝える理由を記録してください。',
      reason: '却下の理由',
      approve_done: '承認しました。付与が有効になりました',
      reject_done: '却下しました',
      own: 'ご自身の申請、またはご自身への付与です。別の個人情報保護管理者が判断します。',
    },
    staff: {
      send_reset: 'パスワード再設定を送る',
      reset_title: '%{name} さんにパスワード再設定を送る',
      reset_help: '本人のメールアドレスに、1回限りの再設定リンクを送ります。リンクは管理者には表示されません。送ると、この方のログイン中のセッションはすべて終了します。',
      reset_send: '送る',
      reset_sent: '本人のメールアドレスに再設定のリンクを送りました',
      invite_note: '作成すると、本人のメールアドレスにパスワード設定のリンクが送られます。パスワードは本人だけが設定します。',
      two_person_note: 'この役割の付与には、個人情報保護管理者の承認が必要です。承認されるまで、このアカウントは何もできません。',
      pending: '承認待ち: %{role}',
    },
  },
};
