/**
 * Finding e-mail addresses, card-like digit runs and phone numbers in free text, in time linear in its
 * length. Regular expressions did this before and backtracked: `+` and 34 digits, repeated over 100k
 * characters, took 8 s (docs/hardening.md). Here each pass reads the text once, cuts it into digit
 * groups (maximal runs of digits) and the short joiners between them, and decides on whole groups with
 * a bounded look at the groups that follow: no step ever goes back further than a few groups.
 *
 * Digits, hyphens and spaces as people type them in Japanese text count: full-width digits, ー used as a
 * hyphen, U+2212 minus, the ideographic space.
 */

const enum C { OTHER, DIGIT, HYPHEN, SPACE, OPEN, CLOSE, PLUS }

/** The class of every UTF-16 code unit, looked up (the scan's inner loop). */
const CLASS = new Uint8Array(0x10000);
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = C.DIGIT;
for (let c = 0xff10; c <= 0xff19; c++) CLASS[c] = C.DIGIT;
for (const c of '-‐‑‒–—―−－ーｰ.．') CLASS[c.charCodeAt(0)] = C.HYPHEN;
for (const c of ' \u3000') CLASS[c.charCodeAt(0)] = C.SPACE;
for (const c of '(（') CLASS[c.charCodeAt(0)] = C.OPEN;
for (const c of ')）') CLASS[c.charCodeAt(0)] = C.CLOSE;
for (const c of '+＋') CLASS[c.charCodeAt(0)] = C.PLUS;

/** The class of the code unit at `i` (OTHER outside the text). */
function classAt(text: string, i: number): C {
  return i >= 0 && i < text.length ? CLASS[text.charCodeAt(i)] : C.OTHER;
}

const isZero = (c: number) => c === 0x30 || c === 0xff10;
const LETTER = '?DHSOCP';

/** Shapes of four characters or more are no joiner. */
const MAX_SHAPE = 8 ** 4;

const J_SEP = 1; // a space, or a hyphen with an optional space either side
const J_OPEN = 2; // "(" alone: 03(1234)5678
const J_CLOSE = 4; // ")" and an optional space: 03(1234)5678
const J_PAREN_AREA = 8; // an optional space, ")", an optional space: (03) 1234-5678
const J_INTL = 16; // ")"? then a separator or an optional space and "(": +1 (555) 123-4567
const J_CLOSES = 32; // starts with ")"

/** The digit groups of a text: start and end (exclusive) of each maximal run of digits, and what joins each to the next. */
class Groups {
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** J_* bits of the text between group g and g + 1 (0: they are not joined). */
  readonly joins: Uint8Array;
  readonly count: number;

  constructor(readonly text: string) {
    const most = (text.length >> 1) + 1; // groups are separated by at least one character
    const start = (this.start = new Int32Array(most));
    const end = (this.end = new Int32Array(most));
    const joins = (this.joins = new Uint8Array(most));
    let count = 0;
    let open = -1;
    let shape = 1; // the classes of the characters since the last digit, base 8 after a leading 1 (0: too long to join)
    for (let i = 0, n = text.length; i < n; i++) {
      const cls = CLASS[text.charCodeAt(i)];
      if (cls === C.DIGIT) {
        if (open >= 0) continue;
        if (count) joins[count - 1] = shape ? joinerKinds(shape) : 0;
        open = i;
        continue;
      }
      if (open >= 0) { start[count] = open; end[count++] = i; open = -1; shape = 1; }
      shape = shape && shape < MAX_SHAPE ? shape * 8 + cls : 0;
    }
    if (open >= 0) { start[count] = open; end[count++] = text.length; }
    this.count = count;
  }

  len(g: number): number { return this.end[g] - this.start[g]; }
  zero(g: number): boolean { return isZero(this.text.charCodeAt(this.start[g])); }
}

/** The groups of the text the last pass looked at: a pass that replaced nothing leaves the text, and its groups, as they were. */
let lastGroups: Groups | null = null;
function groupsOf(text: string): Groups {
  if (lastGroups?.text !== text) lastGroups = new Groups(text);
  return lastGroups;
}

/** The kinds of joiner a shape (up to four character classes, see Groups) is; each shape is worked out once. */
function joinerKinds(shape: number): number {
  let kinds = KINDS_OF_SHAPE[shape];
  if (kinds === 255) {
    let letters = '';
    for (let x = shape; x > 1; x = Math.floor(x / 8)) letters = LETTER[x % 8] + letters;
    kinds = (SEP_SHAPE.test(letters) ? J_SEP : 0) | (letters === 'O' ? J_OPEN : 0) | (CLOSE_SHAPE.test(letters) ? J_CLOSE : 0)
      | (PAREN_AREA_SHAPE.test(letters) ? J_PAREN_AREA : 0) | (INTL_SHAPE.test(letters) ? J_INTL : 0) | (letters[0] === 'C' ? J_CLOSES : 0);
    KINDS_OF_SHAPE[shape] = kinds;
  }
  return kinds;
}

const SEP_SHAPE = /^(?:S?HS?|S)$/;
const CLOSE_SHAPE = /^CS?$/;
const PAREN_AREA_SHAPE = /^S?CS?$/;
const INTL_SHAPE = /^C?(?:S?HS?|S|S?O)?$/;
const KINDS_OF_SHAPE = new Uint8Array(8 ** 5).fill(255);

/** A span to replace: from `start` to `end` (exclusive), ending with group `last`. */
type Span = [start: number, end: number, last: number];
type Finder = (gs: Groups, g: number, from: number) => Span | null;

/**
 * Replaces the spans `find` reports, left to right; `find(gs, g, from)` looks at group g (and a few after
 * it) and answers the span it starts, or null; `from` is where the text not yet replaced begins.
 * (The finders are plain functions: tsx names every closure when it is made, which cost more than the work.)
 */
function replaceSpans(text: string, placeholder: string, find: Finder): string {
  const groups = groupsOf(text);
  let out = '';
  let copied = 0;
  for (let g = 0; g < groups.count;) {
    const found = find(groups, g, copied);
    if (!found) { g++; continue; }
    out += text.slice(copied, found[0]) + placeholder;
    copied = found[1];
    g = found[2] + 1;
  }
  return copied ? out + text.slice(copied) : text;
}

const joinedBy = (gs: Groups, g: number, kinds: number) => (gs.joins[g] & kinds) !== 0;

/** Groups g… have the lengths `lens` (each one of its list) and are joined by separators. */
function shaped(gs: Groups, g: number, lens: readonly (readonly number[])[]): boolean {
  if (g + lens.length > gs.count) return false;
  for (let k = 0; k < lens.length; k++) {
    if (!lens[k].includes(gs.len(g + k))) return false;
    if (k < lens.length - 1 && !joinedBy(gs, g + k, J_SEP)) return false;
  }
  return true;
}

const CARD_4444 = [[4], [4], [4], [4]] as const;
const CARD_465 = [[4], [6], [4, 5]] as const;

function cardAt(gs: Groups, g: number): Span | null {
  if (shaped(gs, g, CARD_4444)) return [gs.start[g], gs.end[g + 3], g + 3];
  if (shaped(gs, g, CARD_465)) return [gs.start[g], gs.end[g + 2], g + 2];
  if (g > 0 && joinedBy(gs, g - 1, J_SEP)) return null; // not the start of its run
  let last = g;
  let digits = gs.len(g);
  while (digits <= 19 && last + 1 < gs.count && joinedBy(gs, last, J_SEP)) digits += gs.len(++last);
  return digits >= 13 && digits <= 19 ? [gs.start[g], gs.end[last], last] : null;
}

/**
 * Card numbers: the usual groupings (4-4-4-4, Amex/Diners 4-6-5 and 4-6-4) wherever they stand, else a
 * whole run of 13–19 digits joined by single separators (a list of phone numbers is not a card).
 */
export function redactCards(text: string, placeholder: string): string {
  return hasDigits(text) ? replaceSpans(text, placeholder, cardAt) : text;
}

/** Pieces of up to 5 digits a group of `len` digits is cut into. */
const piecesOf = (len: number) => Math.ceil(len / 5);

function internationalAt(gs: Groups, g: number, from: number): Span | null {
  const text = gs.text;
  const s = gs.start[g];
  const plus = classAt(text, s - 1) === C.PLUS ? s - 1
    : classAt(text, s - 1) === C.SPACE && classAt(text, s - 2) === C.PLUS ? s - 2 : -1;
  if (plus < 0 || plus < from) return null;
  // The country code takes up to 3 digits of the first group; every other digit is in pieces of up to 5
  // digits, at most 6 pieces in all: as many groups as fit. A ")" closes a piece, never the country code.
  const first = gs.len(g);
  let pieces = first > 3 ? piecesOf(first - 3) : joinedBy(gs, g, J_CLOSES) ? (first > 1 ? 1 : 7) : 0;
  if (pieces > 6) return null;
  let last = g;
  let digits = gs.len(g);
  while (last + 1 < gs.count && joinedBy(gs, last, J_INTL) && pieces + piecesOf(gs.len(last + 1)) <= 6) {
    pieces += piecesOf(gs.len(++last));
    digits += gs.len(last);
  }
  if (digits < 8) return null;
  let end = gs.end[last];
  // A closing parenthesis right after the last group belongs to it, unless a digit follows it.
  if (classAt(text, end) === C.CLOSE && classAt(text, end + 1) !== C.DIGIT) end += 1;
  return [plus, end, last];
}

/** International numbers: + and a country code, then groups (a "(0)" or "(area)" among them) of 8 digits or more. */
export function redactInternationalPhones(text: string, placeholder: string): string {
  return hasDigits(text) && /[+＋]/.test(text) ? replaceSpans(text, placeholder, internationalAt) : text;
}

const domesticDigits = (digits: number) => digits === 10 || digits === 11;

/** The local and subscriber groups from group k on: the last group and the digits, or null. */
function localGroups(gs: Groups, k: number): [last: number, digits: number] | null {
  if (k >= gs.count) return null;
  const len = gs.len(k);
  if (len >= 1 && len <= 4 && k + 1 < gs.count && joinedBy(gs, k, J_SEP | J_CLOSE) && gs.len(k + 1) >= 3 && gs.len(k + 1) <= 4) {
    return [k + 1, len + gs.len(k + 1)];
  }
  return len >= 5 && len <= 8 ? [k, len] : null;
}

function domesticAt(gs: Groups, g: number, from: number): Span | null {
  if (!gs.zero(g)) return null; // every domestic number starts with 0
  const text = gs.text;
  const s = gs.start[g];
  const len = gs.len(g);
  const area = len >= 2 && len <= 5;
  // "(" and an optional space before the area code, not right after a digit: (03) 1234-5678.
  const open = classAt(text, s - 1) === C.OPEN ? s - 1
    : classAt(text, s - 1) === C.SPACE && classAt(text, s - 2) === C.OPEN ? s - 2 : -1;
  if (area && open >= 0 && open >= from && classAt(text, open - 1) !== C.DIGIT && joinedBy(gs, g, J_PAREN_AREA)) {
    const rest = localGroups(gs, g + 1);
    if (rest && domesticDigits(len + rest[1])) return [open, gs.end[rest[0]], rest[0]];
  }
  if (area && joinedBy(gs, g, J_SEP | J_OPEN)) {
    const rest = localGroups(gs, g + 1);
    return rest && domesticDigits(len + rest[1]) ? [s, gs.end[rest[0]], rest[0]] : null;
  }
  return domesticDigits(len) ? [s, gs.end[g], g] : null;
}

/**
 * Domestic numbers of 10 or 11 digits: an area code starting with 0 (optionally in parentheses), then the
 * local and subscriber groups (03-1234-5678, 03(1234)5678, (03) 1234-5678, 0120-123456), or 0 and 9–10 digits.
 */
export function redactDomesticPhones(text: string, placeholder: string): string {
  return hasDigits(text) ? replaceSpans(text, placeholder, domesticAt) : text;
}

function hasDigits(text: string): boolean {
  return /[0-9０-９]/.test(text);
}

// E-mail addresses: a local part (the whole run of its characters before @) and a domain whose last label
// has two letters or more. Half- and full-width alike.
const isLocal = (c: number) => isAlnum(c) || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d;
const isLabel = (c: number) => isAlnum(c) || c === 0x2d;
const isDot = (c: number) => c === 0x2e || c === 0xff0e;
const isAt = (c: number) => c === 0x40 || c === 0xff20;
function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);
}
function isAlnum(c: number): boolean {
  return isAlpha(c) || (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
}

const AT = /[@＠]/g;

export function redactEmails(text: string, placeholder: string): string {
  let out = '';
  let copied = 0;
  let scanned = 0; // characters before this were looked at already, going back from an earlier @
  AT.lastIndex = 0;
  for (let m = AT.exec(text); m; m = AT.exec(text)) {
    const at = m.index;
    // The local part is the whole run of its characters before @ (never the end of a longer run).
    let local = at;
    while (local > scanned && isLocal(text.charCodeAt(local - 1))) local--;
    scanned = at + 1;
    if (local === at || local < copied || (local > 0 && isLocal(text.charCodeAt(local - 1)))) continue;
    const end = domainEnd(text, at + 1);
    if (end < 0) continue;
    out += text.slice(copied, local) + placeholder;
    copied = scanned = AT.lastIndex = end;
  }
  return copied ? out + text.slice(copied) : text;
}

/** The end of the longest domain at `from` (labels joined by single dots, the last of two letters or more), or -1. */
function domainEnd(text: string, from: number): number {
  let best = -1;
  let label = 0;
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (isLabel(c)) { label++; continue; }
    if (!isDot(c) || label === 0) break;
    let a = j + 1;
    while (a < text.length && isAlpha(text.charCodeAt(a))) a++;
    if (a - j - 1 >= 2) best = a;
    label = 0;
  }
  return best;
}
