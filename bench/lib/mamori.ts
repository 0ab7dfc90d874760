// Logging in to a Mamori server under test as a demo account.
import { DEMO_PASSWORD, demoEmail } from '../../server/src/seeders';
import type { RoleKey } from '../../schema/policy';

export async function loginAs(url: string, role: RoleKey): Promise<string> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: demoEmail(role), p: DEMO_PASSWORD } }),
  });
  const body = await res.json() as { data?: { login?: { token: string } }; errors?: unknown };
  if (!body.data?.login) throw new Error(`login as ${role} failed: ${JSON.stringify(body.errors)}`);
  return body.data.login.token;
}
