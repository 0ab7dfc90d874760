// The regular expressions free-text masking used before free-text.ts (they backtrack: a `+` and 34 digits,
// repeated, took seconds). Kept as the reference the linear scanner must agree with, on short texts only.
const D = '[0-9０-９]';
const Z = '[0０]';
const H = '[-‐‑‒–—―−－ーｰ.．]';
const SP = '[ \\u3000]';
const SEP = `(?:${SP}?${H}${SP}?|${SP})`;
const EMAIL = /(?<![A-Za-z0-9Ａ-Ｚａ-ｚ０-９._%+\-])[A-Za-z0-9Ａ-Ｚａ-ｚ０-９._%+\-]+[@＠][A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-]+(?:[.．][A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-]+)*[.．][A-Za-zＡ-Ｚａ-ｚ]{2,}/gu;
const CARD_RUN = new RegExp(
  `(?<!${D})(?:${D}{4}(?:${SEP}${D}{4}){3}|${D}{4}${SEP}${D}{6}${SEP}${D}{4,5})(?!${D})` +
    `|(?<!${D}${SEP}?)${D}(?:${SEP}?${D}){12,18}(?!${SEP}?${D})`,
  'gu',
);
const PHONE_JP = new RegExp(
  `(?<!${D})(?:[(（]${SP}?${Z}${D}{1,4}${SP}?[)）]${SP}?|${Z}${D}{1,4}(?:${SEP}|[(（]))` +
    `(?:${D}{1,4}(?:${SEP}|[)）]${SP}?)${D}{3,4}|${D}{5,8})(?!${D})` +
    `|(?<!${D})${Z}${D}{9,10}(?!${D})`,
  'gu',
);
const PHONE_INTL = new RegExp(`[+＋]${SP}?${D}{1,3}(?:(?:${SEP}|${SP}?[(（])?${D}{1,5}[)）]?){1,6}(?!${D})`, 'gu');

const digitCount = (s: string) => s.replace(/[^0-9０-９]/g, '').length;

function replaceValid(text: string, re: RegExp, valid: (digits: number) => boolean, placeholder: string): string {
  let out = '';
  let from = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!valid(digitCount(m[0]))) re.lastIndex = m.index + 1;
    else [out, from] = [out + text.slice(from, m.index) + placeholder, re.lastIndex];
  }
  return out + text.slice(from);
}

/** E-mails, cards, then international and domestic phone numbers, as redactFreeText did them before (no names). */
export function referenceRedaction(text: string): string {
  let out = text.replace(EMAIL, '［メール］').replace(CARD_RUN, '［カード番号］');
  out = replaceValid(out, PHONE_INTL, (n) => n >= 8, '［電話番号］');
  return replaceValid(out, PHONE_JP, (n) => n === 10 || n === 11, '［電話番号］');
}
