// Anonymised statistics (purpose 10, "個人は識別できない形"): a small hand-made population, expectations
// computed by hand, and an attacker who tries to single out one customer and fails.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
const DAY = 86_400_000;
const TARGET_REVENUE = 7 * 14_109; // 98,763 yen: the one man in Tottori, whom nobody may single out
const CELL = 'prefecture ageBand gender product month customers orders revenue suppressed revenueWithheld';
const Q = `query($g: [StatisticsDimension!]!, $m: [StatisticsMetric!]!, $f: StatisticsFilter, $k: Int) {
  statistics(groupBy: $g, metrics: $m, filter: $f, minGroupSize: $k) { groupBy k suppressedCells cells { ${CELL} } total { ${CELL} } } }`;
const ALL = ['CUSTOMERS', 'ORDERS', 'REVENUE'];
let sku = '';

/**
 * Everyone is in their thirties and bought one item of the same product in February 2001:
 *   東京都 F 6 · M 5 (+ 2 F whose use is stopped, 1 M erased: never counted)
 *   大阪府 F 6 · M 6
 *   鳥取県 F 5 · M 1 (the target, who spent 98,763 yen; everyone else 1,000 yen)
 */
async function insertPopulation() {
  const { rows: [p] } = await s.sql.query(`select id, sku from product order by id limit 1`);
  sku = p.sku;
  const birth = new Date(Date.now() - (35 * 365 + 100) * DAY).toISOString().slice(0, 10);
  let n = 0;
  const person = async (prefecture: string, gender: string, status = 'ACTIVE', quantity = 1, price = 1000) => {
    n += 1;
    const { rows: [c] } = await s.sql.query(
      `insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line, phone, phone_digits, email, birth_date, gender, source, status)
       values ($1, $2, 'トウケイ タロウ', '100-0001', $3, '某市', '1-1', '090-0000-0000', '09000000000', $4, $5, $6, 'WEB', $7) returning id`,
      [`STAT${n}`, `統計 太郎${n}`, prefecture, `stat-${n}@example.invalid`, birth, gender, status]);
    const { rows: [o] } = await s.sql.query(
      `insert into "order" (order_number, customer_id, total_yen, status, payment_status, ship_to_name, ship_to_postal_code, ship_to_prefecture,
         ship_to_city, ship_to_address_line, ship_to_phone, placed_at)
       values ($1, $2, $3, 'DELIVERED', 'PAID', '統計 太郎', '100-0001', $4, '某市', '1-1', '090-0000-0000', '2001-02-10T10:00:00+09:00') returning id`,
      [`STAT-O-${n}`, c.id, quantity * price, prefecture]);
    await s.sql.query(`insert into order_item (order_id, product_id, product_name, quantity, unit_price_yen) values ($1, $2, '商品', $3, $4)`,
      [o.id, p.id, quantity, price]);
  };
  const many = async (count: number, prefecture: string, gender: string, status?: string) => { for (let i = 0; i < count; i++) await person(prefecture, gender, status); };
  await many(6, '東京都', 'FEMALE');
  await many(5, '東京都', 'MALE');
  await many(2, '東京都', 'FEMALE', 'USE_STOPPED');
  await many(1, '東京都', 'MALE', 'ERASED');
  await many(6, '大阪府', 'FEMALE');
  await many(6, '大阪府', 'MALE');
  await many(5, '鳥取県', 'FEMALE');
  await person('鳥取県', 'MALE', 'ACTIVE', 7, 14_109);
}

beforeAll(async () => {
  s = await startTestServer({ customers: 0 });
  await insertPopulation();
});
afterAll(async () => { await s?.stop(); });

async function stats(groupBy: string[], filter: Record<string, string> = {}, minGroupSize?: number) {
  const marketing = await s.asRole('MARKETING', 'STATISTICS');
  const r = await marketing(Q, { g: groupBy, m: ALL, f: filter, k: minGroupSize });
  expect(r.errors).toBeUndefined();
  return r.data.statistics;
}

const shown = (c: any) => (c.suppressed ? 'X' : [c.customers, c.orders, c.revenue]);

describe('as MARKETING under STATISTICS, with k = 5', () => {
  test('by prefecture: stopped and erased customers are not counted; revenue he dominates is withheld', async () => {
    const r = await stats(['PREFECTURE']);
    // 鳥取県 is six people, but 95 % of its revenue is his (p% rule): counted, its revenue withheld. So is the
    // whole store's (78 % his), so 鳥取県's cannot be had as the total minus the other two.
    expect(r.cells.map((c: any) => [c.prefecture, shown(c)])).toEqual([
      ['大阪府', [12, 12, 12_000]], ['東京都', [11, 11, 11_000]], ['鳥取県', [6, 6, null]],
    ]);
    expect(shown(r.total)).toEqual([29, 29, null]);
    expect(r.suppressedCells).toBe(0);
  });

  test('by prefecture and gender: the group of one is suppressed, and so are its complements', async () => {
    // 鳥取県 M (1) is below k, and 鳥取県 F goes with it (else 鳥取県 − F is him). The F column then has one
    // suppressed cell: a second goes, 大阪府 F (as small as 東京都 F, and first). 大阪府's row then needs
    // 大阪府 M too, which also gives the M column its second. 東京都 stays.
    const r = await stats(['PREFECTURE', 'GENDER']);
    expect(r.cells.map((c: any) => [c.prefecture, c.gender, shown(c)])).toEqual([
      ['大阪府', 'FEMALE', 'X'], ['大阪府', 'MALE', 'X'],
      ['東京都', 'FEMALE', [6, 6, 6_000]], ['東京都', 'MALE', [5, 5, 5_000]], ['鳥取県', 'FEMALE', 'X'], ['鳥取県', 'MALE', 'X'],
    ]);
    expect(r.suppressedCells).toBe(4);
    expect(r.cells.find((c: any) => c.suppressed)).toMatchObject({ customers: null, orders: null, revenue: null });
  });

  test('by gender: both groups are large enough; the men\'s revenue is 90 % his, withheld', async () => {
    const r = await stats(['GENDER']);
    expect(r.cells.map((c: any) => [c.gender, shown(c)])).toEqual([['FEMALE', [17, 17, 17_000]], ['MALE', [12, 12, null]]]);
    expect(r.cells.map((c: any) => c.revenueWithheld)).toEqual([false, true]);
  });

  test('a filter picks cells without changing their suppression: 鳥取県 by gender shows only its total', async () => {
    const r = await stats(['GENDER'], { prefecture: '鳥取県' });
    expect(r.cells.map((c: any) => [c.prefecture, c.gender, shown(c)])).toEqual([['鳥取県', 'FEMALE', 'X'], ['鳥取県', 'MALE', 'X']]);
    expect(shown(r.total)).toEqual([6, 6, null]);
    const women = await stats(['PREFECTURE'], { gender: 'FEMALE' });
    expect(women.cells.map((c: any) => [c.prefecture, shown(c)])).toEqual([['大阪府', 'X'], ['東京都', [6, 6, 6_000]], ['鳥取県', 'X']]);
    expect(shown(women.total)).toEqual([17, 17, 17_000]);
  });

  test('a larger k may be asked for, never a smaller one', async () => {
    // k = 7: 鳥取県 (6) is below it, and 東京都 (11, the smaller) is withheld with it.
    const r = await stats(['PREFECTURE'], {}, 7);
    expect(r.cells.map((c: any) => [c.prefecture, shown(c)])).toEqual([['大阪府', [12, 12, 12_000]], ['東京都', 'X'], ['鳥取県', 'X']]);
    const marketing = await s.asRole('MARKETING', 'STATISTICS');
    const smaller = await marketing(Q, { g: ['PREFECTURE'], m: ALL, k: 2 });
    expect(smaller.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'minGroupSize' });
  });

  test('grouped by product and month: everyone bought the same product in February 2001', async () => {
    const r = await stats(['PRODUCT', 'MONTH']);
    expect(r.cells.map((c: any) => [c.product, c.month, shown(c)])).toEqual([[sku, '2001-02', [29, 29, null]]]);
  });
});

describe('an attacker trying to single out the man in 鳥取県', () => {
  test('narrow filters return nothing about him', async () => {
    for (const filter of <Record<string, string>[]>[
      { prefecture: '鳥取県', gender: 'MALE' },
      { prefecture: '鳥取県', gender: 'MALE', ageBand: 'AGE_30S', product: sku, month: '2001-02' },
      { prefecture: '鳥取県', gender: 'FEMALE' },
    ]) {
      const r = await stats([], filter);
      expect(r.total.suppressed, JSON.stringify(filter)).toBe(true);
      expect(r.cells.every((c: any) => c.suppressed)).toBe(true);
    }
  });

  test('differencing every published cell of every grouping never isolates fewer than k people or his spending', async () => {
    const dims = ['PREFECTURE', 'AGE_BAND', 'GENDER', 'PRODUCT', 'MONTH'];
    const field: Record<string, string> = { PREFECTURE: 'prefecture', AGE_BAND: 'ageBand', GENDER: 'gender', PRODUCT: 'product', MONTH: 'month' };
    const published = new Map<string, { grouped: string[]; cell: any }>();
    const keyOf = (grouped: string[], c: any) => JSON.stringify(dims.map((d) => (grouped.includes(d) ? [c[field[d]]] : null)));
    for (let mask = 0; mask < 32; mask++) {
      const grouped = dims.filter((_, i) => mask & (1 << i));
      const r = await stats(grouped);
      for (const c of [...r.cells, r.total]) {
        if (c.suppressed) continue;
        expect(c.customers).toBeGreaterThanOrEqual(5);
        expect(c.revenue).not.toBe(TARGET_REVENUE);
        published.set(keyOf(c === r.total ? [] : grouped, c), { grouped: c === r.total ? [] : grouped, cell: c });
      }
    }
    // Every line: a published parent minus its published children along one dimension.
    for (const { grouped, cell } of published.values()) {
      for (const d of dims.filter((x) => !grouped.includes(x))) {
        const childGrouping = [...grouped, d];
        const children = [...published.values()].filter((p) => p.grouped.length === childGrouping.length && childGrouping.every((g) => p.grouped.includes(g))
          && grouped.every((g) => p.cell[field[g]] === cell[field[g]]));
        const people = cell.customers - children.reduce((n, c) => n + c.cell.customers, 0);
        const spent = cell.revenue - children.reduce((n, c) => n + c.cell.revenue, 0);
        expect(spent, `${JSON.stringify(cell)} along ${d}`).not.toBe(TARGET_REVENUE);
        expect(people === 0 || people >= 5, `${JSON.stringify(cell)} along ${d}: ${people}`).toBe(true);
      }
    }
  });
});

describe('who may ask', () => {
  test('MARKETING under PROMOTION or without a purpose is refused with FORBIDDEN_PURPOSE; SUPPORT and PRIVACY_MANAGER are FORBIDDEN', async () => {
    for (const purpose of ['PROMOTION', null]) {
      const marketing = await s.asRole('MARKETING', purpose);
      const r = await marketing(Q, { g: ['PREFECTURE'], m: ALL });
      expect(r.errors?.[0].extensions?.code, String(purpose)).toBe('FORBIDDEN_PURPOSE');
      expect(r.data?.statistics ?? null).toBeNull();
    }
    for (const [role, purpose] of [['SUPPORT', 'INQUIRY_RESPONSE'], ['PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION']] as const) {
      const c = await s.asRole(role, purpose);
      expect((await c(Q, { g: ['PREFECTURE'], m: ALL })).errors?.[0].extensions?.code, role).toBe('FORBIDDEN');
    }
  });

  test('the answer has no ids, names or free text, and the query is recorded in the trail', async () => {
    const marketing = await s.asRole('MARKETING', 'STATISTICS');
    const r = await marketing(Q, { g: ['PREFECTURE', 'GENDER', 'AGE_BAND'], m: ALL });
    const body = JSON.stringify(r.data);
    expect(body).not.toMatch(/統計 太郎|STAT|stat-|090-0000/);
    const { rows } = await s.sql.query(`select role, purpose, customer_id, detail from trail_entry where detail ? 'statistics' order by id desc limit 1`);
    expect(rows[0]).toMatchObject({
      role: 'MARKETING', purpose: 'STATISTICS', customer_id: null,
      detail: { statistics: { groupBy: ['PREFECTURE', 'AGE_BAND', 'GENDER'], k: 5 } },
    });
  });
});
