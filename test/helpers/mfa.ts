// Second-factor logins for tests: the codes an authenticator app would show, and logins that give them.
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import type { GqlResult, TestServer } from './server';

export const LOGIN_STEP = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token next } }';
export const BEGIN = 'mutation { beginMfaEnrolment { secret otpauthUri } }';
export const CONFIRM = 'mutation($c: String!) { confirmMfaEnrolment(code: $c) { recoveryCodes login { token next } } }';
export const VERIFY = 'mutation($c: String!) { verifySecondFactor(code: $c) { token next } }';

/** The code the app shows for `secret`, `steps` periods of 30 s from now. */
export function totp(secret: string, steps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * steps });
}

export const bearer = (s: TestServer, token: string, purpose?: string) => <T = any>(q: string, v?: Record<string, unknown>): Promise<GqlResult<T>> =>
  s.gql<T>(q, v, { authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) });

/** Logs in and enrols a second factor at the enrolment step: the full session, the secret, the recovery codes. */
export async function enrolAtLogin(s: TestServer, email: string, password: string) {
  const step = await s.gql(LOGIN_STEP, { e: email, p: password });
  if (step.data?.login?.next !== 'ENROL_MFA') throw new Error(`expected an enrolment step: ${JSON.stringify(step)}`);
  const asStep = bearer(s, step.data.login.token);
  const { data: { beginMfaEnrolment: { secret } } } = await asStep(BEGIN);
  const confirmed = await asStep(CONFIRM, { c: await totp(secret) });
  if (!confirmed.data?.confirmMfaEnrolment?.login) throw new Error(`enrolment failed: ${JSON.stringify(confirmed)}`);
  return { token: confirmed.data.confirmMfaEnrolment.login.token as string, secret: secret as string, recoveryCodes: confirmed.data.confirmMfaEnrolment.recoveryCodes as string[] };
}

/** A full login with password and second factor; `steps` picks a code not used before (each time step serves once). */
export async function loginWithCode(s: TestServer, email: string, password: string, secret: string, steps = 1): Promise<string> {
  const step = await s.gql(LOGIN_STEP, { e: email, p: password });
  if (step.data?.login?.next !== 'SECOND_FACTOR') throw new Error(`expected a second-factor step: ${JSON.stringify(step)}`);
  const done = await bearer(s, step.data.login.token)(VERIFY, { c: await totp(secret, steps) });
  if (done.data?.verifySecondFactor?.next !== 'DONE') throw new Error(`second factor refused: ${JSON.stringify(done)}`);
  return done.data.verifySecondFactor.token;
}

/**
 * In the browser, at the login page's enrolment step (a role in MAMORI_MFA_ROLES logging in for the first
 * time): reads the key shown beside the QR code, confirms with its code, and continues past the recovery
 * codes into the app. Returns the key, for the codes of later logins.
 */
export async function enrolInBrowser(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  const shown = page.getByTestId('mfa-secret');
  await shown.waitFor();
  const secret = (await shown.innerText()).replace(/\s/g, '');
  await page.locator('input[name="code"]').fill(await totp(secret));
  await page.getByRole('button', { name: '登録を完了する' }).click();
  const codes = page.getByTestId('mfa-recovery-code');
  await codes.first().waitFor();
  const recoveryCodes = (await codes.allInnerTexts()).map((c) => c.trim());
  await page.getByRole('button', { name: '保管しました。続ける' }).click();
  await page.getByTestId('purpose-picker').waitFor();
  return { secret, recoveryCodes };
}
