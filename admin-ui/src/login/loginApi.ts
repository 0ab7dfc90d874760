import { postGraphql } from '../providers/graphqlFetch';

/** What a login still needs (server auth/auth.resolver.ts LoginNext). */
export type LoginNext = 'DONE' | 'SECOND_FACTOR' | 'ENROL_MFA';
export interface LoginStepResult { token: string; next: LoginNext }

const LOGIN = `
  mutation login($email: String!, $password: String!) { login(email: $email, password: $password) { token next } }
`;
const VERIFY = `
  mutation verifySecondFactor($code: String!) { verifySecondFactor(code: $code) { token next } }
`;
const BEGIN = `
  mutation beginMfaEnrolment { beginMfaEnrolment { secret otpauthUri } }
`;
const CONFIRM = `
  mutation confirmMfaEnrolment($code: String!) { confirmMfaEnrolment(code: $code) { recoveryCodes login { token next } } }
`;

/**
 * A token of a login still at a step is kept in memory only (not in the tab's session storage): it may do
 * nothing but its step, and a reload starts the login again. Plain fetch (providers/graphqlFetch.ts): the
 * login page loads no GraphQL client.
 */

export async function passwordLogin(email: string, password: string): Promise<LoginStepResult> {
  return (await postGraphql<{ login: LoginStepResult }>(LOGIN, { email, password })).login;
}

export async function verifySecondFactor(stepToken: string, code: string): Promise<LoginStepResult> {
  return (await postGraphql<{ verifySecondFactor: LoginStepResult }>(VERIFY, { code }, { token: stepToken })).verifySecondFactor;
}

/** `stepToken`: a login at its enrolment step; null: the logged-in session enrols. */
export async function beginEnrolment(stepToken: string | null): Promise<{ secret: string; otpauthUri: string }> {
  return (await postGraphql<{ beginMfaEnrolment: { secret: string; otpauthUri: string } }>(BEGIN, {}, { token: stepToken })).beginMfaEnrolment;
}

export async function confirmEnrolment(stepToken: string | null, code: string): Promise<{ recoveryCodes: string[]; login: LoginStepResult | null }> {
  type Confirmed = { confirmMfaEnrolment: { recoveryCodes: string[]; login: LoginStepResult | null } };
  return (await postGraphql<Confirmed>(CONFIRM, { code }, { token: stepToken })).confirmMfaEnrolment;
}
