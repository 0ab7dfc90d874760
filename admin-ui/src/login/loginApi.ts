import { gql } from '@apollo/client';
import { graphqlClient } from '../providers/graphqlClient';

/** What a login still needs (server auth/auth.resolver.ts LoginNext). */
export type LoginNext = 'DONE' | 'SECOND_FACTOR' | 'ENROL_MFA';
export interface LoginStepResult { token: string; next: LoginNext }

const LOGIN = gql`
  mutation login($email: String!, $password: String!) { login(email: $email, password: $password) { token next } }
`;
const VERIFY = gql`
  mutation verifySecondFactor($code: String!) { verifySecondFactor(code: $code) { token next } }
`;
const BEGIN = gql`
  mutation beginMfaEnrolment { beginMfaEnrolment { secret otpauthUri } }
`;
const CONFIRM = gql`
  mutation confirmMfaEnrolment($code: String!) { confirmMfaEnrolment(code: $code) { recoveryCodes login { token next } } }
`;

/**
 * A token of a login still at a step is kept in memory only (not in the tab's session storage): it may do
 * nothing but its step, and a reload starts the login again.
 */
const as = (token: string | null) => (token ? { context: { headers: { Authorization: `Bearer ${token}` } } } : {});

export async function passwordLogin(email: string, password: string): Promise<LoginStepResult> {
  const { data } = await graphqlClient.mutate<{ login: LoginStepResult }>({ mutation: LOGIN, variables: { email, password } });
  return data!.login;
}

export async function verifySecondFactor(stepToken: string, code: string): Promise<LoginStepResult> {
  const { data } = await graphqlClient.mutate<{ verifySecondFactor: LoginStepResult }>({ mutation: VERIFY, variables: { code }, ...as(stepToken) });
  return data!.verifySecondFactor;
}

/** `stepToken`: a login at its enrolment step; null: the logged-in session enrols. */
export async function beginEnrolment(stepToken: string | null): Promise<{ secret: string; otpauthUri: string }> {
  const { data } = await graphqlClient.mutate<{ beginMfaEnrolment: { secret: string; otpauthUri: string } }>({ mutation: BEGIN, ...as(stepToken) });
  return data!.beginMfaEnrolment;
}

export async function confirmEnrolment(stepToken: string | null, code: string): Promise<{ recoveryCodes: string[]; login: LoginStepResult | null }> {
  const { data } = await graphqlClient.mutate<{ confirmMfaEnrolment: { recoveryCodes: string[]; login: LoginStepResult | null } }>({
    mutation: CONFIRM, variables: { code }, ...as(stepToken),
  });
  return data!.confirmMfaEnrolment;
}
