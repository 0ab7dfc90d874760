import type { Rng } from './random';

/** What a template may mention: like real notes, transcripts repeat phone numbers and e-mail addresses. */
export interface TemplateFacts {
  family: string;
  name: string;
  phone: string;
  email: string;
  /** Other numbers the customer may give: a family member's mobile, the workplace. */
  otherMobile: string;
  workPhone: string;
  orderNumber: string | null;
  orderStatus: string | null;
  gift: boolean;
  product: string | null;
  totalYen: number | null;
  last4: string | null;
}

export interface Topic {
  summary: (f: TemplateFacts) => string;
  /** What the customer says or writes. */
  ask: (f: TemplateFacts) => string;
  /** What the store answers or did. */
  reply: (f: TemplateFacts) => string;
  /** Only where it makes sense (a cancellation of a cancelled order, a card read out on the phone…). */
  when?: (f: TemplateFacts, channel: string) => boolean;
  /** PRIVACY_REQUEST topics: the request of 【11】 it is recorded as (none: handled as a consent withdrawal). */
  request?: 'DISCLOSURE' | 'CORRECTION' | 'STOP_USE' | 'STOP_PROVISION' | 'DELETION';
  /** COMPLAINT topics about the handling of personal data (【14】): the privacy manager owns them. */
  aboutPrivacy?: boolean;
  /** How often, relative to the others of its kind (default 1). */
  weight?: number;
}

const order = (f: TemplateFacts) => (f.orderNumber ? `ご注文番号 ${f.orderNumber} の` : '先日の注文の');
const item = (f: TemplateFacts) => f.product ?? '商品';

const STOP_PROVISION: Topic = {
  summary: () => '第三者提供の停止依頼', ask: () => '私の情報をほかの会社に渡さないでください。',
  reply: () => '第三者提供の停止として受付。委託先への預託とは別であることもご説明。', request: 'STOP_PROVISION',
};

export const TOPICS: Record<'INQUIRY' | 'ORDER' | 'COMPLAINT' | 'PRIVACY_REQUEST' | 'OTHER' | 'STOP_USE' | 'STOP_PROVISION', Topic[]> = {
  INQUIRY: [
    { summary: (f) => `${item(f)}の原材料・アレルゲンの問い合わせ`, ask: (f) => `${item(f)}に卵や乳は使われていますか。子どもにアレルギーがあるので確認したいです。`, reply: () => '原材料表示をご案内し、製造ラインの情報を後ほどメールでお送りすると回答。' },
    { summary: () => '離乳食の月齢の目安について', ask: () => '生後6ヶ月の子に使えるベビーフードはどれですか。', reply: () => '5ヶ月頃からの野菜ペーストと、7ヶ月頃からのセットをご案内。' },
    { summary: (f) => `${order(f)}配送日時の確認`, ask: (f) => `${order(f)}商品はいつ届きますか。土曜の午前中に受け取りたいです。`, reply: () => '配送状況を確認し、土曜午前の指定に変更済みとご案内。' },
    { summary: () => '定期便の内容変更の相談', ask: () => '定期便のお米を2kgから5kgに変えたいのですが。', reply: () => '次回発送分から変更する手続きをご案内。' },
    { summary: () => '支払方法(後払い)についての質問', ask: () => '後払いの請求書はいつ届きますか。コンビニで払えますか。', reply: () => '商品に同封、発送から14日以内にコンビニ・郵便局で支払可能とご案内。' },
  ],
  ORDER: [
    { summary: (f) => `注文受付(${item(f)}ほか)`, ask: (f) => `${item(f)}をもう一度注文したいです。前回と同じ住所でお願いします。`, reply: (f) => `ご注文を承り、合計${f.totalYen ?? 0}円とご案内。お届け先はご登録住所。` },
    { summary: () => 'ギフト注文(お届け先が別)', ask: () => '出産祝いを娘の家に送りたいです。のし紙もお願いできますか。', reply: () => 'ギフト包装・のし対応でお届け先を別に登録して受付。', when: (f) => f.gift },
    { summary: (f) => `${order(f)}数量変更`, ask: (f) => `${order(f)}おむつを2パックに増やせますか。`, reply: () => '出荷前のため数量変更に対応。', when: (f) => f.orderStatus !== 'CANCELLED' },
    { summary: (f) => `${order(f)}キャンセル依頼`, ask: () => '間違えて注文したのでキャンセルしたいです。', reply: () => '出荷前のためキャンセル処理を実施。', when: (f) => f.orderStatus === 'CANCELLED' },
  ],
  COMPLAINT: [
    { summary: (f) => `${order(f)}商品破損の苦情`, ask: (f) => `届いた${item(f)}の箱がつぶれていて、中身が漏れていました。`, reply: () => 'お詫びのうえ、代替品を無償で再送する手配。配送業者へ事故報告。', when: (f) => f.orderStatus === 'DELIVERED' || f.orderStatus === 'RETURNED' },
    { summary: () => '配達員の対応に関する苦情', ask: () => '配達の方が不在票も入れずに持ち帰ってしまいました。', reply: () => 'お詫びし、委託先の配送業者に事実確認と再発防止を依頼。' },
    { summary: () => '請求金額の誤りの申し出', ask: (f) => `請求書の金額が注文と違います。${f.totalYen ?? 0}円のはずです。`, reply: () => '確認のうえ誤請求を訂正、請求書を再発行。' },
    { summary: () => '賞味期限が近い商品が届いた件', ask: (f) => `${item(f)}の賞味期限があと5日しかありませんでした。`, reply: () => 'お詫びし交換品を発送。物流センターに先入れ先出しの徹底を指示。', when: (f) => f.orderStatus === 'DELIVERED' || f.orderStatus === 'RETURNED' },
    { summary: () => 'カード番号を読み上げようとした件', ask: (f) => `カードの番号を全部言えばいいですか。下4桁は${f.last4}です。`, reply: () => 'カード番号の全桁はお伺いしない旨をご説明し、下4桁のみで照合。',
      when: (f, channel) => f.last4 !== null && (channel === 'PHONE' || channel === 'IN_PERSON') },
    { summary: () => 'DM停止を依頼したのにカタログが届いた件', ask: () => '先月DMを止めてと言ったのに、またカタログが届きました。', reply: () => 'お詫びし、同意撤回の反映漏れを調査。発送代行への停止リスト連携を確認。', aboutPrivacy: true, weight: 0.3 },
    { summary: () => '家族に購入内容を伝えられた件', ask: () => '家族から電話があったとき、私の注文内容を話したそうですね。', reply: () => 'お詫びし、ご家族からの問い合わせ時の本人確認手順を再徹底。', aboutPrivacy: true, weight: 0.2 },
  ],
  PRIVACY_REQUEST: [
    { summary: () => '保有個人データの開示請求', ask: () => 'そちらで登録している私の個人情報を全部見せてください。', reply: () => '開示請求として受付。本人確認書類の送付方法と回答期限をご案内。', request: 'DISCLOSURE' },
    { summary: () => 'ダイレクトメール停止の依頼', ask: () => 'カタログやDMをもう送らないでください。', reply: () => '販促DMへの同意の撤回として処理、発送リストから除外。' },
    { summary: () => '登録情報の訂正依頼(住所変更)', ask: () => '引っ越したので住所を直してください。', reply: () => '訂正請求として受付、新住所を確認。', request: 'CORRECTION' },
    { summary: () => '個人情報の削除依頼', ask: () => '退会したいので、私の情報を消してください。', reply: () => '削除請求として受付。取引記録は法定保存期間中は保持する旨をご説明。', request: 'DELETION' },
    STOP_PROVISION,
  ],
  OTHER: [
    { summary: () => 'カタログ送付の希望', ask: () => '新しいカタログを送ってもらえますか。', reply: () => '最新カタログを発送手配。' },
    { summary: () => 'ご意見(商品への感想)', ask: (f) => `${item(f)}がとても美味しかったです。また買います。`, reply: () => 'お礼を申し上げ、商品担当へ共有。' },
    { summary: () => 'キャンペーンについての質問', ask: () => '送料無料キャンペーンはいつまでですか。', reply: () => '今月末までとご案内。' },
  ],
  STOP_USE: [
    { summary: () => '利用停止の請求(販促・紹介者対応を含む)', ask: () => 'もう連絡しないでほしいです。家族から問い合わせがあっても答えないでください。', reply: () => '利用停止請求として受付、個人情報保護管理者が対応済み。', request: 'STOP_USE' },
  ],
  STOP_PROVISION: [STOP_PROVISION],
};

const OTHER_NUMBER_LINES = [
  (f: TemplateFacts) => `日中は勤務先の ${f.workPhone} にお願いします。`,
  (f: TemplateFacts) => `つながらない時は家族の携帯 ${f.otherMobile} へ。`,
  (f: TemplateFacts) => `折り返しは ${f.otherMobile} のほうが確実です。`,
];

/** A topic of the kind that fits these facts and channel. */
export function pickTopic(rng: Rng, topics: readonly Topic[], f: TemplateFacts, channel: string): Topic {
  const fitting = topics.filter((t) => !t.when || t.when(f, channel));
  const from = fitting.length ? fitting : topics;
  let r = rng.next() * from.reduce((sum, t) => sum + (t.weight ?? 1), 0);
  for (const t of from) if ((r -= t.weight ?? 1) < 0) return t;
  return from[from.length - 1];
}

/** The transcript in the form the channel produces: a call log, an e-mail, a web form, a letter, a fax or a memo. */
export function transcript(rng: Rng, channel: string, direction: string, t: Topic, f: TemplateFacts): string {
  const other = rng.chance(0.25) ? rng.pick(OTHER_NUMBER_LINES)(f) : '';
  switch (channel) {
    case 'PHONE':
      return direction === 'OUTBOUND'
        ? `オペレーター:${f.family}様のお電話でしょうか。ママの素オンラインストアでございます。\nお客様:はい、${f.family}です。\nオペレーター:${t.reply(f)}\nお客様:わかりました。${other}\nオペレーター:念のためメールアドレス ${f.email} にもご案内をお送りします。`
        : `オペレーター:お電話ありがとうございます。ママの素オンラインストアでございます。\nお客様:${f.family}と申します。${t.ask(f)}\nオペレーター:ご本人確認のため、ご登録のお電話番号をお願いいたします。\nお客様:${f.phone} です。\nオペレーター:確認できました。${t.reply(f)}\nお客様:お願いします。${other}`;
    case 'EMAIL':
      return direction === 'OUTBOUND'
        ? `宛先:${f.email}\n${f.name} 様\nいつもご利用ありがとうございます。${t.reply(f)}\nご不明な点はお電話でも承ります。`
        : `差出人:${f.email}\n件名:${t.summary(f)}\n${t.ask(f)}\n${other}\n${f.name}(電話 ${f.phone})`;
    case 'WEB':
      return `【お問い合わせフォーム】\nお名前:${f.name}\nメール:${f.email}\n電話番号:${f.phone}\n内容:${t.ask(f)}${other}`;
    case 'LETTER':
      return `(お手紙の要旨)${t.ask(f)}連絡先として電話 ${f.phone} の記載あり。\n対応:${t.reply(f)}`;
    case 'FAX':
      return `FAX受信:${t.ask(f)}${other}\n返信先:FAXまたは電話 ${f.phone}、メール ${f.email}\n対応:${t.reply(f)}`;
    default:
      return `来店応対メモ:${t.ask(f)}\n対応:${t.reply(f)}連絡先 ${f.phone} を確認。${other}`;
  }
}
