import { type FormEvent, useEffect, useState } from 'react';
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import { useLocale, useTranslate } from 'react-admin';
import { apiErrorOf } from '../providers/apiErrors';
import { beginEnrolment, confirmEnrolment, type LoginStepResult } from './loginApi';
import { QrCode } from './QrCode';

/**
 * Enrols an authenticator app: QR code (and the key to type), a code to prove it was scanned, then the
 * recovery codes, shown once. `stepToken`: a login at its enrolment step; null: the logged-in session.
 */
export function MfaEnrolment({ stepToken, onDone }: { stepToken: string | null; onDone: (login: LoginStepResult | null) => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ recoveryCodes: string[]; login: LoginStepResult | null } | null>(null);

  useEffect(() => {
    beginEnrolment(stepToken).then(setEnrolment, (e) => setError(apiErrorOf(e, locale).message));
  }, [stepToken, locale]);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setDone(await confirmEnrolment(stepToken, code));
    } catch (e) {
      setError(apiErrorOf(e, locale).message);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Stack spacing={2} data-testid="mfa-recovery-codes">
        <Alert severity="success">{translate('mamori.mfa.done')}</Alert>
        <Typography variant="subtitle1">{translate('mamori.mfa.recovery_title')}</Typography>
        <Typography variant="body2">{translate('mamori.mfa.recovery_help')}</Typography>
        <Box component="ul" sx={{ fontFamily: 'monospace', fontSize: '1rem', display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 0.5, listStyle: 'none', p: 0, textAlign: 'center' }}>
          {done.recoveryCodes.map((c) => <li key={c} data-testid="mfa-recovery-code">{c}</li>)}
        </Box>
        <Button variant="contained" onClick={() => onDone(done.login)}>{translate('mamori.mfa.recovery_saved')}</Button>
      </Stack>
    );
  }
  return (
    <Stack component="form" spacing={2} onSubmit={confirm} noValidate>
      {error && <Alert severity="error">{error}</Alert>}
      {enrolment && (
        <>
          <Typography variant="body2">{translate('mamori.mfa.scan')}</Typography>
          <QrCode text={enrolment.otpauthUri} label={translate('mamori.mfa.title')} />
          <Typography variant="body2">{translate('mamori.mfa.manual')}</Typography>
          <Typography data-testid="mfa-secret" sx={{ fontFamily: 'monospace', wordBreak: 'break-all', userSelect: 'all' }}>
            {enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}
          </Typography>
          <TextField
            name="code" label={translate('mamori.mfa.code')} value={code} onChange={(e) => setCode(e.target.value)}
            autoComplete="one-time-code" slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 7 } }} required autoFocus
          />
          <Button type="submit" variant="contained" disabled={busy || !code.trim()}>{translate('mamori.mfa.confirm')}</Button>
        </>
      )}
    </Stack>
  );
}
