import { LruCache } from './lru';

/**
 * A statement's text assembled from its parts (a tag: sqlText`select ${columns} from …`), as the same string
 * object whenever the same parts come again. The read pool keys its prepared statements by text
 * (db/read-pool.ts): a string keeps its hash once computed and compares equal to itself at once, so a text
 * built afresh for each request was hashed and compared character by character each time, and a page's text
 * is long (its select list, joins and the session check). Here only the parts are looked up: those that are
 * themselves built once (a bound plan's select list, a constant) cost a lookup each, a short one built per
 * request (a table, a row scope, a limit) its few characters.
 *
 * Each part has a number, never given to another part, and a text is keyed by its tag and its parts' numbers:
 * a part or text forgotten (both caches are bounded) is numbered or built again, and the key of one text never
 * names another's parts.
 */
export function sqlText(strings: TemplateStringsArray, ...parts: readonly (string | number)[]): string {
  let key = tagNumber(strings);
  for (const part of parts) key += typeof part === 'number' ? `,#${part}` : `,${partNumber(part)}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = strings[0];
    for (let i = 0; i < parts.length; i++) text += `${parts[i]}${strings[i + 1]}`;
    texts.set(key, text);
  }
  return text;
}

/**
 * The statement's parts by number: code and bound plans make them (bounded in number by both), a request
 * only chooses among them; the 5,000 used last, 4M characters at most.
 */
const parts = new LruCache<string, string>('sql_text_parts', { max: 5_000, weigh: (_, part) => part.length, maxWeight: 4_000_000 });
/** Texts by their parts' numbers: the 2,000 used last, 8M characters at most. */
const texts = new LruCache<string, string>('sql_texts', { max: 2_000, weigh: (text, key) => text.length + key.length, maxWeight: 8_000_000 });
/** A tag's strings are one object per place in the code (the language keeps it): numbered once, forgotten with the code. */
const tags = new WeakMap<TemplateStringsArray, string>();
let numbered = 0;

function partNumber(part: string): string {
  let n = parts.get(part);
  if (n === undefined) parts.set(part, (n = String(++numbered)));
  return n;
}

function tagNumber(strings: TemplateStringsArray): string {
  let n = tags.get(strings);
  if (n === undefined) tags.set(strings, (n = `t${++numbered}`));
  return n;
}
