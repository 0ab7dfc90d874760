// What an unauthenticated caller can make the trail store (#20 item 5): the login e-mail typed, the X-Purpose
// header. Stored normalised and capped, so nobody fills the append-only trail with megabytes or control
// characters, and the same text is stored the same way however it was typed.

/** C0 and C1 control characters (tab, newline included), lone surrogates, and the BOM. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\ufeff]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** NFKC, unprintable characters dropped, at most `max` code points (then an ellipsis). */
export function boundedText(value: string, max: number): string {
  const clean = value.normalize('NFKC').replace(UNPRINTABLE, '').trim();
  const points = Array.from(clean);
  return points.length <= max ? clean : `${points.slice(0, max - 1).join('')}…`;
}

/** The longest e-mail address there is (RFC 5321 path limit): a login e-mail is stored at most this long, lower-cased. */
export const EMAIL_MAX = 254;
/** Purposes are short keys: a declared one that is not one of them is kept this long, for the record of the refusal. */
export const PURPOSE_MAX = 64;
/** Any other text of a security event's detail. */
export const DETAIL_TEXT_MAX = 500;

/** A security event's detail with every string bounded (e-mails lower-cased too); numbers and structure kept. */
export function boundedDetail(detail: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return key === 'email' ? boundedText(v, EMAIL_MAX).toLowerCase() : boundedText(v, DETAIL_TEXT_MAX);
    if (Array.isArray(v)) return v.slice(0, 100).map((x) => walk(x, key));
    if (v && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(detail, '') as Record<string, unknown>;
}
