// The checkpointer's array parsers read every array as pg's own parser does: the forms they parse themselves
// and every form they hand on (quoted elements, NULL, escapes, several dimensions, lower bounds).
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { parseIntArray, parseTextArray } from '../../server/src/trail/record-types';

type TypeId = Parameters<typeof pg.types.getTypeParser>[0];
const pgInts = pg.types.getTypeParser(1007 as TypeId, 'text');
const pgTexts = pg.types.getTypeParser(1009 as TypeId, 'text');

describe('trail_record arrays', () => {
  test.each(['{}', '{7}', '{1,2,3}', '{-5,0,2147483647}', '{NULL}', '{1,NULL,3}', '{{1,2},{3,4}}', '[0:1]={4,5}'])('int[] %s', (text) => {
    expect(parseIntArray(text)).toEqual(pgInts(text));
  });

  test.each([
    '{}', '{Customer.name}', '{Customer.name,Customer.email,contact.氏名}', '{a,b,c}', '{NULL}', '{a,NULL}', '{NULL,a}', '{a,null,b}',
    '{"NULL"}', '{""}', '{"a b",c}', '{"a,b"}', '{"a\\"b"}', '{"a\\\\b"}', '{"{x}"}', '{{a,b},{c,d}}', '[2:3]={a,b}', '{Nullable,xNULL}',
  ])('text[] %s', (text) => {
    expect(parseTextArray(text)).toEqual(pgTexts(text));
  });
});
