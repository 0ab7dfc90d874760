import type { EntityManager } from '@mikro-orm/postgresql';
import { CATEGORIES, type CategoryKey, classifyField, isCategoryKey, isPurposeKey, isRoleKey, PURPOSES, ROLES } from '../../../../schema/policy';
import { type CsvColumn, csvChunks, toText } from './csv';
import type { LeafEntry } from '../../trail/tree-leaves';
import type { ZipEntry } from './zip-writer';
// The admin UI's own Japanese labels of the API's enums (pure data; categories, roles and purposes in it come from schema/policy).
import { ja } from '../../../../admin-ui/src/i18n/ja';
import { jstLocal } from '../../common/jst-sql';
import { operationInJapanese } from '../../common/ui-words';

type Row = Record<string, any>;

/** Everything the store holds about one person: what a disclosure (【11】) hands over. */
export interface PersonFile {
  generatedAt: string;
  customer: Row;
  consents: Row[];
  orders: Row[];
  orderItems: Row[];
  interactions: Row[];
  recordings: Row[];
  provisionRecords: Row[];
  accessTrail: Row[];
  /** The access entries as the trail's Merkle leaves commit to them (their proofs: disclosure-proofs.ts). */
  trailLeaves: LeafEntry[];
  /** What the person is told about the part withheld (art. 36), or null when nothing is. */
  withheld: string | null;
  /** The last month (YYYY年M月, UTC months as partitioned) whose access records were archived past the retention (trail:archive), or null. */
  trailArchivedThrough: string | null;
  /** True when every archive was read and 08 lists the archived records too (with their proofs). */
  trailArchivedListed?: boolean;
}

/** Now as the person reads it: ISO 8601 in Japan time. */
const jstNow = () => `${new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;

/** A timestamp as the person reads it: ISO 8601 in Japan time. */
const jst = (col: string) => `to_char(${jstLocal(col)}, 'YYYY-MM-DD"T"HH24:MI:SS"+09:00"')`;

/**
 * Reads one person's file in seven queries, each keyed by the customer id alone: nothing about any
 * other customer (not the referrer, not the household) is read. The card token is never selected.
 */
export async function readPersonFile(em: EntityManager, customerId: number, provisionOnly: boolean): Promise<PersonFile> {
  const q = (sql: string) => em.execute(sql, [customerId]) as Promise<Row[]>;
  const unlessProvisionOnly = async (sql: string): Promise<Row[]> => (provisionOnly ? [] : q(sql));
  const [customer] = await q(`select customer_number, name, name_kana, postal_code, prefecture, city, address_line, phone, email,
      to_char(birth_date, 'YYYY-MM-DD') as birth_date, gender, lifestyle, occupation, card_brand, card_last4, card_expiry,
      source, status, provision_stopped, ${jst('created_at')} as created_at, ${jst('updated_at')} as updated_at
    from customer where id = ?`);
  // One after another: they share the transaction's connection.
  const consents = await unlessProvisionOnly(`select purpose, ${jst('granted_at')} as granted_at, ${jst('withdrawn_at')} as withdrawn_at, source,
        guardian_consent, ${jst('guardian_consent_at')} as guardian_consent_at
      from consent where customer_id = ? order by granted_at, id`);
  const orders = await unlessProvisionOnly(`select o.order_number, ${jst('o.placed_at')} as placed_at, o.status, o.payment_status, o.total_yen,
        o.ship_to_name, o.ship_to_postal_code, o.ship_to_prefecture, o.ship_to_city, o.ship_to_address_line, o.ship_to_phone,
        k.name as carrier, ${jst('o.shipped_at')} as shipped_at, ${jst('o.delivered_at')} as delivered_at, ${jst('o.payment_due_at')} as payment_due_at
      from "order" o left join contractor k on k.id = o.carrier_id where o.customer_id = ? order by o.placed_at, o.id`);
  withholdOtherRecipients(customer, orders);
  const orderItems = await unlessProvisionOnly(`select o.order_number, i.product_name, i.quantity, i.unit_price_yen
      from order_item i join "order" o on o.id = i.order_id where o.customer_id = ? order by o.placed_at, o.id, i.id`);
  const interactions = await unlessProvisionOnly(`select i.id, ${jst('i.occurred_at')} as occurred_at, i.channel, i.direction, i.kind, o.order_number,
        i.summary, i.transcript, i.recording_key, i.recording_duration_sec
      from interaction i left join "order" o on o.id = i.order_id where i.customer_id = ? order by i.occurred_at, i.id`);
  const provisionRecords = await q(`select id, provided_at as provided, ${jst('provided_at')} as provided_at, recipient_name, data_categories, legal_basis, exemption_note,
        to_char(keep_until, 'YYYY-MM-DD') as keep_until, recipient_country
      from provision_record where customer_id = ? order by provided_at, id`);
  // customer_ids @> reaches the record table's GIN index; customer_id keeps this person's entries.
  const accessRows = await unlessProvisionOnly(`select t.id as entry_id, ${jst('t.at')} as at, t.role, t.staff_id, t.purpose, t.operation,
        t.clear_fields, t.masked_fields, t.at as leaf_at, t.kind, t.api_key_id, t.customer_id, t.hash
      from (select ?::int as me) p join trail_entry t on t.customer_ids @> array[p.me] and t.customer_id = p.me
      where t.kind = 'ACCESS' order by t.id`);
  const accessTrail = accessRows.map((r) => ({ entry_id: Number(r.entry_id), ...pick(r, ['at', 'role', 'staff_id', 'purpose', 'operation', 'clear_fields', 'masked_fields']) }));
  const trailLeaves: LeafEntry[] = accessRows.map((r) => ({
    id: Number(r.entry_id), at: new Date(r.leaf_at).toISOString(), kind: r.kind, staffId: r.staff_id, apiKeyId: r.api_key_id, role: r.role,
    purpose: r.purpose, operation: r.operation, customerId: r.customer_id, clearFields: r.clear_fields, maskedFields: r.masked_fields, recordHash: r.hash,
  }));
  // Months past the trail's retention leave the database (trail:archive): the person is told from when 08 lists.
  const [archived] = provisionOnly ? [] : await em.execute(`select partitions[cardinality(partitions)] as last from trail_archive order by last_entry desc limit 1`) as Row[];
  const month = /(\d{4})_(\d{2})$/.exec(String(archived?.last ?? ''));
  const recordings = interactions.filter((i) => i.recording_key)
    .map((i) => ({ interaction_id: i.id, occurred_at: i.occurred_at, recording_key: i.recording_key, duration_sec: i.recording_duration_sec }));
  return {
    generatedAt: jstNow(), customer: provisionOnly ? pick(customer, ['customer_number', 'name', 'name_kana']) : customer,
    consents, orders, orderItems, interactions, recordings, provisionRecords, accessTrail, trailLeaves, withheld: null,
    trailArchivedThrough: month ? `${month[1]}年${Number(month[2])}月` : null,
  };
}

const SHIP_TO = ['ship_to_name', 'ship_to_postal_code', 'ship_to_prefecture', 'ship_to_city', 'ship_to_address_line', 'ship_to_phone'];
/** Said in place of a gift recipient's details. */
export const OTHER_RECIPIENT = 'ご本人以外のお届け先のため記載していません';
const bare = (name: unknown) => String(name ?? '').replace(/[\s\u3000]+/g, '').replace(/様$/, '');

/**
 * An order shipped to someone else (a gift) holds that person's name, address and phone: theirs, not the
 * customer's to receive (art. 33 discloses the person's own data). Only whether it went elsewhere is said.
 */
function withholdOtherRecipients(customer: Row | undefined, orders: Row[]): void {
  for (const o of orders) {
    if (!customer || bare(o.ship_to_name) === bare(customer.name)) continue;
    for (const k of SHIP_TO) o[k] = k === 'ship_to_name' ? OTHER_RECIPIENT : null;
  }
}

function pick(row: Row, keys: string[]): Row {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}

/** The policy categories the file hands over: in clear, and the card only as its last 4 digits. */
export function categoriesDisclosed(f: PersonFile): { clear: CategoryKey[]; masked: CategoryKey[] } {
  const c = f.customer;
  const has: [CategoryKey, unknown][] = [
    ['contact.name', c.name], ['contact.postal', c.postal_code], ['contact.address', c.address_line], ['contact.phone', c.phone],
    ['contact.email', c.email], ['demographic.birthdate', c.birth_date], ['demographic.gender', c.gender],
    ['demographic.lifestyle', c.lifestyle], ['demographic.occupation', c.occupation],
    ['interaction.content', f.interactions.length], ['interaction.recording', f.recordings.length], ['order.shipping', f.orders.length],
  ];
  return {
    clear: has.filter(([, v]) => v).map(([k]) => k),
    masked: c.card_last4 || c.card_brand ? ['financial.card'] : [],
  };
}

/** Categories, or fields (`Customer.name`) by their category, in schema/policy's words, each once. */
const categoryLabels = (keys: string[]) => [...new Set(keys.map((k) => {
  if (isCategoryKey(k)) return CATEGORIES[k].ja;
  const [type, ...field] = k.split('.');
  const cls = classifyField(type === 'ShipTo' ? 'ShipTo' : type, field.join('.'));
  return cls ? CATEGORIES[cls.category].ja : k;
}))];
const roleLabel = (r: string) => (isRoleKey(r) ? ROLES[r].ja : r);
const purposeLabel = (p: string) => (isPurposeKey(p) ? PURPOSES[p].ja : p);

const PROFILE: [string, string][] = [
  ['customer_number', 'お客様番号'], ['name', '氏名'], ['name_kana', 'フリガナ'], ['postal_code', '郵便番号'], ['prefecture', '都道府県'],
  ['city', '市区町村'], ['address_line', '番地・建物'], ['phone', '電話番号'], ['email', 'メールアドレス'], ['birth_date', '生年月日'],
  ['gender', '性別'], ['lifestyle', '生活全般'], ['occupation', '仕事'], ['card_brand', 'カード会社'], ['card_last4', 'カード番号下4桁'],
  ['card_expiry', 'カード有効期限'], ['source', '取得経路'], ['status', '状態'], ['provision_stopped', '第三者提供の停止'],
  ['created_at', '登録日時'], ['updated_at', '更新日時'],
];

const col = (header: string, key: string): CsvColumn<Row> => [header, (r) => r[key]];
type EnumLabels = keyof typeof ja.mamori.enums;
/** A code in words, by the label the admin UI shows for it; an unknown code as it is. */
const labelOf = (name: EnumLabels, v: unknown) => (v == null ? v : ((ja.mamori.enums[name] as Record<string, string>)[String(v)] ?? v));
const coded = (header: string, key: string, name: EnumLabels): CsvColumn<Row> => [header, (r) => labelOf(name, r[key])];
const yesNo = (header: string, key: string): CsvColumn<Row> => [header, (r) => (r[key] == null ? r[key] : r[key] ? 'はい' : 'いいえ')];
const PROFILE_CODES: Record<string, EnumLabels> = { gender: 'gender', source: 'customerSource', status: 'customerStatus' };
const profileValue = (k: string, v: unknown) => (typeof v === 'boolean' ? (v ? 'はい' : 'いいえ') : PROFILE_CODES[k] ? labelOf(PROFILE_CODES[k], v) : v);

const CSV_FILES: { name: string; rows: (f: PersonFile) => Row[]; columns: CsvColumn<Row>[]; full: boolean }[] = [
  { name: '01_profile.csv', full: true, rows: (f) => PROFILE.filter(([k]) => k in f.customer).map(([k, label]) => ({ label, value: profileValue(k, f.customer[k]) })),
    columns: [col('項目', 'label'), col('内容', 'value')] },
  { name: '02_consents.csv', full: true, rows: (f) => f.consents,
    columns: [coded('同意の目的', 'purpose', 'consentPurpose'), col('同意日時', 'granted_at'), col('撤回日時', 'withdrawn_at'), coded('取得経路', 'source', 'customerSource'),
      yesNo('保護者の同意', 'guardian_consent'), col('保護者の同意日時', 'guardian_consent_at')] },
  { name: '03_orders.csv', full: true, rows: (f) => f.orders,
    columns: [col('注文番号', 'order_number'), col('注文日時', 'placed_at'), coded('状態', 'status', 'orderStatus'), coded('支払状況', 'payment_status', 'paymentStatus'),
      col('合計金額(円)', 'total_yen'), col('お届け先氏名', 'ship_to_name'), col('お届け先郵便番号', 'ship_to_postal_code'),
      col('お届け先都道府県', 'ship_to_prefecture'), col('お届け先市区町村', 'ship_to_city'), col('お届け先番地・建物', 'ship_to_address_line'),
      col('お届け先電話番号', 'ship_to_phone'), col('配送業者', 'carrier'), col('発送日時', 'shipped_at'), col('配達日時', 'delivered_at'),
      col('支払期限', 'payment_due_at')] },
  { name: '04_order_items.csv', full: true, rows: (f) => f.orderItems,
    columns: [col('注文番号', 'order_number'), col('商品名', 'product_name'), col('数量', 'quantity'), col('単価(円)', 'unit_price_yen')] },
  { name: '05_interactions.csv', full: true, rows: (f) => f.interactions,
    columns: [col('記録番号', 'id'), col('日時', 'occurred_at'), coded('経路', 'channel', 'channel'), coded('方向', 'direction', 'direction'), coded('種別', 'kind', 'interactionKind'),
      col('注文番号', 'order_number'), col('概要', 'summary'), col('記録内容', 'transcript')] },
  { name: '06_recordings.csv', full: true, rows: (f) => f.recordings,
    columns: [col('記録番号', 'interaction_id'), col('日時', 'occurred_at'), col('録音ファイル', 'recording_key'), col('長さ(秒)', 'duration_sec')] },
  { name: '07_provision_records.csv', full: false, rows: (f) => f.provisionRecords,
    columns: [col('提供日時', 'provided_at'), col('提供先', 'recipient_name'), ['提供した項目', (r) => categoryLabels(r.data_categories)],
      coded('根拠', 'legal_basis', 'provisionLegalBasis'), col('根拠の説明', 'exemption_note'), col('記録の保存期限', 'keep_until'),
      // Art. 28: a recipient abroad is named with its country (JP at home).
      col('提供先の国', 'recipient_country')] },
  { name: '08_access_trail.csv', full: true, rows: (f) => f.accessTrail,
    columns: [col('記録番号', 'entry_id'), col('日時', 'at'), ['担当の役割', (r) => roleLabel(r.role)], col('担当者番号', 'staff_id'), ['利用目的', (r) => purposeLabel(r.purpose)],
      ['操作', (r) => operationInJapanese(r.operation)], ['表示された項目', (r) => categoryLabels(r.clear_fields)], ['伏せて表示された項目', (r) => categoryLabels(r.masked_fields)]] },
];

const README = (f: PersonFile, provisionOnly: boolean) => `${provisionOnly ? '第三者提供記録の開示' : '保有個人データの開示'}
お客様番号: ${f.customer.customer_number}
作成日時: ${f.generatedAt}

disclosure.json に全項目をまとめています。CSV ファイル(UTF-8)は Excel で開けます。
${provisionOnly ? '07_provision_records.csv: 第三者提供の記録(個人情報保護法第33条第5項)'
    : `01 登録情報 / 02 同意 / 03 ご注文 / 04 ご注文の商品 / 05 お問い合わせ等の記録 / 06 通話録音の一覧 /
07 第三者提供の記録 / 08 お客様の情報を閲覧した記録(日時・役割・利用目的)
クレジットカード番号は下4桁のみ保有しています。

08 の閲覧記録が当社の署名付きの記録(改ざんできない形で保存している記録)に含まれていることを、
お手元で確かめられます。Node.js (18 以降) をお使いのパソコンで、このフォルダーで次を実行してください:
  node verify-trail.mjs
trail-proofs.json に各記録の証明と当社の署名、公開鍵があります。公開鍵が当社の公表しているものと同じかもご確認ください。${f.trailArchivedThrough ? `
${f.trailArchivedThrough}までの閲覧記録は、保存期間を過ぎたためデータベースから当社のアーカイブ(署名付き)に移しています。${f.trailArchivedListed
    ? `
08 にはアーカイブの記録も含めており、その証明も trail-proofs.json にあります(verify-trail.mjs が確かめます)。` : `
その一部を読み出せなかったため、08 には含まれていない記録があります。ご希望があれば、アーカイブの記録とその証明をお出しします。`}` : ''}`}
${f.withheld ? `\n${f.withheld}\n` : ''}`;

/** The JSON file, section by section (no one string of the whole file). */
function* jsonChunks(doc: Record<string, unknown>): Generator<Buffer> {
  const keys = Object.keys(doc);
  for (const [i, key] of keys.entries()) {
    const value = doc[key];
    const head = `${i === 0 ? '{' : ''}\n ${JSON.stringify(key)}: `;
    const tail = i === keys.length - 1 ? '\n}' : ',';
    if (!Array.isArray(value)) {
      yield Buffer.from(`${head}${JSON.stringify(value, null, 1)}${tail}`, 'utf8');
      continue;
    }
    yield Buffer.from(`${head}[`, 'utf8');
    for (let start = 0; start < value.length; start += 1_000) {
      const part = value.slice(start, start + 1_000).map((v) => JSON.stringify(v)).join(',\n  ');
      yield Buffer.from(`${start ? ',' : ''}\n  ${part}`, 'utf8');
    }
    yield Buffer.from(`${value.length ? '\n ' : ''}]${tail}`, 'utf8');
  }
}

/** The files of the ZIP, each produced as it is written: one JSON with everything and one CSV per record kind. */
export function disclosureEntries(f: PersonFile, provisionOnly: boolean): ZipEntry[] {
  const { trailLeaves: _leaves, ...shown } = f;
  const doc: Record<string, unknown> = provisionOnly ? { generatedAt: f.generatedAt, customer: f.customer, provisionRecords: f.provisionRecords } : { ...shown };
  if (!f.trailArchivedThrough) delete doc.trailArchivedThrough;
  delete doc.trailArchivedListed;
  if (!f.withheld) delete doc.withheld;
  else doc.withheld = f.withheld;
  return [
    { name: 'README.txt', data: toText(README(f, provisionOnly)) },
    { name: 'disclosure.json', data: jsonChunks(doc) },
    ...CSV_FILES.filter((c) => !provisionOnly || !c.full).map((c) => ({ name: c.name, data: csvChunks(c.columns, c.rows(f)) })),
  ];
}
