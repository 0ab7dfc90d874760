// The demo's contractor accounts, two per contractor role (each at its own company), and what each may see,
// read from the database independently of the server's row-scope.ts.
import type pg from 'pg';
import type { PurposeKey } from '../../schema/policy';
import { DEMO_PASSWORD, demoEmail, secondDemoEmail } from '../../server/src/seeders';
import type { GqlClient, TestServer } from './server';

export type ContractorRole = 'CARRIER' | 'MAILING_HOUSE' | 'COLLECTION_AGENCY';
export const CONTRACTOR_ROLES: ContractorRole[] = ['CARRIER', 'MAILING_HOUSE', 'COLLECTION_AGENCY'];

/** One contractor account: its e-mail, role and contractor. */
export interface Account { label: string; email: string; role: ContractorRole; contractorId: number }

/** The two seeded accounts of each contractor role, at two different contractors. */
export async function contractorAccounts(sql: pg.Pool): Promise<Account[]> {
  const out: Account[] = [];
  for (const role of CONTRACTOR_ROLES) {
    for (const [label, email] of [[`${role}#1`, demoEmail(role)], [`${role}#2`, secondDemoEmail(role)]]) {
      const { rows: [s] } = await sql.query('select contractor_id from staff where email = $1', [email]);
      if (!s?.contractor_id) throw new Error(`no contractor account ${email}`);
      out.push({ label, email, role, contractorId: s.contractor_id });
    }
  }
  return out;
}

const tokens = new Map<string, string>();

/** A client logged in as `email` (demo password), declaring `purpose`. */
export async function asAccount(s: TestServer, email: string, purpose: PurposeKey | null): Promise<GqlClient> {
  let token = tokens.get(`${s.url}|${email}`);
  if (!token) {
    const r = await s.gql<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: email, p: DEMO_PASSWORD });
    if (!r.data?.login) throw new Error(`login as ${email} failed: ${JSON.stringify(r.errors)}`);
    token = r.data.login.token;
    tokens.set(`${s.url}|${email}`, token);
  }
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) };
  const c = ((q: string, v?: Record<string, unknown>) => s.gql(q, v, headers)) as GqlClient;
  c.token = token;
  c.withPurpose = () => { throw new Error('use asAccount with another purpose'); };
  return c;
}

const LIVE = `exists (select 1 from contractor ag where ag.id = $1 and ag.agreement_expires_at >= (now() at time zone 'Asia/Tokyo')::date)`;

/** The open collection cases of a contractor whose order is overdue and whose customer is not erased. */
export async function expectedCaseIds(sql: pg.Pool, contractorId: number): Promise<number[]> {
  const { rows } = await sql.query(`select k.id from collection_case k join "order" o on o.id = k.order_id join customer c on c.id = o.customer_id
    where k.contractor_id = $1 and k.closed_at is null and o.payment_status = 'OVERDUE' and c.status <> 'ERASED' and ${LIVE} order by k.id`, [contractorId]);
  return rows.map((r) => r.id);
}

/** The open mailings of a contractor for the purpose declared. */
export async function expectedMailingIds(sql: pg.Pool, contractorId: number, purpose: PurposeKey | null): Promise<number[]> {
  const { rows } = await sql.query(`select id from mailing where contractor_id = $1 and status = 'HANDED_OVER' and purpose = $2 and ${LIVE}
    order by id`, [contractorId, purpose]);
  return rows.map((r) => r.id);
}
