import { OPERATOR } from '../../../../schema/policy';
import { formatDateTime } from '../../fields/format';

/**
 * The letters the office sends about a request (【11】): 受付, 開示決定, 不開示の理由, 訂正完了, 削除完了. Made from
 * the request as shown on its page (number, kind, dates, the refusal reason): the letter reads nothing more, so
 * nobody's data is read for it; the addressee is written in by hand or by the mail merge that sends it.
 */
export type LetterKind = 'RECEIPT' | 'DISCLOSURE_DECISION' | 'NON_DISCLOSURE_REASON' | 'CORRECTION_DONE' | 'DELETION_DONE';

export interface RequestForLetter {
  id: string | number;
  kind: string;
  status: string;
  receivedAt?: string | null;
  dueAt?: string | null;
  completedAt?: string | null;
  refusalReason?: string | null;
}

export interface Letter { title: string; paragraphs: string[] }

const day = (v: unknown) => formatDateTime(v, false) || '（未定）';

/** Which letters fit the request now: its kind and how far it has come. */
export function lettersFor(r: RequestForLetter): LetterKind[] {
  const out: LetterKind[] = ['RECEIPT'];
  if (r.status === 'COMPLETED' && /DISCLOSURE/.test(r.kind)) out.push('DISCLOSURE_DECISION');
  if (r.status === 'REFUSED') out.push('NON_DISCLOSURE_REASON');
  if (r.status === 'COMPLETED' && r.kind === 'CORRECTION') out.push('CORRECTION_DONE');
  if (r.status === 'COMPLETED' && r.kind === 'DELETION') out.push('DELETION_DONE');
  return out;
}

export const LETTER_TITLES: Record<LetterKind, string> = {
  RECEIPT: '受付のお知らせ', DISCLOSURE_DECISION: '開示決定のお知らせ', NON_DISCLOSURE_REASON: '不開示の理由のお知らせ',
  CORRECTION_DONE: '訂正完了のお知らせ', DELETION_DONE: '削除完了のお知らせ',
};

/** The letter's text; `kindLabel` is the request kind in words (e.g. 保有個人データの開示). */
export function letterText(kind: LetterKind, r: RequestForLetter, kindLabel: string): Letter {
  const ref = `（受付番号 第 ${r.id} 号）`;
  const body: Record<LetterKind, string[]> = {
    RECEIPT: [
      `${day(r.receivedAt)}にいただいた「${kindLabel}」のご請求を受け付けました${ref}。`,
      `ご本人であることを確認のうえ対応し、${day(r.dueAt)}までに結果をお知らせします。`,
    ],
    DISCLOSURE_DECISION: [
      `${day(r.receivedAt)}にいただいた「${kindLabel}」のご請求${ref}について、開示することを決定しました。`,
      `開示する内容は、別途お知らせする方法でお受け取りください（${day(r.completedAt)}決定）。`,
    ],
    NON_DISCLOSURE_REASON: [
      `${day(r.receivedAt)}にいただいた「${kindLabel}」のご請求${ref}について、ご請求に応じないことを決定しました。`,
      `理由: ${r.refusalReason?.trim() || '（理由を記入してください）'}`,
      'この決定についてご不明な点は、下記の窓口までお問い合わせください。',
    ],
    CORRECTION_DONE: [
      `${day(r.receivedAt)}にいただいた訂正のご請求${ref}のとおり、${day(r.completedAt)}に訂正を完了しました。`,
    ],
    DELETION_DONE: [
      `${day(r.receivedAt)}にいただいた削除のご請求${ref}について、${day(r.completedAt)}に削除を完了しました。`,
      '法令により保存が義務づけられている記録は、その期間が過ぎるまで利用を停止したうえで保存し、期間の経過後に消去します。',
    ],
  };
  return { title: LETTER_TITLES[kind], paragraphs: ['ご請求者様', ...body[kind], `${OPERATOR.name.ja} ${OPERATOR.privacyManager.ja}`] };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The letter as a printable page (no script; opened by openHtmlReport). */
export function letterHtml(letter: Letter, today: string): string {
  const [to, ...rest] = letter.paragraphs;
  const from = rest.pop() ?? '';
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${escape(letter.title)}</title>
<style>body{font-family:serif;max-width:40em;margin:3em auto;line-height:1.9}h1{text-align:center;font-size:1.4em}.r{text-align:right}</style></head>
<body><p class="r">${escape(today)}</p><p>${escape(to)}</p><h1>${escape(letter.title)}</h1>
${rest.map((p) => `<p>${escape(p)}</p>`).join('\n')}<p class="r">${escape(from)}</p></body></html>`;
}
