import { gql } from '@apollo/client';
import { Alert, Box, Button, Card, CardContent, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import type { GraphQLFormattedError } from 'graphql';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import { graphqlClient } from '../providers/graphqlClient';

const LINK = gql`
  query passwordSetup($token: String!) {
    passwordSetup(token: $token) { name email role reason expiresAt minPasswordLength }
  }
`;
const COMPLETE = gql`
  mutation completePasswordSetup($token: String!, $password: String!) {
    completePasswordSetup(token: $token, password: $password)
  }
`;

interface Link { name: string; email: string; role: string; reason: string; expiresAt: string; minPasswordLength: number }

/** The GraphQL errors of a failed Apollo call (also those of a non-200 answer). */
function errorsOf(error: unknown): readonly GraphQLFormattedError[] {
  const e = error as { graphQLErrors?: GraphQLFormattedError[]; networkError?: { result?: { errors?: GraphQLFormattedError[] } } };
  return [...(e.graphQLErrors ?? []), ...(e.networkError?.result?.errors ?? [])];
}

type State =
  | { step: 'loading' }
  | { step: 'refused'; reason: string }
  | { step: 'form'; link: Link; problem?: string }
  | { step: 'done'; link: Link };

/**
 * Where a one-time password setup link leads (`/#/set-password?token=…`, outside the login): shows whose
 * account it is, lets that person choose a password once, then sends them to the login page.
 */
export function SetPasswordPage() {
  const translate = useTranslate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [state, setState] = useState<State>({ step: 'loading' });
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [saving, setSaving] = useState(false);

  const refusal = (error: unknown) => String(errorsOf(error)[0]?.extensions?.reason ?? 'UNKNOWN');

  useEffect(() => {
    graphqlClient.query<{ passwordSetup: Link }>({ query: LINK, variables: { token } })
      .then(({ data }) => setState({ step: 'form', link: data.passwordSetup }))
      .catch((error) => setState({ step: 'refused', reason: refusal(error) }));
  }, [token]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (state.step !== 'form') return;
    if (password !== again) {
      setState({ ...state, problem: translate('mamori.set_password.mismatch') });
      return;
    }
    setSaving(true);
    try {
      await graphqlClient.mutate({ mutation: COMPLETE, variables: { token, password } });
      setState({ step: 'done', link: state.link });
    } catch (error) {
      const first = errorsOf(error)[0];
      if (first?.extensions?.code === 'BAD_USER_INPUT') setState({ ...state, problem: String(first.extensions.messageJa ?? first.message) });
      else setState({ step: 'refused', reason: refusal(error) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'grey.100', p: 2 }}>
      <Card sx={{ width: 440, maxWidth: '100%' }} data-testid="set-password">
        <CardContent>
          <Typography variant="h6" component="h1" gutterBottom>{translate('mamori.set_password.title')}</Typography>
          {state.step === 'loading' && <CircularProgress size={24} />}
          {state.step === 'refused' && (
            <Alert severity="error" data-testid="set-password-refused">
              {translate(`mamori.set_password.refused.${state.reason}`, { _: translate('mamori.set_password.refused.UNKNOWN') })}
            </Alert>
          )}
          {state.step === 'done' && (
            <Stack spacing={2}>
              <Alert severity="success" data-testid="set-password-done">{translate('mamori.set_password.done', { email: state.link.email })}</Alert>
              <Button variant="contained" href="#/login">{translate('mamori.set_password.to_login')}</Button>
            </Stack>
          )}
          {state.step === 'form' && (
            <Stack component="form" spacing={2} onSubmit={submit} noValidate>
              <Typography variant="body2">
                {translate('mamori.set_password.for', { name: state.link.name, email: state.link.email })}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {translate('mamori.set_password.expires', { at: new Date(state.link.expiresAt).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' }) })}
              </Typography>
              <TextField
                name="password" type="password" autoComplete="new-password" required autoFocus
                label={translate('mamori.set_password.password')}
                helperText={translate('mamori.set_password.length', { min: state.link.minPasswordLength })}
                value={password} onChange={(e) => setPassword(e.target.value)}
              />
              <TextField
                name="again" type="password" autoComplete="new-password" required
                label={translate('mamori.set_password.again')}
                value={again} onChange={(e) => setAgain(e.target.value)}
              />
              {state.problem && <Alert severity="warning" data-testid="set-password-problem">{state.problem}</Alert>}
              <Button type="submit" variant="contained" disabled={saving || !password || !again}>
                {translate('mamori.set_password.submit')}
              </Button>
            </Stack>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
