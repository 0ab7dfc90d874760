// A client that selects every field — react-admin's ra-data-graphql-simple as it ships — works for every role ×
// purpose on every resource that role may read: getList, getOne, getMany and getManyReference all succeed. What
// the role may not read answers null and is listed in maskedFields, never clearer than the policy allows.
// Resources, readers, relations and expected values are derived from schema/policy and the stored rows.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pluralize from 'pluralize';
import {
  decideAccess, hasPower, mayPerform, operationRule, PERSONAL_TYPES, POWER_KEYS, POWERS, RESOURCES, type PurposeKey, type ResourceName, type ResourceRule, type RoleKey,
} from '../schema/policy';
import { applyMask } from '../server/src/policy/masking';
import { personalFields, prepareSubject, ROLE_PURPOSES_AND_NONE, storedRow, who, type PersonalType } from './helpers/policy';
import { startTestServer, type TestServer } from './helpers/server';
import {
  isListType, namedTypeOf, referenceFields, standardProvider, type StandardIntrospection, type StandardProvider,
} from './helpers/standard-client';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ customers: 40 });
  await prepareSubject(s.sql);
  // A row in the registers the demo seed leaves empty, so that every list has something to serve.
  const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const made = await Promise.all([
    pm(`mutation { createProvisionRecord(customerId: "1", recipientName: "株式会社さくらパートナーズ", dataCategories: ["contact.name"],
      legalBasis: LAW, exemptionNote: "刑事訴訟法197条2項") { id } }`),
    pm('mutation { createLeakIncident(title: "誤送信", discoveredAt: "2026-11-01T00:00:00Z", peopleAffected: 3) { id } }'),
    pm('mutation { createAudit(title: "定期監査", periodFrom: "2026-11-01", periodTo: "2026-11-30") { id } }'),
    pm('mutation { updateCustomer(id: "1", occupation: "会社員", reason: "本人からの申し出") { id } }'),
  ]);
  for (const r of made) expect(r.errors).toBeUndefined();
});
afterAll(async () => { await s?.stop(); });

const isResource = (name: string): name is ResourceName => Object.prototype.hasOwnProperty.call(RESOURCES, name);

/**
 * Whether `role` under `purpose` may list a resource of the standard client: the power that opens its list
 * query, else its rule in RESOURCES, else the rule of the list query (as the shield decides them).
 */
function mayList(typeName: string, role: RoleKey, purpose: PurposeKey | null): boolean {
  const listQuery = `all${pluralize(typeName)}`;
  const power = POWER_KEYS.find((p) => (POWERS[p].operations as readonly string[]).includes(listQuery));
  if (power) return hasPower(role, power);
  if (isResource(typeName)) return mayPerform(typeName, 'read', role, purpose);
  const access = operationRule(listQuery);
  if (access === undefined) throw new Error(`the standard client lists ${typeName}, which neither POWERS, RESOURCES nor OPERATION_RULES names`);
  if (access === 'public' || access === 'authenticated' || access === 'staff' || access === 'staffSession') return true;
  if ('roles' in access) return access.roles.includes(role);
  if ('resource' in access) return mayPerform(access.resource, access.op ?? 'read', role, purpose);
  if ('power' in access) return hasPower(role, access.power);
  return false;
}

type Rec = Record<string, any>;

/**
 * Where one record served to `role` under `purpose` is clearer than the policy, or hides something without
 * saying so (one line each; none is a pass). Personal fields: HIDDEN → null, MASKED → the mask or null, CLEAR →
 * stored, mask or null, and listed in maskedFields unless served as stored. Relations to a resource the request
 * may not read: null and listed; the others not listed.
 */
async function recordProblems(intro: StandardIntrospection, typeName: string, rec: Rec, role: RoleKey, purpose: PurposeKey | null): Promise<string[]> {
  const out: string[] = [];
  const type = intro.resources.find((r) => r.type.name === typeName)?.type
    ?? intro.types.find((t) => t.name === typeName) as StandardIntrospection['resources'][number]['type'] | undefined;
  if (!type) return [`${typeName}: not in the schema`];
  const hasMaskedFields = type.fields.some((f) => f.name === 'maskedFields');
  const masked: string[] = rec.maskedFields ?? [];
  if (typeName in PERSONAL_TYPES) {
    const row = await storedRow(s.sql, typeName as PersonalType, Number(rec.id ?? rec.__orderId));
    for (const f of personalFields(typeName as PersonalType)) {
      const access = decideAccess(role, purpose, f.category);
      const stored = row.values[f.field] ?? null;
      const mask = f.enumTyped && f.kind !== 'keep' ? null : applyMask(f.kind, stored, { names: row.names });
      const got = rec[f.field] ?? null;
      const allowed = access === 'HIDDEN' ? [null] : access === 'MASKED' ? [mask, null] : [stored, mask, null];
      const at = `${typeName}#${rec.id ?? rec.__orderId}.${f.field} (${access})`;
      if (!allowed.some((v) => JSON.stringify(v) === JSON.stringify(got))) out.push(`${at}: served ${JSON.stringify(got)}`);
      const servedAsStored = JSON.stringify(got) === JSON.stringify(stored);
      if ((access !== 'CLEAR' || !servedAsStored) && !masked.includes(f.field)) out.push(`${at}: not in maskedFields`);
    }
  }
  for (const field of type.fields) {
    const target = namedTypeOf(field.type);
    if (isResource(target) && isResource(typeName)) {
      const may = mayPerform(target, 'read', role, purpose);
      const at = `${typeName}#${rec.id}.${field.name} → ${target}`;
      // The provider drops null fields from the record: absent means the server answered null.
      if (!may && rec[field.name] != null) out.push(`${at}: served to a role that may not read ${target}`);
      if (!may && !hasMaskedFields) out.push(`${at}: withheld, but ${typeName} has no maskedFields`);
      if (!may && hasMaskedFields && !masked.includes(field.name)) out.push(`${at}: withheld, not in maskedFields`);
      if (may && masked.includes(field.name)) out.push(`${at}: listed in maskedFields, yet may be read`);
      if (may && isListType(field.type) && !Array.isArray(rec[field.name])) out.push(`${at}: no list served`);
    } else if (target in PERSONAL_TYPES && !isResource(target) && rec[field.name]) {
      out.push(...await recordProblems(intro, target, { ...rec[field.name], __orderId: rec.id }, role, purpose));
    }
  }
  return out;
}

const PAGE = { pagination: { page: 1, perPage: 5 }, sort: { field: 'id', order: 'ASC' as const }, filter: {} };

/** Every read of one resource through the standard provider; what failed or served too much, one line each. */
async function readEverything(provider: StandardProvider, intro: StandardIntrospection, typeName: string, role: RoleKey, purpose: PurposeKey | null) {
  const problems: string[] = [];
  const resource = intro.resources.find((r) => r.type.name === typeName)!;
  const attempt = async <T>(what: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (e) {
      const err = e as { message?: string; body?: { graphQLErrors?: { path?: unknown[]; extensions?: { code?: string } }[] } };
      const where = err.body?.graphQLErrors?.map((g) => `${g.extensions?.code} at ${g.path?.join('.')}`).join(', ');
      problems.push(`${typeName} ${what}: ${err.message}${where ? ` (${where})` : ''}`);
      return undefined;
    }
  };
  const check = async (what: string, records: Rec[]) => {
    for (const rec of records) problems.push(...(await recordProblems(intro, typeName, rec, role, purpose)).map((p) => `${what}: ${p}`));
  };
  const list = await attempt('getList', () => provider.getList(typeName, PAGE));
  if (!list) return { problems, rows: 0 };
  if (list.total !== undefined && list.total < list.data.length) problems.push(`${typeName} getList: total ${list.total} < ${list.data.length} rows`);
  await check('getList', list.data);
  const first = list.data[0];
  if (first && resource.GET_ONE) {
    const one = await attempt('getOne', () => provider.getOne(typeName, { id: first.id }));
    if (one && String(one.data.id) !== String(first.id)) problems.push(`${typeName} getOne: asked ${first.id}, got ${one.data.id}`);
    if (one) await check('getOne', [one.data]);
  }
  const ids = first ? list.data.slice(0, 3).map((r) => r.id) : ['1'];
  const many = await attempt('getMany', () => provider.getMany(typeName, { ids }));
  if (many && resource.GET_LIST?.args.some((a) => a.name === 'filter')) {
    const extra = many.data.filter((r) => !ids.map(String).includes(String(r.id)));
    if (extra.length) problems.push(`${typeName} getMany: served ids not asked for: ${extra.map((r) => r.id)}`);
  }
  if (many) await check('getMany', many.data);
  // By each field that names another record (customerId…); a resource without one, by its own ids.
  const references = referenceFields(intro, resource);
  const targets = references.length ? references : resource.GET_LIST?.args.some((a) => a.name === 'filter') ? ['ids'] : [];
  for (const target of targets) {
    const holder = list.data.find((r) => r[target] != null);
    const id = target === 'ids' ? first?.id ?? '1' : holder?.[target] ?? '1';
    const ref = await attempt(`getManyReference(${target})`, () => provider.getManyReference(typeName, { ...PAGE, target, id }));
    if (ref && target !== 'ids' && ref.data.some((r) => String(r[target]) !== String(id))) problems.push(`${typeName} getManyReference(${target}=${id}): other records served`);
    if (ref) await check(`getManyReference(${target})`, ref.data);
  }
  return { problems, rows: list.data.length };
}

/** The resources the standard client can list (it also counts types that only have an update mutation). */
const listed = (intro: StandardIntrospection) => intro.resources.filter((r) => r.GET_LIST).map((r) => r.type.name);

async function introspectionAs(role: RoleKey, purpose: PurposeKey | null) {
  const token = (await s.asRole(role)).token;
  const provider = standardProvider(s.url, token, purpose);
  return { provider, intro: await provider.getIntrospection() };
}

describe('the standard client', () => {
  test('finds every resource of the policy under its react-admin names', async () => {
    const { intro } = await introspectionAs('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const found = listed(intro);
    // A resource read only through its parent's relation (an order's items, an audit's findings) has no list of its own.
    for (const name of Object.keys(RESOURCES).filter((r) => !(RESOURCES as Record<string, ResourceRule>)[r].relationOnly)) expect(found, name).toContain(name);
    // Every resource it reads by id it can list too: listing is where each read below starts.
    expect(intro.resources.filter((r) => r.GET_ONE && !r.GET_LIST).map((r) => r.type.name)).toEqual([]);
  });
});

describe.each(ROLE_PURPOSES_AND_NONE)('ra-data-graphql-simple unmodified, as %s under %s', (role, purpose) => {
  test(`${who(role, purpose)}: every read of every resource it may read succeeds, nothing clearer than the policy`, async () => {
    const { provider, intro } = await introspectionAs(role, purpose);
    const readable = listed(intro).filter((name) => mayList(name, role, purpose));
    const problems: string[] = [];
    for (const name of readable) problems.push(...(await readEverything(provider, intro, name, role, purpose)).problems);
    expect(problems).toEqual([]);
  });
});

describe('roles whose row scope yields no rows', () => {
  const CONTRACTORS = ROLE_PURPOSES_AND_NONE.filter(([role]) => ['CARRIER', 'MAILING_HOUSE', 'COLLECTION_AGENCY'].includes(role));

  test.each(CONTRACTORS)('as %s under %s every read succeeds with empty data', async (role, purpose) => {
    // No live consent, nothing overdue (its cases close), nothing handed to a carrier, every mailing sent: the contractors' scopes are empty.
    await s.sql.query(`update consent set withdrawn_at = coalesce(withdrawn_at, now())`);
    await s.sql.query(`update mailing set status = 'SENT', closed_at = now() where status = 'HANDED_OVER'`);
    await s.sql.query(`update "order" set payment_status = 'PAID' where payment_status = 'OVERDUE'`);
    await s.sql.query(`update "order" set carrier_id = null`);
    const { provider, intro } = await introspectionAs(role, purpose);
    const scoped = listed(intro).filter((name) => isResource(name) && mayList(name, role, purpose)
      && (RESOURCES[name].read as Partial<Record<RoleKey, string>>)[role] !== 'all');
    const problems: string[] = [];
    for (const name of scoped) {
      const { problems: p, rows } = await readEverything(provider, intro, name, role, purpose);
      problems.push(...p);
      if (rows) problems.push(`${name}: ${rows} rows served`);
    }
    expect(problems).toEqual([]);
  });
});
