import type { EntityManager } from '@mikro-orm/postgresql';
import { loadInIdOrder } from '../../common/load-in-order';
import type { CategoryKey } from '../../../../schema/policy';
import { CustomerStatus, RecordSource } from '../../common/enums';
import { badInput, notFound } from '../../common/errors';
import { phoneDigits, toHalfWidth } from '../../common/japan';
import { intArray, textArray, sqlIn } from '../../common/sql';
import { countRows, type ListCount } from '../../common/count';
import { idOf, type ListArgs, narrowsByIdsOnly, pageOf, sortOrderOf } from '../../common/list';
import { check, refuseCardNumbers } from '../../common/validate';
import type { RequestContext } from '../../context';
import { assertClearForQueryOrThrow, canSeeClear } from '../../policy/oracles';
import { ScopedQuery, selectParts, type SelectList } from '../../common/scoped-query';
import { assertReasonForPersonalChange, planWrite } from '../../policy/write-guard';
import { recordChange } from '../../trail/change-trail';
import { Customer } from './customer.entity';
import type { CustomerFields, CustomerFilter } from './customer.inputs';
import { emRunner } from '../../db/read-pool';
import { sqlText } from '../../common/sql-text';
import { CUSTOMER_FREE_TEXT, markSensitive } from '../sensitive/sensitive-text';

/** Sortable columns and the category that must be clear to sort by them. */
const SORTS: Record<string, { column: string; category?: CategoryKey }> = {
  id: { column: 'c.id' }, customerNumber: { column: 'c.customer_number' }, createdAt: { column: 'c.created_at' },
  updatedAt: { column: 'c.updated_at' }, status: { column: 'c.status' },
  // 氏名 sorts by its reading (katakana in code point order is the gojūon order), not by kanji code points.
  name: { column: 'c.name_kana collate "C"', category: 'contact.name' }, nameKana: { column: 'c.name_kana collate "C"', category: 'contact.name' },
  prefecture: { column: 'c.prefecture', category: 'contact.address' }, postalCode: { column: 'c.postal_code', category: 'contact.postal' },
  email: { column: 'c.email', category: 'contact.email' }, birthDate: { column: 'c.birth_date', category: 'demographic.birthdate' },
};

const CARD_ALIAS = { cardLast4: { category: 'financial.card' as const, mask: 'card' as const } };

export class CustomerService {
  constructor(private readonly ctx: RequestContext) {}
  private get em(): EntityManager { return this.ctx.em; }

  async list(args: ListArgs, filter: CustomerFilter = {}): Promise<Customer[]> {
    const rows = await this.page(args, filter, 'c.id');
    return loadInIdOrder(this.em, Customer, rows.map((r) => Number(r.id)));
  }

  /**
   * One page of the list as raw rows of the `select`ed columns (alias `c`): same scope, filter, sort and
   * paging as `list`. `selectParams` are the parameters `select` itself uses.
   */
  async page(args: ListArgs, filter: CustomerFilter, select: SelectList, selectParams: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const { limit, offset } = pageOf(args);
    const sort = SORTS[args.sortField ?? 'id'];
    if (!sort) throw badInput('sortField', '並べ替えできない項目です', `Cannot sort by ${args.sortField}`);
    assertClearForQueryOrThrow(this.ctx, args.sortField ?? 'id', sort.category);
    const q = this.query(filter);
    const { sql, params } = q.condition;
    const { columns, joins } = selectParts(select);
    // The limit is written into the text (an integer pageOf checked, 1..MAX_PER_PAGE): as a parameter of a
    // prepared statement (the read pool's), the planner could not cost its generic plan and planned
    // every execution afresh (measured: a third of the statements per second).
    return (this.ctx.readRunner ?? emRunner(this.em))(
      sqlText`select ${columns} from ${q.from}${joins} where ${sql} order by ${sort.column} ${sortOrderOf(args)}, c.id limit ${limit} offset ?`,
      [...selectParams, ...params, offset], narrowsByIdsOnly(filter));
  }

  /** Exact, or above exactCountLimit() the planner's estimate flagged as such (a million-row count per page is a scan). */
  async count(filter: CustomerFilter = {}): Promise<ListCount> {
    const q = this.query(filter);
    const { sql, params } = q.condition;
    return countRows(this.em, `${q.from} where ${sql}`, params);
  }

  async get(id: unknown): Promise<Customer> {
    const [found] = await this.visibleByIds([idOf(id)]);
    if (!found) throw notFound('Customer');
    return found;
  }

  /** Customers by id, restricted to what this request may see (used by relation loaders too). */
  async visibleByIds(ids: readonly number[]): Promise<Customer[]> {
    if (!ids.length) return [];
    const rows = await this.visibleRowsByIds(ids, 'c.id');
    return loadInIdOrder(this.em, Customer, rows.map((r) => Number(r.id)));
  }

  /** The same customers as raw rows of the `select`ed columns (alias `c`), in no particular order; `selectParams` are `select`'s own. */
  async visibleRowsByIds(ids: readonly number[], select: SelectList, selectParams: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const q = new ScopedQuery(this.ctx, 'Customer', 'c').where('c.id = any(?::int[])', intArray(ids)).select(select);
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, [...selectParams, ...q.params], true);
  }

  /** Visible customers sharing the given households (family links). */
  async visibleInHouseholds(householdIds: readonly string[]): Promise<Customer[]> {
    const rows = await this.visibleRowsInHouseholds(householdIds, 'c.id');
    return loadInIdOrder(this.em, Customer, rows.map((r) => Number(r.id)));
  }

  /** The same customers as raw rows of the `select`ed columns (alias `c`), by id. */
  async visibleRowsInHouseholds(householdIds: readonly string[], select: SelectList): Promise<Record<string, unknown>[]> {
    const q = new ScopedQuery(this.ctx, 'Customer', 'c').where('c.household_id = any(?::text[])', textArray(householdIds)).select(select, 'order by c.id');
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, q.params, true);
  }

  async create(args: CustomerFields): Promise<Customer> {
    refuseCardNumbers(args as Record<string, unknown>);
    const plan = planWrite(this.ctx, 'Customer', null, args as Record<string, unknown>, CARD_ALIAS);
    const reason = assertReasonForPersonalChange(plan, args.reason);
    const values = validateCustomerFields(plan.changes, true);
    const customer = this.em.create(Customer, {
      ...values, customerNumber: await this.nextCustomerNumber(), source: (values.source as RecordSource) ?? RecordSource.PHONE,
    }, { partial: true });
    await markSensitive(this.em, customer, CUSTOMER_FREE_TEXT);
    await this.em.flush();
    await recordChange(this.ctx, { entity: 'Customer', entityId: customer.id, subjectId: customer.id, action: 'CREATE', plan, before: null, reason });
    return customer;
  }

  async update(id: unknown, args: CustomerFields): Promise<Customer> {
    refuseCardNumbers(args as Record<string, unknown>);
    const customer = await this.get(id);
    const current = { ...customer, referrerId: customer.referrer?.id ?? null } as Record<string, unknown>;
    const plan = planWrite(this.ctx, 'Customer', current, args as Record<string, unknown>, CARD_ALIAS, [customer.name, customer.nameKana]);
    const reason = assertReasonForPersonalChange(plan, args.reason);
    if (!Object.keys(plan.changes).length) return customer;
    const values = validateCustomerFields(plan.changes, false);
    const before = Object.fromEntries(Object.keys(values).map((k) => [k, current[k]]));
    this.em.assign(customer, values);
    await markSensitive(this.em, customer, CUSTOMER_FREE_TEXT);
    await this.em.flush();
    await recordChange(this.ctx, { entity: 'Customer', entityId: customer.id, subjectId: customer.id, action: 'UPDATE', plan, before, reason });
    return customer;
  }

  /** The customers this request may see (row scope), narrowed by the filter. */
  private query(filter: CustomerFilter): ScopedQuery {
    const q = new ScopedQuery(this.ctx, 'Customer', 'c');
    // No closures here: a page read runs this every request, and each named closure costs a `name` property (tsx keeps names).
    if (filter.ids) q.where('c.id = any(?::int[])', intArray(filter.ids.map((v) => idOf(v, 'filter.ids'))));
    if (filter.customerNumber) q.where('c.customer_number = ?', filter.customerNumber.trim().toUpperCase());
    if (filter.status) q.where('c.status = ?', filter.status);
    if (filter.source) q.where('c.source = ?', filter.source);
    if (filter.householdId) q.where('c.household_id = ?', filter.householdId);
    if (filter.createdAt_gte) q.where('c.created_at >= ?', filter.createdAt_gte);
    if (filter.createdAt_lte) q.where('c.created_at <= ?', filter.createdAt_lte);
    if (filter.prefecture) { assertClearForQueryOrThrow(this.ctx, 'prefecture', 'contact.address'); q.where('c.prefecture = ?', filter.prefecture); }
    if (filter.postalCode) { assertClearForQueryOrThrow(this.ctx, 'postalCode', 'contact.postal'); q.where('c.postal_code = ?', toHalfWidth(filter.postalCode)); }
    if (filter.phone) { assertClearForQueryOrThrow(this.ctx, 'phone', 'contact.phone'); q.where('c.phone_digits = ?', phoneDigits(filter.phone)); }
    if (filter.email) { assertClearForQueryOrThrow(this.ctx, 'email', 'contact.email'); q.where('c.email = ?', filter.email.trim().toLowerCase()); }
    if (filter.nameKana) { assertClearForQueryOrThrow(this.ctx, 'nameKana', 'contact.name'); q.where(`c.name_kana collate "C" like ? escape '\\'`, likePrefix(filter.nameKana)); }
    if (filter.q?.trim()) this.addSearch(q, filter.q);
    return q;
  }

  /** `q` matches only fields the caller sees in clear under this purpose. */
  private addSearch(query: ScopedQuery, q: string): void {
    const term = toHalfWidth(q.trim()).slice(0, 100);
    const ors: string[] = ['c.customer_number = ?'];
    const p: unknown[] = [term.toUpperCase()];
    if (canSeeClear(this.ctx, 'contact.name')) {
      // A reading typed in hiragana (なかむら) finds the katakana stored (ナカムラ).
      ors.push(`replace(c.name, ' ', '') like ? escape '\\'`, `c.name_kana collate "C" like ? escape '\\'`);
      p.push(likeContains(term.replace(/\s/g, '')), likePrefix(toKatakana(term)));
    }
    const digits = phoneDigits(term);
    if (canSeeClear(this.ctx, 'contact.phone') && digits.length >= 4 && /^[\d\s()+-]+$/.test(term)) {
      // The start of a number, or its last digits (「下4桁」), each served by an index.
      ors.push(`c.phone_digits like ?`, `reverse(c.phone_digits) like ?`);
      p.push(`${digits}%`, `${[...digits].reverse().join('')}%`);
    }
    if (canSeeClear(this.ctx, 'contact.email') && /^[\w.+@-]{3,}$/.test(term) && /[A-Za-z@]/.test(term)) {
      ors.push(`c.email like ? escape '\\'`);
      p.push(likeContains(term.toLowerCase()));
    }
    query.where(`(${ors.join(' or ')})`, ...p);
  }

  private async nextCustomerNumber(): Promise<string> {
    const [row] = await sqlIn(this.em)(`select nextval('customer_number_seq')::int as n`);
    return `C${String(row.n).padStart(7, '0')}`;
  }
}

/** Hiragana to katakana (ぁ–ゖ → ァ–ヶ): readings are stored in katakana. */
function toKatakana(s: string): string { return s.replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60)); }
function likePrefix(s: string): string { return `${escapeLike(s.normalize('NFKC'))}%`; }
function likeContains(s: string): string { return `%${escapeLike(s.normalize('NFKC'))}%`; }
function escapeLike(s: string): string { return s.replace(/[\\%_]/g, (m) => `\\${m}`); }

/** Validates and normalises writable customer fields (all required ones on create). */
export function validateCustomerFields(input: Record<string, unknown>, creating: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const req = (f: string) => (creating || f in input ? check.required(f, input[f]) : undefined);
  const opt = (f: string) => (input[f] === null || input[f] === '' ? null : (input[f] as string | undefined));
  const set = (f: string, v: unknown) => { if (v !== undefined) out[f] = v; };
  // Names are stored NFKC-normalised, as kana are and as search terms are: 「ガ」 typed as カ + ゛ finds 「ガ」.
  const name = req('name'); if (name) set('name', check.maxLength('name', name.normalize('NFKC'), 100));
  const kana = req('nameKana'); if (kana) set('nameKana', check.kana('nameKana', check.maxLength('nameKana', kana, 100)));
  const postal = req('postalCode'); if (postal) set('postalCode', check.postal('postalCode', postal));
  const pref = req('prefecture'); if (pref) set('prefecture', check.prefecture('prefecture', pref));
  const city = req('city'); if (city) set('city', check.maxLength('city', city, 100));
  const line = req('addressLine'); if (line) set('addressLine', check.maxLength('addressLine', line, 200));
  const phone = req('phone'); if (phone) { set('phone', check.phone('phone', phone)); set('phoneDigits', phoneDigits(phone)); }
  const email = req('email'); if (email) set('email', check.email('email', email));
  const birth = opt('birthDate'); if (birth !== undefined) set('birthDate', birth === null ? null : check.date('birthDate', birth));
  if ('gender' in input) set('gender', input.gender ?? null);
  for (const f of ['lifestyle', 'occupation'] as const) { const v = opt(f); if (v !== undefined) set(f, v === null ? null : check.maxLength(f, v, 2000)); }
  const brand = opt('cardBrand'); if (brand !== undefined) set('cardBrand', brand === null ? null : check.maxLength('cardBrand', brand, 20));
  const last4 = opt('cardLast4');
  if (last4 !== undefined) {
    if (last4 !== null && !/^\d{4}$/.test(last4)) throw badInput('cardLast4', 'カード番号は下4桁のみ入力してください', 'Only the last 4 digits of the card');
    set('cardLast4', last4);
  }
  const exp = opt('cardExpiry');
  if (exp !== undefined) {
    if (exp !== null && !/^(0[1-9]|1[0-2])\/\d{2}$/.test(exp)) throw badInput('cardExpiry', '有効期限は MM/YY で入力してください', 'Expiry must be MM/YY');
    set('cardExpiry', exp);
  }
  if (input.source !== undefined && input.source !== null) set('source', input.source);
  if ('referrerId' in input) set('referrer', input.referrerId == null ? null : idOf(input.referrerId, 'referrerId'));
  if ('householdId' in input) { const h = opt('householdId'); set('householdId', h == null ? null : check.maxLength('householdId', h, 16)); }
  return out;
}
