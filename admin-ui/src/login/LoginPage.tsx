import { type FormEvent, useState } from 'react';
import { Alert, Box, Button, CardContent, Stack, TextField, Typography } from '@mui/material';
import { Login, useLocale, useLogin, useTranslate } from 'react-admin';
import { apiErrorOf } from '../providers/apiErrors';
import { clearSession } from '../providers/session';
import { type LoginStepResult, passwordLogin, verifySecondFactor } from './loginApi';
import { MfaEnrolment } from './MfaEnrolment';

type Step = { at: 'password' } | { at: 'SECOND_FACTOR' | 'ENROL_MFA'; token: string };

/**
 * The login page: password, then what the server says the login still needs — the second factor, or (for
 * a role that must have one) the enrolment of an authenticator app. The session is handed to react-admin
 * only once the login is DONE.
 */
export function LoginPage() {
  return (
    <Login>
      <CardContent sx={{ width: 360, maxWidth: '100%' }}>
        <LoginSteps />
      </CardContent>
    </Login>
  );
}

function LoginSteps() {
  const translate = useTranslate();
  const locale = useLocale();
  const login = useLogin();
  const [step, setStep] = useState<Step>({ at: 'password' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Hands a DONE login to react-admin, or moves to the step the server asks for. */
  async function follow(result: LoginStepResult | null) {
    if (!result) return;
    if (result.next === 'DONE') await login({ token: result.token });
    else setStep({ at: result.next, token: result.token });
  }

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      const { message, code, field, reason } = apiErrorOf(e, locale);
      if (step.at === 'password') {
        // A wrong e-mail or password says only that (the server's answer is the same for both); a
        // slow-down or a lock says what it is.
        setError(code === 'UNAUTHENTICATED' && !reason ? translate('ra.auth.sign_in_error') : message);
      } else if (code === 'UNAUTHENTICATED' && field !== 'code') {
        // A step session that expired (or was ended) cannot go on: back to the password.
        setStep({ at: 'password' });
        setError(translate('mamori.login.step_expired'));
      } else {
        setError(message);
      }
    } finally {
      setBusy(false);
    }
  }

  const restart = () => { clearSession(); setError(null); setStep({ at: 'password' }); };

  return (
    <Stack spacing={2}>
      {error && <Alert severity="error" data-testid="login-error">{error}</Alert>}
      {step.at === 'password' && <PasswordForm busy={busy} onSubmit={(email, password) => run(async () => follow(await passwordLogin(email, password)))} />}
      {step.at === 'SECOND_FACTOR' && (
        <CodeForm busy={busy} onSubmit={(code) => run(async () => follow(await verifySecondFactor(step.token, code)))} />
      )}
      {step.at === 'ENROL_MFA' && (
        <>
          <Typography variant="h6">{translate('mamori.mfa.title')}</Typography>
          <Alert severity="info">{translate('mamori.login.enrol_required')}</Alert>
          <MfaEnrolment stepToken={step.token} onDone={(result) => run(() => follow(result))} />
        </>
      )}
      {step.at !== 'password' && <Button size="small" onClick={restart}>{translate('mamori.login.restart')}</Button>}
    </Stack>
  );
}

function PasswordForm({ busy, onSubmit }: { busy: boolean; onSubmit: (email: string, password: string) => void }) {
  const translate = useTranslate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => { e.preventDefault(); onSubmit(email.trim(), password); };
  return (
    <Box component="form" onSubmit={submit} noValidate>
      <Stack spacing={2}>
        <TextField name="username" type="email" autoComplete="username" label={translate('mamori.login.email')} value={email}
          onChange={(e) => setEmail(e.target.value)} required autoFocus />
        <TextField name="password" type="password" autoComplete="current-password" label={translate('mamori.login.password')}
          value={password} onChange={(e) => setPassword(e.target.value)} required />
        <Button type="submit" variant="contained" disabled={busy}>{translate('mamori.login.sign_in')}</Button>
      </Stack>
    </Box>
  );
}

function CodeForm({ busy, onSubmit }: { busy: boolean; onSubmit: (code: string) => void }) {
  const translate = useTranslate();
  const [code, setCode] = useState('');
  const submit = (e: FormEvent) => { e.preventDefault(); onSubmit(code.trim()); };
  return (
    <Box component="form" onSubmit={submit} noValidate>
      <Stack spacing={2}>
        <Typography variant="h6">{translate('mamori.login.code_title')}</Typography>
        <Typography variant="body2">{translate('mamori.login.code_help')}</Typography>
        <TextField name="code" autoComplete="one-time-code" label={translate('mamori.login.code')} value={code}
          onChange={(e) => setCode(e.target.value)} required autoFocus />
        <Button type="submit" variant="contained" disabled={busy || !code.trim()}>{translate('mamori.login.verify')}</Button>
      </Stack>
    </Box>
  );
}
