// Attacks on the statistics (purpose 10), each stated and shown to fail, on a small hand-made population
// with one man whose spending is the secret: differencing across k, parent minus published siblings,
// narrowing filters, dominance of one customer's spending. And the cube: built off the request path,
// its suppressions by k bounded.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STATISTICS_MIN_K, STATISTICS_POLICY, statisticsPolicyProblems } from '../schema/policy/statistics';
import { cubesFor } from '../server/src/modules/statistics/cube-store';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
const DAY = 86_400_000;
const K = STATISTICS_POLICY.minGroupSize;
const P = STATISTICS_POLICY.dominancePercent / 100;
/** What the man in 鳥取県 spent: nobody may estimate it to within p %. Everyone else spent 1,000 yen. */
const SECRET = 7 * 14_109;
const DIMS = ['PREFECTURE', 'AGE_BAND', 'GENDER', 'PRODUCT', 'MONTH'] as const;
type Dim = (typeof DIMS)[number];
const FIELD: Record<Dim, string> = { PREFECTURE: 'prefecture', AGE_BAND: 'ageBand', GENDER: 'gender', PRODUCT: 'product', MONTH: 'month' };
const CELL = 'prefecture ageBand gender product month customers orders revenue suppressed revenueWithheld';
const Q = `query($g: [StatisticsDimension!]!, $f: StatisticsFilter, $k: Int) {
  statistics(groupBy: $g, metrics: [CUSTOMERS, ORDERS, REVENUE], filter: $f, minGroupSize: $k) { k asOf cells { ${CELL} } total { ${CELL} } } }`;
let sku = '';

/** The people, as the test knows them (the server counts only ACTIVE ones). */
interface Person { prefecture: string; gender: string; spent: number }
const PEOPLE: Person[] = [];

/**
 * Everyone is in their thirties and bought one product in February 2001:
 *   東京都 F 6 · M 5 · 大阪府 F 6 · M 6 · 鳥取県 F 5 · M 1 (the man: SECRET yen; everyone else 1,000 yen)
 */
async function insertPopulation() {
  const { rows: [p] } = await s.sql.query(`select id, sku from product order by id limit 1`);
  sku = p.sku;
  const birth = new Date(Date.now() - (35 * 365 + 100) * DAY).toISOString().slice(0, 10);
  const person = async (prefecture: string, gender: string, quantity = 1, price = 1000) => {
    const n = PEOPLE.push({ prefecture, gender, spent: quantity * price });
    const { rows: [c] } = await s.sql.query(
      `insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line, phone, phone_digits, email, birth_date, gender, source, status)
       values ($1, $2, 'トウケイ タロウ', '100-0001', $3, '某市', '1-1', '090-0000-0000', '09000000000', $4, $5, $6, 'WEB', 'ACTIVE') returning id`,
      [`ATK${n}`, `統計 太郎${n}`, prefecture, `atk-${n}@example.invalid`, birth, gender]);
    const { rows: [o] } = await s.sql.query(
      `insert into "order" (order_number, customer_id, total_yen, status, payment_status, ship_to_name, ship_to_postal_code, ship_to_prefecture,
         ship_to_city, ship_to_address_line, ship_to_phone, placed_at)
       values ($1, $2, $3, 'DELIVERED', 'PAID', '統計 太郎', '100-0001', $4, '某市', '1-1', '090-0000-0000', '2001-02-10T10:00:00+09:00') returning id`,
      [`ATK-O-${n}`, c.id, quantity * price, prefecture]);
    await s.sql.query(`insert into order_item (order_id, product_id, product_name, quantity, unit_price_yen) values ($1, $2, '商品', $3, $4)`, [o.id, p.id, quantity, price]);
  };
  for (const [prefecture, gender, count] of [['東京都', 'FEMALE', 6], ['東京都', 'MALE', 5], ['大阪府', 'FEMALE', 6], ['大阪府', 'MALE', 6], ['鳥取県', 'FEMALE', 5]] as const) {
    for (let i = 0; i < count; i++) await person(prefecture, gender);
  }
  await person('鳥取県', 'MALE', 7, 14_109);
}

const saved = process.env.MAMORI_STATISTICS_REFRESH_MS;
beforeAll(async () => {
  process.env.MAMORI_STATISTICS_REFRESH_MS = '1000';
  s = await startTestServer({ customers: 0 });
  await insertPopulation();
});
afterAll(async () => {
  if (saved === undefined) delete process.env.MAMORI_STATISTICS_REFRESH_MS; else process.env.MAMORI_STATISTICS_REFRESH_MS = saved;
  await s?.stop();
});

async function ask(groupBy: readonly Dim[], filter: Record<string, string> = {}, k?: number) {
  const marketing = await s.asRole('MARKETING', 'STATISTICS');
  const r = await marketing(Q, { g: groupBy, f: filter, k });
  expect(r.errors).toBeUndefined();
  return r.data.statistics;
}

/** A published figure: the cell it describes (one value or null per dimension) and its numbers. */
interface Figure { key: string; values: (string | null)[]; customers: number | null; revenue: number | null }
const keyOf = (values: (string | null)[]) => JSON.stringify(values);

/** Every cell of every grouping at k, as published (withheld numbers null). */
async function everything(k: number): Promise<Map<string, Figure>> {
  const out = new Map<string, Figure>();
  for (let mask = 0; mask < 32; mask++) {
    const grouped = DIMS.filter((_, i) => mask & (1 << i));
    const r = await ask(grouped, {}, k);
    for (const [c, dims] of [...r.cells.map((c: any) => [c, grouped]), [r.total, []]] as [any, Dim[]][]) {
      // A grouped dimension's null is the group of customers without orders; a dimension not grouped is "any".
      const values = DIMS.map((d) => (dims.includes(d) ? `=${c[FIELD[d]]}` : null));
      out.set(keyOf(values), { key: keyOf(values), values, customers: c.suppressed ? null : c.customers, revenue: c.revenueWithheld ? null : c.revenue });
    }
  }
  return out;
}

/** The people a cell describes, and what they spent there. */
function members(values: (string | null)[]): Person[] {
  const want = (d: Dim, v: string) => values[DIMS.indexOf(d)] === null || values[DIMS.indexOf(d)] === `=${v}`;
  return PEOPLE.filter((p) => want('PREFECTURE', p.prefecture) && want('GENDER', p.gender) && want('AGE_BAND', 'AGE_30S') && want('PRODUCT', sku) && want('MONTH', '2001-02'));
}

/** A group an attacker can compute, and whether the man is in it: what he can learn about the man's spending from it. */
function exposes(people: Person[], revenue: number): boolean {
  const him = people.some((p) => p.spent === SECRET);
  // The p% rule: the rest of the group must have spent at least p % of what he did.
  return him && revenue - SECRET < P * SECRET;
}

let atK: Map<string, Figure>;
let union: Map<string, Figure>;

describe('an attacker trying to learn what the man in 鳥取県 spent', () => {
  beforeAll(async () => {
    atK = await everything(K);
    union = new Map(atK);
    for (const k of [K + 1, K + 2, 8, 10, 12, 20]) {
      for (const [key, f] of await everything(k)) {
        const known = union.get(key)!;
        union.set(key, { ...f, customers: f.customers ?? known.customers, revenue: f.revenue ?? known.revenue });
      }
    }
  }, 300_000);

  test('differencing across k: a larger k publishes nothing the policy\'s k withheld, and the same numbers', async () => {
    for (const k of [K + 1, K + 2, 8, 10, 12, 20]) {
      const larger = await everything(k);
      for (const [key, f] of larger) {
        const base = atK.get(key)!;
        if (f.customers !== null) expect(base.customers, `${key} at k=${k}`).toBe(f.customers);
        if (f.revenue !== null) expect(base.revenue, `${key} at k=${k}`).toBe(f.revenue);
      }
    }
  });

  test('every published figure is about k people or more, and none exposes his spending', () => {
    for (const f of union.values()) {
      if (f.customers !== null) expect(f.customers, f.key).toBeGreaterThanOrEqual(K);
      if (f.revenue !== null) expect(exposes(members(f.values), f.revenue), f.key).toBe(false);
    }
  });

  test('parent minus its published children, along every dimension, over everything published at every k: never fewer than k people, never his spending', () => {
    let lines = 0;
    for (const parent of union.values()) {
      for (let d = 0; d < DIMS.length; d++) {
        if (parent.values[d] !== null) continue;
        const children = [...union.values()].filter((c) => c.values[d] !== null && c.values.every((v, i) => i === d || v === parent.values[i]));
        if (!children.length) continue;
        lines++;
        // Customers along a dimension where a person is in one group only (prefecture, age band, gender).
        if (parent.customers !== null && d <= 2) {
          const people = parent.customers - children.reduce((n, c) => n + (c.customers ?? 0), 0);
          if (children.every((c) => c.customers !== null)) expect(people, `${parent.key} along ${DIMS[d]}`).toBe(0);
          else expect(people === 0 || people >= K, `${parent.key} along ${DIMS[d]}: ${people}`).toBe(true);
        }
        if (parent.revenue !== null) {
          const revenue = parent.revenue - children.reduce((n, c) => n + (c.revenue ?? 0), 0);
          const hidden = members(parent.values).filter((p) => !children.some((c) => c.revenue !== null && members(c.values).includes(p)));
          expect(exposes(hidden, revenue), `${parent.key} along ${DIMS[d]}: ${revenue}`).toBe(false);
        }
      }
    }
    expect(lines).toBeGreaterThan(20);
  });

  test('narrowing filters: every filter that selects fewer than k people answers suppressed, whatever is grouped', async () => {
    const values: Record<string, string[]> = { prefecture: ['東京都', '大阪府', '鳥取県', '北海道'], gender: ['FEMALE', 'MALE', 'UNDISCLOSED'], ageBand: ['AGE_30S', 'AGE_40S'], product: [sku], month: ['2001-02', '2001-03'] };
    const filters: Record<string, string>[] = [{}];
    for (const [field, options] of Object.entries(values)) {
      for (const f of [...filters]) for (const v of options) filters.push({ ...f, [field]: v });
    }
    let small = 0;
    for (const filter of filters) {
      const selected = PEOPLE.filter((p) => (filter.prefecture ?? p.prefecture) === p.prefecture && (filter.gender ?? p.gender) === p.gender
        && (filter.ageBand ?? 'AGE_30S') === 'AGE_30S' && (filter.product ?? sku) === sku && (filter.month ?? '2001-02') === '2001-02');
      const r = await ask(['GENDER'], filter);
      if (selected.length < K) {
        small++;
        expect(r.total.suppressed, JSON.stringify(filter)).toBe(true);
        expect(r.cells.every((c: any) => c.suppressed), JSON.stringify(filter)).toBe(true);
      }
      if (!r.total.suppressed) expect(r.total.customers, JSON.stringify(filter)).toBe(selected.length);
      if (!r.total.revenueWithheld) expect(exposes(selected, r.total.revenue), JSON.stringify(filter)).toBe(false);
    }
    expect(small).toBeGreaterThan(100);
  }, 300_000);

  test('dominance: 鳥取県 has six people, so it is counted, but its revenue is withheld, and so is that of a sibling and of the total', async () => {
    const r = await ask(['PREFECTURE']);
    const byPrefecture = Object.fromEntries(r.cells.map((c: any) => [c.prefecture, c]));
    expect(byPrefecture['鳥取県']).toMatchObject({ customers: 6, suppressed: false, revenue: null, revenueWithheld: true });
    // Without a second withheld revenue, total − 東京都 − 大阪府 would be 鳥取県's.
    expect(r.cells.filter((c: any) => c.revenueWithheld).length + (r.total.revenueWithheld ? 1 : 0)).toBeGreaterThanOrEqual(2);
    // The whole store's revenue is 78 % his: withheld too.
    expect(r.total).toMatchObject({ customers: 29, revenue: null, revenueWithheld: true });
  });
});

describe('k is policy', () => {
  test(`the policy's k is at least ${STATISTICS_MIN_K}, and a smaller one is refused as invalid`, () => {
    expect(STATISTICS_POLICY.minGroupSize).toBeGreaterThanOrEqual(STATISTICS_MIN_K);
    expect(statisticsPolicyProblems({ ...STATISTICS_POLICY, minGroupSize: 4 })).toEqual([expect.stringContaining('minGroupSize')]);
    expect(statisticsPolicyProblems({ ...STATISTICS_POLICY, dominancePercent: 0 })).toEqual([expect.stringContaining('dominancePercent')]);
  });

  test('asking for a k below the policy\'s, or above its largest, is BAD_USER_INPUT naming minGroupSize', async () => {
    const marketing = await s.asRole('MARKETING', 'STATISTICS');
    for (const k of [K - 1, 0, -5, STATISTICS_POLICY.maxGroupSize + 1]) {
      const r = await marketing(Q, { g: ['PREFECTURE'], k });
      expect(r.errors?.[0].extensions, String(k)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'minGroupSize' });
    }
  });
});

describe('the cube', () => {
  test('is rebuilt in the background when the data changes: a query never waits for a build, and says what its data is as of', async () => {
    const before = await ask([]);
    const { rows: [c] } = await s.sql.query(`select id from customer where customer_number = 'ATK1'`);
    await s.sql.query(`update customer set status = 'USE_STOPPED', updated_at = now() where id = $1`, [c.id]);
    try {
      // At once: the same cube, the same answer.
      const right = await ask([]);
      expect([right.asOf, right.total.customers]).toEqual([before.asOf, before.total.customers]);
      // Within a few refreshes (MAMORI_STATISTICS_REFRESH_MS=1000 here): the new data.
      await expect.poll(async () => (await ask([])).total.customers, { timeout: 30_000, interval: 500 }).toBe(before.total.customers - 1);
      expect(Date.parse((await ask([])).asOf)).toBeGreaterThan(Date.parse(before.asOf));
    } finally {
      await s.sql.query(`update customer set status = 'ACTIVE', updated_at = now() where id = $1`, [c.id]);
    }
  });

  test('keeps the suppressions of at most eight values of k besides the policy\'s', async () => {
    for (let k = K + 1; k <= K + 12; k++) await ask(['GENDER'], {}, k);
    const cube = await cubesFor(s.orm).latest();
    expect(cube.keptSuppressions).toBeLessThanOrEqual(8);
  });
});
