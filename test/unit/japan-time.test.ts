// Japan time is written once: in SQL by server/src/common/jst-sql.ts, in TypeScript by
// server/src/common/japan-dates.ts. A query that spells the zone itself can get the precedence of `::date` wrong
// or forget the zone on one side of a comparison, and nobody re-reads thirty copies. This test fails on any
// 'Asia/Tokyo' literal in the server's source outside those two files. Migrations are exempt: their SQL is
// history, fixed as it ran, and must not change when a helper does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { JST_TODAY, jstDate, jstDateText, jstLocal } from '../../server/src/common/jst-sql';

const ROOT = path.resolve(__dirname, '../..');
const HELPERS = ['server/src/common/jst-sql.ts', 'server/src/common/japan-dates.ts'];
const SPELLED_ZONE = /['"`]Asia\/Tokyo['"`]/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (rel === 'server/src/migrations') return [];
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(name) ? [rel] : [];
  });
}

test('no source outside the two helpers names the Japanese time zone', () => {
  const files = sourceFiles('server/src');
  for (const helper of HELPERS) expect(files).toContain(helper);
  const offenders = files.filter((f) => !HELPERS.includes(f) && SPELLED_ZONE.test(readFileSync(path.join(ROOT, f), 'utf8')));
  expect(offenders).toEqual([]);
});

test('the helpers convert before they cast or format', () => {
  // `x at time zone 'Asia/Tokyo'::date` would cast the zone name, not the instant: the parentheses are the point.
  expect(jstLocal('t.at')).toBe(`(t.at at time zone 'Asia/Tokyo')`);
  expect(jstDate('t.at')).toBe(`(t.at at time zone 'Asia/Tokyo')::date`);
  expect(jstDateText('t.at')).toBe(`to_char((t.at at time zone 'Asia/Tokyo'), 'YYYY-MM-DD')`);
  expect(JST_TODAY).toBe(`(now() at time zone 'Asia/Tokyo')::date`);
});
