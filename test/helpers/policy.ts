// Shared pieces of the policy specs (test/policy-*.test.ts): everything expected is derived from
// schema/policy and read from the test database, never written down as a result.
import { getNamedType, isEnumType, isObjectType } from 'graphql';
import type pg from 'pg';
import {
  CATEGORIES, CONSENT_PURPOSES, decideAccess, mayPerform, PERSONAL_TYPES, readScope, RESOURCES, ROLE_KEYS, ROLES,
  STOPPED_USE_EXCLUDED_PURPOSES, type Access, type CategoryKey, type MaskKind, type PurposeKey, type ResourceName, type RoleKey,
} from '../../schema/policy';
import { buildBareSchema } from '../../server/src/graphql/schema';
import { applyMask } from '../../server/src/policy/masking';
import { demoEmail } from '../../server/src/seeders';
import type { GqlResult } from './server';

/** Every role with every purpose it may declare. */
export const ROLE_PURPOSES: [RoleKey, PurposeKey][] = ROLE_KEYS.flatMap((r) =>
  (ROLES[r].purposes as readonly PurposeKey[]).map((p) => [r, p] as [RoleKey, PurposeKey]));

/** Every role with every purpose it may declare, and with none. */
export const ROLE_PURPOSES_AND_NONE: [RoleKey, PurposeKey | null][] = [...ROLE_PURPOSES, ...ROLE_KEYS.map((r) => [r, null] as [RoleKey, null])];

export const who = (role: RoleKey, purpose: PurposeKey | null) => (purpose ? `as ${role} under ${purpose}` : `as ${role} without a purpose`);

/** The types carrying personal fields, with the resource their rows come from. */
export type PersonalType = 'Customer' | 'ShipTo' | 'Interaction' | 'PrivacyRequest' | 'Consent';
export const PERSONAL_TYPE_NAMES = Object.keys(PERSONAL_TYPES) as PersonalType[];

export interface PersonalFieldSpec {
  type: PersonalType;
  field: string;
  category: CategoryKey;
  kind: MaskKind;
  /** SQL expression of the stored value (on `customer`, `"order"` or `interaction`). */
  column: string;
  /** An enum field (gender) cannot carry a masked form: masked, it answers null (unless its mask keeps it as is). */
  enumTyped: boolean;
  /** A DateTimeISO field: the server masks the Date it holds (a string mask of a Date is null), not its text. */
  dateTimeTyped: boolean;
}

const SCHEMA = buildBareSchema();
function isEnumField(type: string, field: string): boolean {
  const t = SCHEMA.getType(type);
  return isObjectType(t) && isEnumType(getNamedType(t.getFields()[field]?.type));
}
function isDateTimeField(type: string, field: string): boolean {
  const t = SCHEMA.getType(type);
  return isObjectType(t) && getNamedType(t.getFields()[field]?.type)?.name === 'DateTimeISO';
}

/** The value the server masks: a DateTimeISO field's Date (the stored row gives its text). */
export const maskInput = (f: PersonalFieldSpec, stored: unknown): unknown => (f.dateTimeTyped && typeof stored === 'string' ? new Date(stored) : stored);

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** Columns whose name or representation differs from the field (the GraphQL value is a string). */
const COLUMNS: Record<string, string> = {
  'Customer.cardNumber': 'card_last4',
  'Customer.birthDate': `to_char(birth_date, 'YYYY-MM-DD')`,
  'Customer.gender': 'gender::text',
  'Consent.purpose': 'purpose::text',
  'Consent.source': 'source::text',
  'Consent.live': '(withdrawn_at is null)',
  'Consent.grantedAt': `to_char(granted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  'Consent.withdrawnAt': `to_char(withdrawn_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  'Consent.guardianConsentAt': `to_char(guardian_consent_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};

/** The personal fields of a type, from schema/policy/fields.ts. */
export function personalFields(type: PersonalType): PersonalFieldSpec[] {
  return Object.entries(PERSONAL_TYPES[type]).flatMap(([field, cls]) => {
    if (!cls) return [];
    const column = COLUMNS[`${type}.${field}`] ?? (type === 'ShipTo' ? `ship_to_${snake(field)}` : snake(field));
    return [{ type, field, category: cls.category, kind: cls.mask ?? CATEGORIES[cls.category].mask, column, enumTyped: isEnumField(type, field),
      dateTimeTyped: isDateTimeField(type, field) }];
  });
}

/** `name nameKana … maskedFields`: every personal field of the type. */
export function selectionOf(type: PersonalType): string {
  return `${personalFields(type).map((f) => f.field).join(' ')} maskedFields`;
}

/** Stored personal values of one row, plus the names free-text masking redacts. */
export interface StoredRow { values: Record<string, unknown>; names?: string[] }

export async function storedRow(sql: pg.Pool, type: PersonalType, id: number): Promise<StoredRow> {
  const cols = personalFields(type).map((f) => `${f.column} as "${f.field}"`).join(', ');
  const q = {
    Customer: `select ${cols}, name as "__name", name_kana as "__kana" from customer where id = $1`,
    ShipTo: `select ${cols} from "order" where id = $1`,
    Interaction: `select ${cols.replace(/\b(summary|transcript|recording_key)\b as/g, 'i.$1 as')}, c.name as "__name", c.name_kana as "__kana",
      i.complainant_name as "__complainant" from interaction i join customer c on c.id = i.customer_id where i.id = $1`,
    PrivacyRequest: `select ${cols} from privacy_request where id = $1`,
    Consent: `select ${cols} from consent where id = $1`,
  }[type];
  const { rows } = await sql.query(q, [id]);
  if (!rows[0]) throw new Error(`no ${type} row ${id}`);
  const { __name, __kana, __complainant, ...values } = rows[0];
  return { values, names: __name ? [__name, __kana, ...(__complainant ? [__complainant] : [])] : undefined };
}

/** What the policy says `role` under `purpose` must receive for one field of a stored row. */
export function expectedField(role: RoleKey, purpose: PurposeKey | null, f: PersonalFieldSpec, row: StoredRow) {
  const access: Access = decideAccess(role, purpose, f.category);
  const stored = row.values[f.field] ?? null;
  const masked = f.enumTyped && f.kind !== 'keep' ? null : applyMask(f.kind, maskInput(f, stored), { names: row.names });
  const value = access === 'CLEAR' ? stored : access === 'MASKED' ? masked : null;
  return { access, value, listedAsMasked: access !== 'CLEAR' };
}

/**
 * Mismatches between an answered object and the policy applied to its stored row, one line per field
 * (an empty list is a pass): CLEAR = stored value, MASKED = applyMask of it, HIDDEN = null; maskedFields
 * lists exactly the fields that are not clear.
 */
export function policyMismatches(role: RoleKey, purpose: PurposeKey | null, type: PersonalType, answer: any, row: StoredRow): string[] {
  const out: string[] = [];
  if (!answer) return [`${type}: no object answered`];
  const masked: string[] = answer.maskedFields ?? [];
  for (const f of personalFields(type)) {
    const e = expectedField(role, purpose, f, row);
    const got = answer[f.field] ?? null;
    if (JSON.stringify(got) !== JSON.stringify(e.value)) out.push(`${type}.${f.field} (${e.access}): got ${JSON.stringify(got)}, want ${JSON.stringify(e.value)}`);
    if (masked.includes(f.field) !== e.listedAsMasked) out.push(`${type}.${f.field} (${e.access}): maskedFields ${e.listedAsMasked ? 'lacks' : 'lists'} it`);
  }
  return out;
}

/** The access of `role` under `purpose` to the category of `type.field`. */
export function decideAccessFor(role: RoleKey, purpose: PurposeKey | null, type: PersonalType, field: string): Access {
  const cls = PERSONAL_TYPES[type][field];
  if (!cls) throw new Error(`${type}.${field} is not a personal field`);
  return decideAccess(role, purpose, cls.category);
}

/**
 * The relations of `type` that `role` under `purpose` may not follow: fields of a resource type whose type is a
 * resource it may not read. They answer null and are listed in maskedFields.
 */
export function withheldRelations(type: string, role: RoleKey, purpose: PurposeKey | null): string[] {
  const t = SCHEMA.getType(type);
  const isResource = (name: string): name is ResourceName => name in RESOURCES;
  if (!isObjectType(t) || !isResource(type)) return [];
  return Object.values(t.getFields()).filter((f) => {
    const target = getNamedType(f.type).name;
    return isResource(target) && !mayPerform(target, 'read', role, purpose);
  }).map((f) => f.name);
}

/** Resources holding each personal type's rows. */
export const RESOURCE_OF: Record<PersonalType, ResourceName> = {
  Customer: 'Customer', ShipTo: 'Order', Interaction: 'Interaction', PrivacyRequest: 'PrivacyRequest', Consent: 'Consent',
};

export const mayRead = (resource: ResourceName, role: RoleKey, purpose: PurposeKey | null) => mayPerform(resource, 'read', role, purpose);

export function errorCode(r: GqlResult): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}

export function errorField(r: GqlResult): string | undefined {
  return r.errors?.[0]?.extensions?.field;
}

/** The contractor a demo contractor account belongs to. */
export async function contractorOf(sql: pg.Pool, role: RoleKey): Promise<number> {
  const { rows } = await sql.query('select contractor_id from staff where email = $1', [demoEmail(role)]);
  return rows[0].contractor_id;
}

const MARKETING_CONSENTS = CONSENT_PURPOSES as readonly string[];

/** Gives a customer a live consent for every consent purpose (adult or with a guardian's consent as told). */
export async function grantConsents(sql: pg.Pool, customerId: number, guardian = false): Promise<void> {
  for (const p of MARKETING_CONSENTS) {
    await sql.query(`insert into consent (customer_id, purpose, granted_at, source, guardian_consent, guardian_consent_at)
      select $1, $2, now() - interval '30 days', 'WEB', $3, case when $3 then now() - interval '30 days' end
      where not exists (select 1 from consent where customer_id = $1 and purpose = $2 and withdrawn_at is null)`, [customerId, p, guardian]);
    await sql.query('update consent set guardian_consent = $3, guardian_consent_at = case when $3 then granted_at end where customer_id = $1 and purpose = $2', [customerId, p, guardian]);
  }
}

/** One customer, one of its orders and one of its interactions, every personal value non-null. */
export interface Subject { customerId: number; orderId: number; interactionId: number }

/**
 * Makes a seeded adult customer a subject every reading role may see under every purpose it holds:
 * all optional fields filled, live consents, its latest order shipped by the demo carrier, overdue and
 * handed to the demo collection agency, and the customer on the demo mailing house's mailings (so every
 * contractor role reaches it). Free text names the customer and a phone number,
 * so that masking it visibly changes it.
 */
/**
 * Hands the customer's order to the demo collection agency (an open case) and the customer to the demo mailing
 * house (an open mailing per consent purpose), so that those accounts reach it. Written as the API's handover
 * leaves it; test/policy-contractors.test.ts goes through the API itself.
 */
export async function assignToDemoContractors(sql: pg.Pool, customerId: number, orderId: number): Promise<void> {
  await handToDemoAgency(sql, orderId);
  await addToDemoMailings(sql, customerId);
}

/** An open collection case of the demo agency for the order (taken over from another agency if one had it). */
export async function handToDemoAgency(sql: pg.Pool, orderId: number): Promise<void> {
  const agency = await contractorOf(sql, 'COLLECTION_AGENCY');
  await sql.query(`insert into collection_case (order_id, contractor_id) select $1, $2
    where not exists (select 1 from collection_case where order_id = $1 and closed_at is null)`, [orderId, agency]);
  await sql.query(`update collection_case set contractor_id = $2 where order_id = $1 and closed_at is null`, [orderId, agency]);
}

/** The customer on an open mailing of the demo mailing house, for every consent purpose. */
export async function addToDemoMailings(sql: pg.Pool, customerId: number): Promise<void> {
  const house = await contractorOf(sql, 'MAILING_HOUSE');
  for (const purpose of MARKETING_CONSENTS) {
    const { rows: [m] } = await sql.query(`select id from mailing where contractor_id = $1 and purpose = $2 and status = 'HANDED_OVER' order by id limit 1`, [house, purpose]);
    const mailing = m?.id ?? (await sql.query(`insert into mailing (name, purpose, status, contractor_id, handed_over_at)
      values ('試験のご案内', $2, 'HANDED_OVER', $1, now()) returning id`, [house, purpose])).rows[0].id;
    await sql.query('insert into mailing_recipient (mailing_id, customer_id) values ($1, $2) on conflict do nothing', [mailing, customerId]);
  }
}

export async function prepareSubject(sql: pg.Pool, exclude: number[] = []): Promise<Subject> {
  const { rows: [c] } = await sql.query(`select c.id from customer c
    where c.status = 'ACTIVE' and c.birth_date < now() - interval '25 years' and not c.id = any($1::int[])
      and exists (select 1 from "order" o where o.customer_id = c.id)
      and exists (select 1 from interaction i where i.customer_id = c.id and i.transcript is not null)
    order by c.id limit 1`, [exclude]);
  if (!c) throw new Error('the seed has no customer to make a subject of');
  const id: number = c.id;
  await sql.query(`update customer set gender = coalesce(gender, 'FEMALE'), occupation = coalesce(occupation, '会社員') || '(勤務先 03-5555-0100)',
      lifestyle = coalesce(lifestyle, '一人暮らし') || '。連絡は ' || name || ' 様 ' || phone || ' まで',
      card_brand = coalesce(card_brand, 'VISA'), card_last4 = coalesce(card_last4, '4242'), card_expiry = coalesce(card_expiry, '12/30')
    where id = $1`, [id]);
  await grantConsents(sql, id);
  const carrier = await contractorOf(sql, 'CARRIER');
  const { rows: [o] } = await sql.query(`update "order" set carrier_id = $2, status = 'SHIPPED', shipped_at = placed_at + interval '1 day',
      delivered_at = null, payment_status = 'OVERDUE', payment_due_at = placed_at + interval '14 days'
    where id = (select id from "order" where customer_id = $1 order by placed_at desc, id desc limit 1) returning id`, [id, carrier]);
  await assignToDemoContractors(sql, id, o.id);
  const { rows: [i] } = await sql.query(`update interaction i set recording_key = coalesce(recording_key, 'rec/' || i.id || '.wav'),
      recording_duration_sec = coalesce(recording_duration_sec, 60),
      summary = summary || '(' || c.name || ' 様)', transcript = transcript || ' 折り返しは ' || c.phone || ' へ。',
      -- The complainant fields are set only on complaints without a customer; here they are set on this one row
      -- so that every personal field of Interaction has a stored value to decide (the API never writes both).
      complainant_name = '申出 太郎', complainant_contact = '東京都港区芝公園1-1-1 申出様方'
    from customer c where c.id = i.customer_id
      and i.id = (select id from interaction where customer_id = $1 and transcript is not null order by id limit 1)
    returning i.id`, [id]);
  return { customerId: id, orderId: o.id, interactionId: i.id };
}

/** SQL: the contractor's agreement is live today (Japan), for contractor `$n`. */
const LIVE = (n: number) => `exists (select 1 from contractor ag where ag.id = $${n} and ag.agreement_expires_at >= (now() at time zone 'Asia/Tokyo')::date)`;

/**
 * The customers `role` under `purpose` may see, written from obligations.md and resources.ts
 * independently of the server's row-scope.ts: never erased; not stopped under the purposes that end
 * with stop of use; consent purposes need a live consent for the purpose and, under 20, a guardian's;
 * a mailing house only the recipients of its own contractor's open mailings for the declared purpose, a
 * collection agency only the debtors of its own contractor's open cases (both under a live agreement).
 * `contractorId` names the contractor of the account asking (default: the demo account's).
 */
export async function expectedCustomerIds(sql: pg.Pool, role: RoleKey, purpose: PurposeKey | null, contractorId?: number): Promise<number[]> {
  const scope = readScope('Customer', role);
  if (!scope) return [];
  const where = [`c.status <> 'ERASED'`];
  const params: unknown[] = [];
  if (purpose && STOPPED_USE_EXCLUDED_PURPOSES.includes(purpose)) where.push(`c.status <> 'USE_STOPPED'`);
  const consentPurpose = purpose !== null && (CONSENT_PURPOSES as readonly string[]).includes(purpose);
  if (scope === 'assignedMailings' && !consentPurpose) return [];
  if (consentPurpose) {
    params.push(purpose);
    where.push(`c.status <> 'USE_STOPPED'`, `exists (select 1 from consent k where k.customer_id = c.id and k.purpose::text = $${params.length}
      and k.withdrawn_at is null and (c.birth_date is null or k.guardian_consent
        or extract(year from age((now() at time zone 'Asia/Tokyo')::date, c.birth_date)) >= 20))`);
  }
  if (scope === 'assignedMailings') {
    params.push(contractorId ?? await contractorOf(sql, role));
    where.push(LIVE(params.length), `c.id in (select r.customer_id from mailing_recipient r join mailing m on m.id = r.mailing_id
      where m.contractor_id = $${params.length} and m.status = 'HANDED_OVER' and m.purpose = $1)`);
  }
  if (scope === 'assignedCollectionCases') {
    params.push(contractorId ?? await contractorOf(sql, role));
    where.push(LIVE(params.length), `c.id in (select o.customer_id from collection_case k join "order" o on o.id = k.order_id
      where k.contractor_id = $${params.length} and k.closed_at is null and o.payment_status = 'OVERDUE')`);
  }
  if (scope !== 'all' && scope !== 'assignedMailings' && scope !== 'assignedCollectionCases') return [];
  const { rows } = await sql.query(`select c.id from customer c where ${where.join(' and ')} order by c.id`, params);
  return rows.map((r) => r.id);
}

/** The orders `role` under `purpose` may see (carrier: its own, not yet delivered; agency: those of its own open cases). */
export async function expectedOrderIds(sql: pg.Pool, role: RoleKey, purpose: PurposeKey | null, contractorId?: number): Promise<number[]> {
  const scope = readScope('Order', role);
  if (!scope) return [];
  const excluded = purpose && STOPPED_USE_EXCLUDED_PURPOSES.includes(purpose) ? `('ERASED', 'USE_STOPPED')` : `('ERASED')`;
  const where = [`c.status not in ${excluded}`];
  const params: unknown[] = [];
  if (scope === 'assignedShipments') {
    params.push(contractorId ?? await contractorOf(sql, role));
    where.push(LIVE(1), `o.carrier_id = $1`, `o.status in ('PLACED', 'SHIPPED')`);
  } else if (scope === 'assignedCollectionCases') {
    params.push(contractorId ?? await contractorOf(sql, role));
    where.push(LIVE(1), `o.payment_status = 'OVERDUE'`,
      `exists (select 1 from collection_case k where k.order_id = o.id and k.contractor_id = $1 and k.closed_at is null)`);
  } else if (scope !== 'all') return [];
  const { rows } = await sql.query(`select o.id from "order" o join customer c on c.id = o.customer_id where ${where.join(' and ')} order by o.id`, params);
  return rows.map((r) => r.id);
}

/** The interactions `role` under `purpose` may see: those of the customers it may see. */
export async function expectedInteractionIds(sql: pg.Pool, role: RoleKey, purpose: PurposeKey | null): Promise<number[]> {
  if (!readScope('Interaction', role)) return [];
  const customers = await expectedCustomerIds(sql, role, purpose);
  const { rows } = await sql.query('select id from interaction where customer_id = any($1::int[]) order by id', [customers]);
  return rows.map((r) => r.id);
}

export const ids = (list: { id: string }[] | undefined | null): number[] => (list ?? []).map((x) => Number(x.id)).sort((a, b) => a - b);
