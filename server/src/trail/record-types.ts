// How the checkpointer's connection reads trail_record's arrays (customer_ids int[], clear_fields and
// masked_fields text[]). pg's generic array parser walks the text a character at a time, ~1 µs an element:
// decoding a 20-customer record's row took ~40 µs, more than hashing its 20 leaves. The usual forms are parsed
// here with one native call; anything else goes to pg's own parser, so every value reads as pg reads it.
import pg from 'pg';

type TypeId = Parameters<typeof pg.types.getTypeParser>[0];
/** The oids of int4[] and text[] (pg-types names no array type). */
const INT4_ARRAY = 1007 as TypeId;
const TEXT_ARRAY = 1009 as TypeId;
const pgIntArray = pg.types.getTypeParser(INT4_ARRAY, 'text');
const pgTextArray = pg.types.getTypeParser(TEXT_ARRAY, 'text');

/** `{1,-2,3}`: whole numbers and commas, one dimension, no NULL. */
const PLAIN_INTS = /^\{(?:-?\d+(?:,-?\d+)*)?\}$/;
/** An element PostgreSQL left unquoted that is NULL, not the text "NULL" (which it would quote). */
const NULL_ELEMENT = /(?:^\{|,)NULL(?:,|\}$)/i;

export function parseIntArray(text: string): number[] {
  return PLAIN_INTS.test(text) ? JSON.parse(`[${text.slice(1, -1)}]`) : pgIntArray(text);
}

/**
 * Without a double quote, PostgreSQL wrote no element holding a comma, brace, quote, backslash or white
 * space (it quotes those): splitting on commas is then exact.
 */
export function parseTextArray(text: string): (string | null)[] {
  if (text === '{}') return [];
  if (text[0] !== '{' || text.includes('"') || text.includes('\\') || text.indexOf('{', 1) !== -1 || NULL_ELEMENT.test(text)) return pgTextArray(text);
  return text.slice(1, -1).split(',');
}

/** pg's `types` option for a query or client: these two parsers, pg's own for every other type. */
export const TRAIL_RECORD_TYPES: pg.CustomTypesConfig = {
  getTypeParser(oid, format) {
    if (format !== 'binary' && oid === INT4_ARRAY) return parseIntArray;
    if (format !== 'binary' && oid === TEXT_ARRAY) return parseTextArray;
    return pg.types.getTypeParser(oid, format);
  },
};
