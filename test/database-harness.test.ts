import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database';

describe('test database harness', () => {
  let first: TestDatabase;
  let second: TestDatabase;
  const clients: pg.Client[] = [];

  const connect = async (db: TestDatabase) => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await Promise.all([first?.drop(), second?.drop()]);
  });

  it('copies the migrated schema from the template', async () => {
    for (const db of [first, second]) {
      const client = await connect(db);
      const { rows } = await client.query(`SELECT to_regclass('public.customer') AS customer, to_regclass('public.contractor') AS contractor`);
      expect(rows[0]).toEqual({ customer: 'customer', contractor: 'contractor' });
    }
  });

  it('gives each caller its own database', async () => {
    expect(first.name).not.toBe(second.name);
    const [a, b] = await Promise.all([connect(first), connect(second)]);
    await a.query(`INSERT INTO contractor (name, services, data_categories) VALUES ('ヤマト運輸', '{配送}', '{氏名,住所}')`);

    const count = async (client: pg.Client) => (await client.query('SELECT count(*)::int AS n FROM contractor')).rows[0].n;
    expect(await count(a)).toBe(1);
    expect(await count(b)).toBe(0);
  });
});
