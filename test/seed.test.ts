// The demo-data seeder: deterministic, realistic Japanese data, and nothing a demo must never contain.
import argon2 from 'argon2';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_KEYS } from '../schema/policy';
import { isJapanesePhone, isKatakana, PREFECTURES } from '../server/src/common/japan';
import {
  DEMO_PASSWORD, demoEmail, DOMAIN_TABLES, isDatabaseSeeded, POSTAL_AREAS, readingOf, seedDemoData, truncateDomainTables,
} from '../server/src/seeders';
import { createTestDatabase, type TestDatabase } from './helpers/database';

const SEED = 7;
let main: TestDatabase;
let other: TestDatabase;
let db: pg.Client;

async function rows<T = Record<string, unknown>>(sql: string, params: unknown[] = [], client = db): Promise<T[]> {
  return (await client.query(sql, params)).rows as T[];
}

async function firstCustomer(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await rows('SELECT name, name_kana, phone, email FROM customer ORDER BY id LIMIT 1', [], client))[0];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  [main, other] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  expect(await isDatabaseSeeded(main.url)).toBe(false);
  await seedDemoData(main.url, { customers: 300, seed: SEED, batchSize: 120 });
  db = new pg.Client({ connectionString: main.url });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await Promise.all([main?.drop(), other?.drop()]);
});

describe('seedDemoData', () => {
  it('refuses to create demo accounts when NODE_ENV=production', async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(seedDemoData(other.url, { customers: 5 })).rejects.toThrow(/NODE_ENV=production/);
    } finally {
      if (before === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = before;
    }
    expect(await isDatabaseSeeded(other.url)).toBe(false);
  });

  it('is deterministic: the same seed gives the same customers, another seed other ones', async () => {
    const expected = await firstCustomer(main.url);
    await seedDemoData(other.url, { customers: 20, seed: SEED });
    expect(await firstCustomer(other.url)).toEqual(expected);
    await truncateDomainTables(other.url);
    await seedDemoData(other.url, { customers: 20, seed: SEED + 1 });
    expect(await firstCustomer(other.url)).not.toEqual(expected);
  });

  it('numbers customers and orders below the app\'s own sequences, and never reuses an id after a truncate', async () => {
    const client = new pg.Client({ connectionString: other.url });
    await client.connect();
    try {
      // `other` was seeded with 20 customers, emptied and seeded again: the access trail may still name ids 1–20.
      const [first] = await rows<{ id: number; customer_number: string }>('SELECT id, customer_number FROM customer ORDER BY id LIMIT 1', [], client);
      expect(first).toEqual({ id: 21, customer_number: 'C0000001' });
      const [order] = await rows<{ order_number: string }>('SELECT order_number FROM "order" ORDER BY id LIMIT 1', [], client);
      expect(order.order_number).toBe('O000000001');
    } finally {
      await client.end();
    }
  });

  it('refuses to seed a database that is already seeded', async () => {
    expect(await isDatabaseSeeded(main.url)).toBe(true);
    await expect(seedDemoData(main.url, { customers: 1 })).rejects.toThrow(/already seeded/);
  });

  it('writes kanji names with their katakana reading', async () => {
    const customers = await rows<{ name: string; name_kana: string }>('SELECT name, name_kana FROM customer');
    expect(customers).toHaveLength(300);
    for (const c of customers) {
      expect(isKatakana(c.name_kana), c.name_kana).toBe(true);
      expect(c.name_kana).toBe(readingOf(c.name));
    }
  });

  it('uses real postal codes with their prefecture and city, for customers and ship-to blocks', async () => {
    expect(new Set(POSTAL_AREAS.map((a) => a.prefecture))).toEqual(new Set(PREFECTURES));
    const known = new Set(POSTAL_AREAS.map((a) => `${a.postal}|${a.prefecture}|${a.city}`));
    const addresses = await rows<{ p: string; pref: string; city: string }>(
      `SELECT postal_code AS p, prefecture AS pref, city FROM customer
       UNION ALL SELECT ship_to_postal_code, ship_to_prefecture, ship_to_city FROM "order"`,
    );
    for (const a of addresses) {
      expect(a.p).toMatch(/^\d{3}-\d{4}$/);
      expect(known.has(`${a.p}|${a.pref}|${a.city}`), `${a.p} ${a.pref} ${a.city}`).toBe(true);
    }
  });

  it('writes Japanese phone numbers, landlines with the area code of the address', async () => {
    const areaOf = new Map(POSTAL_AREAS.map((a) => [a.postal, a.areaCode]));
    const phones = await rows<{ phone: string; phone_digits: string; postal_code: string }>('SELECT phone, phone_digits, postal_code FROM customer');
    for (const p of phones) {
      expect(isJapanesePhone(p.phone), p.phone).toBe(true);
      expect(p.phone_digits).toBe(p.phone.replace(/-/g, ''));
      if (!/^0[789]0-/.test(p.phone)) expect(p.phone.startsWith(`${areaOf.get(p.postal_code)}-`), p.phone).toBe(true);
    }
  });

  it('never stores anything that looks like a full card number, in any column it fills', async () => {
    // 13+ digits, even with spaces or hyphens between: stricter than a Luhn check (other tables, e.g.
    // hash chains of the access trail, are not the seeder's and may hold long hex digests).
    const columns = await rows<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = ANY($1)
         AND data_type IN ('text', 'character varying', 'character', 'ARRAY')`,
      [[...DOMAIN_TABLES]],
    );
    expect(columns.length).toBeGreaterThan(30);
    for (const { table_name: t, column_name: c } of columns) {
      const [{ n }] = await rows<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${t}" WHERE "${c}"::text ~ '[0-9]([ -]?[0-9]){12}'`,
      );
      expect(n, `${t}.${c}`).toBe(0);
    }
    const cards = await rows<{ card_last4: string; card_expiry: string; card_token: string }>(
      'SELECT card_last4, card_expiry, card_token FROM customer WHERE card_brand IS NOT NULL',
    );
    expect(cards.length).toBeGreaterThan(120);
    for (const card of cards) {
      expect(card.card_last4).toMatch(/^\d{4}$/);
      expect(card.card_expiry).toMatch(/^(0[1-9]|1[0-2])\/\d{2}$/);
      expect(card.card_token).toMatch(/^tok_[A-Za-z0-9]{24}$/);
    }
  });

  it('creates one demo account per role, argon2id-hashed "mamori-demo", contractors linked', async () => {
    const staff = await rows<{ email: string; role: string; password_hash: string; services: string[] | null }>(
      `SELECT s.email, s.role, s.password_hash, c.services FROM staff s LEFT JOIN contractor c ON c.id = s.contractor_id`,
    );
    const service = { CARRIER: 'DELIVERY', MAILING_HOUSE: 'DIRECT_MAIL', COLLECTION_AGENCY: 'COLLECTION' } as Record<string, string>;
    for (const role of ROLE_KEYS) {
      const account = staff.filter((s) => s.email === demoEmail(role));
      expect(account, role).toHaveLength(1);
      expect(account[0].role).toBe(role);
      if (service[role]) expect(account[0].services).toContain(service[role]);
      else expect(account[0].services).toBeNull();
    }
    expect(demoEmail('PRIVACY_MANAGER')).toBe('privacy-manager@demo.mamori.jp');
    expect(staff.filter((s) => s.role === 'SUPPORT').length).toBeGreaterThan(1);
    const hash = staff[0].password_hash;
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await argon2.verify(hash, DEMO_PASSWORD)).toBe(true);
    expect(staff.every((s) => s.password_hash === hash)).toBe(true);
  });

  it('has gift orders shipped to someone else, and order totals computed from their items', async () => {
    const [gifts] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM "order" o JOIN customer c ON c.id = o.customer_id
       WHERE o.ship_to_name <> c.name AND o.ship_to_phone <> c.phone
         AND (o.ship_to_postal_code, o.ship_to_address_line) <> (c.postal_code, c.address_line)`,
    );
    const [{ orders }] = await rows<{ orders: number }>('SELECT count(*)::int AS orders FROM "order"');
    expect(gifts.n / orders).toBeGreaterThan(0.1);
    expect(gifts.n / orders).toBeLessThan(0.3);
    const [wrong] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM "order" o
       JOIN (SELECT order_id, sum(quantity * unit_price_yen) AS s FROM order_item GROUP BY order_id) i ON i.order_id = o.id
       WHERE o.total_yen <> i.s`,
    );
    expect(wrong.n).toBe(0);
    const statuses = await rows<{ payment_status: string; overdue_in_past: boolean }>(
      `SELECT DISTINCT payment_status, payment_due_at < now() AS overdue_in_past FROM "order" WHERE payment_status = 'OVERDUE'`,
    );
    expect(statuses).toEqual([{ payment_status: 'OVERDUE', overdue_in_past: true }]);
    const [handed] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM "order" WHERE carrier_id IS NOT NULL AND status IN ('PLACED', 'SHIPPED')`);
    expect(handed.n).toBeGreaterThan(0);
  });

  it('has minors (under 20) with and without a guardian consent', async () => {
    const minors = await rows<{ guardian_consent: boolean }>(
      `SELECT DISTINCT k.guardian_consent FROM customer c JOIN consent k ON k.customer_id = c.id
       WHERE c.birth_date > (now() AT TIME ZONE 'Asia/Tokyo')::date - interval '20 years'`,
    );
    expect(minors.map((m) => m.guardian_consent).sort()).toEqual([false, true]);
    const [withdrawn] = await rows<{ n: number }>('SELECT count(*)::int AS n FROM consent WHERE withdrawn_at IS NOT NULL');
    expect(withdrawn.n).toBeGreaterThan(0);
  });

  it('links referrals to earlier customers and keeps households at 2–4 people of one family', async () => {
    const [bad] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM customer c JOIN customer r ON r.id = c.referrer_id
       WHERE r.id >= c.id OR r.created_at > c.created_at OR c.source <> 'REFERRAL'`,
    );
    expect(bad.n).toBe(0);
    const households = await rows<{ n: number; families: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT split_part(name, ' ', 1))::int AS families FROM customer
       WHERE household_id IS NOT NULL GROUP BY household_id`,
    );
    expect(households.length).toBeGreaterThan(0);
    for (const h of households) {
      expect(h.n).toBeGreaterThanOrEqual(2);
      expect(h.n).toBeLessThanOrEqual(4);
      expect(h.families).toBe(1);
    }
  });

  it('records interactions over every channel, with transcripts naming phone and e-mail, and recordings', async () => {
    const channels = await rows<{ channel: string }>('SELECT DISTINCT channel::text FROM interaction');
    expect(channels.map((c) => c.channel).sort()).toEqual(['EMAIL', 'FAX', 'IN_PERSON', 'LETTER', 'PHONE', 'WEB']);
    const [mentions] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM interaction i JOIN customer c ON c.id = i.customer_id
       WHERE strpos(i.transcript, c.phone) > 0 OR strpos(i.transcript, c.email) > 0`,
    );
    expect(mentions.n).toBeGreaterThan(500);
    const [bad] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM interaction i LEFT JOIN staff s ON s.id = i.staff_id
       WHERE s.role IS DISTINCT FROM 'SUPPORT' OR (i.recording_key IS NOT NULL AND (i.recording_key <> 'rec/' || i.id || '.wav' OR i.channel <> 'PHONE'))`,
    );
    expect(bad.n).toBe(0);
    const kinds = await rows<{ kind: string }>(`SELECT DISTINCT kind FROM interaction WHERE kind IN ('COMPLAINT', 'PRIVACY_REQUEST')`);
    expect(kinds).toHaveLength(2);
  });

  it('tracks complaints to an answer (a few left open past due) and backs every stop with a completed request', async () => {
    const complaints = await rows<{ complaint_status: string; n: number; owned: number; due: number }>(
      `SELECT complaint_status, count(*)::int AS n, count(complaint_owner_id)::int AS owned, count(complaint_due_date)::int AS due
       FROM interaction WHERE kind = 'COMPLAINT' GROUP BY 1`,
    );
    expect(complaints.map((c) => c.complaint_status).sort()).toContain('CLOSED');
    for (const c of complaints) expect([c.owned, c.due]).toEqual([c.n, c.n]);
    const [notComplaints] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM interaction WHERE kind <> 'COMPLAINT' AND complaint_status IS NOT NULL`);
    expect(notComplaints.n).toBe(0);
    const [unbacked] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM customer c WHERE (c.status = 'USE_STOPPED' AND NOT EXISTS (SELECT 1 FROM privacy_request r
         WHERE r.customer_id = c.id AND r.kind = 'STOP_USE' AND r.status = 'COMPLETED'))
         OR (c.provision_stopped AND NOT EXISTS (SELECT 1 FROM privacy_request r
         WHERE r.customer_id = c.id AND r.kind = 'STOP_PROVISION' AND r.status = 'COMPLETED'))`,
    );
    expect(unbacked.n).toBe(0);
    const [stopped] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM customer WHERE status = 'USE_STOPPED'`);
    expect(stopped.n).toBeGreaterThan(0);
  });

  it('moves the id sequences past the ids it assigned', async () => {
    for (const table of ['customer', 'order', 'order_item', 'interaction', 'consent']) {
      const [r] = await rows<{ next: number; max: number }>(
        `SELECT nextval(pg_get_serial_sequence('"${table}"', 'id'))::int AS next, (SELECT max(id) FROM "${table}") AS max`,
      );
      expect(r.next, table).toBeGreaterThan(r.max);
    }
  });
  it('seed --force leaves the seed policy in force: the cascade from staff empties policy_version', async () => {
    await truncateDomainTables(other.url);
    const c = new pg.Client({ connectionString: other.url });
    await c.connect();
    try {
      const { rows } = await c.query(`select number, state from policy_version`);
      expect(rows).toEqual([{ number: 1, state: 'PUBLISHED' }]);
    } finally {
      await c.end();
    }
  });
});
