import { dashboardJa } from './dashboard.ja';
import { consentPurposeLabels, policyLabels } from './policyLabels';
import { loginsJa } from './logins.ja';
import { grantsJa } from './grants.ja';
import { privacyOfficeJa } from './privacyOffice.ja';
import { assignmentsJa } from './assignments.ja';

/** Our Japanese messages (merged over @bicstone/ra-language-japanese). en.ts has the same shape. */
export const ja = {
  ra: {
    auth: { username: 'メールアドレス' },
  },
  resources: {
    Customer: {
      name: '顧客 |||| 顧客',
      fields: {
        id: 'ID', customerNumber: '顧客番号', name: '氏名', nameKana: 'フリガナ',
        postalCode: '郵便番号', prefecture: '都道府県', city: '市区町村', addressLine: '番地・建物',
        phone: '電話番号', email: 'メールアドレス', birthDate: '生年月日', gender: '性別',
        lifestyle: '生活全般', occupation: '仕事',
        cardBrand: 'カードブランド', cardNumber: 'カード番号', cardExpiry: '有効期限',
        source: '取得経路', status: '状態', useStopped: '利用停止', provisionStopped: '第三者提供停止',
        householdId: '世帯ID', createdAt: '登録日時', updatedAt: '更新日時', maskedFields: 'マスク項目',
        reason: '変更理由', q: '検索（氏名・フリガナ・電話・メール・顧客番号）',
      },
    },
    Order: {
      name: '注文 |||| 注文',
      fields: {
        id: 'ID', orderNumber: '注文番号', customerId: '顧客', items: '明細',
        productName: '商品名', quantity: '数量', unitPriceYen: '単価',
        totalYen: '合計金額', status: '状態', paymentStatus: '支払状況',
        shipTo: {
          name: 'お届け先氏名', postalCode: 'お届け先郵便番号', prefecture: 'お届け先都道府県',
          city: 'お届け先市区町村', addressLine: 'お届け先番地・建物', phone: 'お届け先電話番号',
        },
        carrierId: '配送業者', carrierName: '配送業者', paymentDueAt: '支払期限', placedAt: '注文日時', shippedAt: '出荷日時', deliveredAt: '配達日時',
      },
    },
    Interaction: {
      name: 'やり取り |||| やり取り',
      fields: {
        id: 'ID', customerId: '顧客', orderId: '注文', channel: 'チャネル', direction: '方向', kind: '種別',
        staffId: '担当者', occurredAt: '日時', summary: '要旨', transcript: '記録（全文）',
        recordingKey: '通話録音', recordingDurationSec: '録音時間', createdAt: '登録日時',
      },
    },
    Product: {
      name: '商品 |||| 商品',
      fields: { id: 'ID', sku: 'SKU', name: '商品名', priceYen: '価格', active: '販売中' },
    },
    Contractor: {
      name: '委託先 |||| 委託先',
      fields: {
        id: 'ID', name: '名称', services: '委託業務', dataCategories: '提供する個人情報の項目',
        agreementDate: '機密保持契約の締結日', agreementExpiresAt: '契約期限', lastReviewedAt: '最終監督日',
        agreementStatus: '契約・監督の状況',
        country: '取扱国', foreignSystemMeasures: '基準に適合する体制の整備(施行規則第16条)', foreignMeasuresInfo: '外国での措置の情報',
      },
    },
    TrustedDocument: {
      name: '許可済み操作(APIキー) |||| 許可済み操作(APIキー)',
      fields: { id: '番号', apiKeyId: 'APIキー', operations: '操作', purpose: '利用目的', note: '用途', status: '状態', document: '内容', hash: 'ハッシュ (sha256)', registeredAt: '登録日時', approvedAt: '承認日時', revokedAt: '取消日時' },
    },
    Staff: {
      name: 'スタッフ |||| スタッフ',
      fields: {
        loginLocked: 'ログインロック中',
        id: 'ID', name: '氏名', email: 'メールアドレス', role: '役割', contractorId: '所属委託先',
        active: '有効', pendingRole: '承認待ちの役割',
      },
    },
    Consent: {
      name: '同意 |||| 同意',
      fields: {
        id: 'ID', customerId: '顧客', purpose: '同意の対象', grantedAt: '同意日時', withdrawnAt: '撤回日時',
        source: '取得経路', guardianConsent: '保護者の同意',
        live: '有効な同意のみ', withdrawn: '同意を撤回する',
      },
    },
    AccessEvent: {
      name: 'アクセス履歴 |||| アクセス履歴',
      fields: {
        id: 'ID', at: '日時', staffId: '閲覧者', role: '役割', purpose: '利用目的', operation: '操作',
        customerId: '顧客', clearFieldsRead: '表示された項目', maskedFieldsRead: 'マスクされた項目', detail: '詳細',
        clientAddress: '接続元', clearOnly: '表示された読み取りのみ', at_gte: 'この日時以降', at_lte: 'この日時以前',
        fieldsRead: '読み取られた項目（橙＝表示・錠＝マスク）', hash: 'ハッシュ',
      },
    },
    ChangeEvent: {
      name: '変更履歴 |||| 変更履歴',
      fields: {
        id: 'ID', at: '日時', staffId: '変更者', role: '役割', purpose: '利用目的', customerId: '顧客',
        entity: '対象', entityId: '対象ID', action: '操作', fields: '変更項目', reason: '変更理由',
        changes: '変更内容（変更前 → 変更後）', oldValues: '変更前', newValues: '変更後',
        at_gte: 'この日時以降', at_lte: 'この日時以前',
      },
    },
    SecurityEvent: {
      name: 'セキュリティイベント |||| セキュリティイベント',
      fields: {
        id: 'ID', at: '日時', event: '種別', staffId: '操作者', role: '役割', purpose: '利用目的', operation: '操作',
        clientAddress: '接続元', detail: '詳細', requestId: 'リクエストID',
        at_gte: 'この日時以降', at_lte: 'この日時以前',
      },
    },
    ...privacyOfficeJa.resources,
    ...assignmentsJa.resources,
    ...grantsJa.resources,
  },
  mamori: {
    /** The language of this catalogue: labels taken from schema/policy pick their ja or en text by it. */
    lang: 'ja',
    pageRefused: { title: '利用できないページ', text: 'このページはあなたの役割では利用できません。メニューから利用できる画面を選んでください。' },
    ...loginsJa,
    dashboard: dashboardJa,
    ...grantsJa.mamori,
    ...privacyOfficeJa.mamori,
    ...assignmentsJa.mamori,
    ...policyLabels('ja'),
    list: { estimated_total: '約 %{total} 件（件数は概算です）' },
    app: { title: '守り 管理画面' },
    set_password: {
      title: 'パスワードの設定',
      for: '%{name}（%{email}）のパスワードを設定します。',
      expires: 'このリンクは %{at} まで、一度だけ使えます。',
      password: '新しいパスワード',
      again: '新しいパスワード（確認）',
      length: '%{min}文字以上',
      mismatch: '確認のパスワードが一致しません',
      submit: 'パスワードを設定する',
      done: '%{email} のパスワードを設定しました。ログインしてください。',
      to_login: 'ログイン画面へ',
      refused: {
        UNKNOWN: 'このリンクは無効です。管理者に新しいリンクを依頼してください。',
        USED: 'このリンクはすでに使われました。管理者に新しいリンクを依頼してください。',
        EXPIRED: 'このリンクは有効期限が切れています。管理者に新しいリンクを依頼してください。',
        REPLACED: 'このリンクは新しいリンクに置き換えられました。最新のリンクを使ってください。',
        DEACTIVATED: 'このアカウントは無効化されています。',
      },
    },
    auth: { session_expired: 'セッションの有効期限が切れました。もう一度ログインしてください。' },
    purpose: {
      label: '利用目的',
      none: '宣言できる利用目的はありません',
      changed: '利用目的を「%{purpose}」に切り替えました',
    },
    masked: {
      partial: '目的「%{purpose}」では一部を伏せて表示しています',
      hiddenByPolicy: '目的「%{purpose}」では方針によりこの項目を表示しません',
      tooltip: '目的「%{purpose}」ではこの項目は表示できません',
      no_purpose: '利用目的が選ばれていないため、この項目は表示できません',
      hidden: '非表示',
    },
    access: { CLEAR: '表示', MASKED: 'マスク', HIDDEN: '非表示' },
    customer: {
      logInteraction: 'やり取りを記録する',
      receiveRequest: 'プライバシー請求を受け付ける',
      tabs: { profile: 'プロフィール', orders: '注文', interactions: 'やり取り', consents: '同意', access: 'アクセス履歴' },
      sections: { contact: '連絡先', demographic: '属性', card: 'お支払いカード', status: '状態' },
      reason_required: '個人情報を変更するときは変更理由を入力してください',
      reason_helper: '変更履歴に記録されます',
      masked_readonly: 'この目的では表示されていないため編集できません',
    },
    export: {
      button: 'CSV出力',
      title: 'CSV を書き出しています',
      progress: '%{loaded} / %{total} 件を読み込みました',
      done: '%{smart_count} 件を CSV に書き出しました',
      purpose_changed: '利用目的が変わったため、CSV の書き出しを中止しました',
      failed: 'CSV の書き出しに失敗しました',
      reason_title: 'CSV を書き出す理由',
      reason_label: '理由（記録されます）',
      reason_help: '何のために、誰に渡すために書き出すのかを書いてください。書き出しは行数とともにアクセス記録に残ります。',
      rows: '%{rows} 行・%{columns} 列（表示中の列）を書き出します。',
      cap: 'この利用目的で一度に書き出せるのは %{cap} 行までです。',
      over_cap: '%{rows} 行あり、上限の %{cap} 行を超えています。絞り込んでから書き出してください。',
      no_export: 'この利用目的では CSV を書き出せません。',
      start: '記録して書き出す',
      hidden_cell: '［非表示］',
      masked_column: '伏せた項目',
      masked_partial: '%{field}（一部伏せ字）',
      masked_hidden: '%{field}（非表示）',
    },
    trail: {
      integrity: '改ざん検知（ハッシュチェーン）',
      head: '最新の記録 #%{id}（%{at}）のハッシュ:',
      verify: 'チェーン検証',
      verifying: '検証中…',
      ok: '%{checked} 件を検証しました。チェーンは途切れておらず、改ざんは見つかりませんでした。',
      broken: '記録 #%{id} でチェーンが途切れています（%{checked} 件を検証）。改ざんまたは削除の可能性があります。',
      failed: 'チェーンを検証できませんでした',
      timeline: {
        count: '全 %{smart_count} 件',
        explore: 'アクセス履歴の一覧で絞り込む',
        none: 'この顧客の個人情報へのアクセス記録はまだありません',
        more: 'さらに表示',
        unavailable: 'アクセス履歴を表示できません',
      },
      idsOnly: '監査の根拠となった %{smart_count} 件の記録だけを表示しています',
      showAll: 'すべて表示',
    },
    order: {
      shipTo: 'お届け先', notShipped: 'まだ出荷されていません', notDelivered: 'まだ配達されていません', noPaymentDue: '支払期限はありません',
      noCarrier: '配送業者は決まっていません',
    },
    recording: { present: '録音あり（%{duration}）', seconds: '%{smart_count}秒' },
    policyVersions: { menu: 'ポリシー版' },
    policy: {
      menu: '表示ポリシー',
      title: '役割 × 利用目的 × 項目の表示ポリシー',
      version: 'ポリシー第%{number}版(%{label})',
      not_loaded: '施行中のポリシーを読み込めませんでした。再読み込みしてください。',
      intro: '各セルは、その役割がその利用目的で各項目をどう見るかを示します。サーバーが同じ定義から判断します。',
      role: '役割',
      purpose: '利用目的',
      no_purpose: '宣言できる利用目的なし（個人情報はすべて非表示）',
    },
    enums: {
      ...privacyOfficeJa.enums,
      ...assignmentsJa.enums,
      customerSource: {
        PHONE: '電話', LETTER: '手紙', FAX: 'FAX', EMAIL: 'メール', WEB: 'ウェブ', IN_PERSON: '対面', REFERRAL: '会員の紹介',
      },
      customerStatus: { ACTIVE: '有効', USE_STOPPED: '利用停止', ERASED: '消去済み' },
      gender: { FEMALE: '女性', MALE: '男性', OTHER: 'その他', UNDISCLOSED: '回答しない' },
      orderStatus: { PLACED: '受注', SHIPPED: '出荷済み', DELIVERED: '配達済み', CANCELLED: 'キャンセル', RETURNED: '返品' },
      paymentStatus: { PAID: '支払済み', UNPAID: '未払い', OVERDUE: '延滞' },
      channel: { PHONE: '電話', LETTER: '手紙', FAX: 'FAX', EMAIL: 'メール', WEB: 'ウェブ', IN_PERSON: '対面' },
      direction: { INBOUND: '受信', OUTBOUND: '発信' },
      interactionKind: {
        INQUIRY: 'お問合せ', ORDER: '注文', COMPLAINT: '苦情', PRIVACY_REQUEST: '個人情報に関する請求', OTHER: 'その他',
      },
      consentPurpose: {
        ...consentPurposeLabels('ja'),
        THIRD_PARTY_PROVISION: '第三者への提供',
        SENSITIVE_INFORMATION: '要配慮個人情報の取得',
        FOREIGN_PROVISION: '外国にある第三者への提供',
        COOKIES: 'クッキーの利用',
      },
      changeAction: { CREATE: '作成', UPDATE: '更新', DELETE: '削除' },
      securityEvent: {
        LOGIN_OK: 'ログイン', LOGIN_FAILED: 'ログイン失敗', LOCKOUT: 'アカウントロック', LOGOUT: 'ログアウト',
        API_KEY_CREATED: 'APIキー発行', API_KEY_REVOKED: 'APIキー失効', PURPOSE_REFUSED: '利用目的の拒否',
        FORBIDDEN: '権限のない操作', UNAUTHENTICATED: '未認証のアクセス',
        LOGIN_PENDING: 'パスワード確認済み(二要素待ち)', LOGIN_THROTTLED: 'ログイン失敗による待機', LOGIN_UNLOCKED: 'アカウントロック解除',
        MFA_ENROLLED: '二要素認証の登録', MFA_RESET: '二要素認証のリセット', RECOVERY_CODE_USED: '回復コードの使用',
        TRUSTED_DOCUMENT_REGISTERED: '許可済み操作の登録', TRUSTED_DOCUMENT_APPROVED: '許可済み操作の承認',
        TRUSTED_DOCUMENT_REVOKED: '許可済み操作の取消', UNTRUSTED_DOCUMENT: '未登録の操作(APIキー)',
        STAFF_BOOTSTRAPPED: '最初のアカウント作成', PASSWORD_SETUP_ISSUED: 'パスワード設定リンク発行',
        PASSWORD_SET: 'パスワード設定', PASSWORD_SETUP_REFUSED: 'パスワード設定リンクの拒否',
      },
      contractorService: {
        DELIVERY: '配送', DIRECT_MAIL: 'DM発送', EMAIL_DELIVERY: 'メール配信', CARD_PROCESSING: 'カード決済処理',
        PHONE_FOLLOW_UP: '電話フォロー', COLLECTION: '債権回収',
      },
    },
  },
};

export type MamoriMessages = typeof ja;
