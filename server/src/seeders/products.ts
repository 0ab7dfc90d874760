import type pg from 'pg';
import type { ProductRef } from './context';

/** The store's catalogue: food and baby care, prices in yen (tax included). */
const CATALOGUE: readonly (readonly [sku: string, name: string, priceYen: number, active?: boolean])[] = [
  ['FD-001', '特別栽培米こしひかり 5kg', 3480],
  ['FD-002', '有機玄米 2kg', 1980],
  ['FD-003', '無添加だしパック(焼きあご入り)30袋', 2160],
  ['FD-004', '国産有機にんじんジュース 160g×12本', 2592],
  ['FD-005', '北海道産 無塩バター 200g', 756],
  ['FD-006', '平飼い有精卵 10個入', 648],
  ['FD-007', '天然酵母の食パン 1斤', 540],
  ['FD-008', '有機味噌(米こうじ)750g', 1296],
  ['FD-009', '国産大豆の木綿豆腐 3丁', 486],
  ['FD-010', '紀州南高梅 はちみつ梅干し 500g', 2980],
  ['FD-011', '静岡県産 深蒸し煎茶 100g', 1080],
  ['FD-012', '国産小麦の乾麺うどん 10束', 1620],
  ['FD-013', '鹿児島県産 黒豚ロース 500g', 2480],
  ['FD-014', '天然塩 海の精 240g', 702],
  ['FD-015', '季節の有機野菜セット(S)', 2800],
  ['FD-016', '季節の有機野菜セット(L)', 4200],
  ['FD-017', '国産りんごジュース ストレート 1L×6本', 3240],
  ['FD-018', '玄米甘酒 250ml×12本', 3888],
  ['FD-019', '北海道産 ゆめぴりか 2kg', 1580, false],
  ['BB-001', '有機野菜のベビーフード 7ヶ月頃から 6個セット', 1296],
  ['BB-002', '国産米のベビーせんべい 12袋', 540],
  ['BB-003', '無添加 野菜ペースト 5ヶ月頃から 10袋', 1188],
  ['BB-004', 'やわらか米がゆ(5倍がゆ)6食', 972],
  ['BB-005', '赤ちゃん麦茶 500ml×24本', 2376],
  ['BB-006', '紙おむつ テープ Mサイズ 64枚', 1738],
  ['BB-007', '紙おむつ パンツ Lサイズ 44枚', 1738],
  ['BB-008', 'おしりふき 純水99% 80枚×12個', 1650],
  ['BB-009', 'ベビーローション 無香料 300ml', 1320],
  ['BB-010', 'オーガニックコットン スタイ 2枚組', 1980],
  ['BB-011', '哺乳びん用 洗剤 詰め替え 700ml', 748],
  ['BB-012', '出産祝いギフトセット(ベビーフード・スタイ)', 5500],
];

export async function insertProducts(client: pg.ClientBase): Promise<ProductRef[]> {
  const { rows } = await client.query<{ id: number; name: string; price_yen: number; active: boolean }>(
    `INSERT INTO product (sku, name, price_yen, active)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bool[])
     RETURNING id, name, price_yen, active`,
    [CATALOGUE.map((p) => p[0]), CATALOGUE.map((p) => p[1]), CATALOGUE.map((p) => p[2]), CATALOGUE.map((p) => p[3] ?? true)],
  );
  // RETURNING order is not guaranteed: sort back into catalogue order so picks stay deterministic.
  const order = new Map(CATALOGUE.map((p, i) => [p[1], i]));
  rows.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
  return rows.map((r) => ({ id: r.id, name: r.name, priceYen: r.price_yen }));
}
