import { useCallback, useEffect, useState } from 'react';
import { gql } from '@apollo/client';
import { Alert, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { graphqlClient } from '../providers/graphqlClient';
import { MfaEnrolment } from './MfaEnrolment';

const STATUS = gql`query mfaStatus { mfaStatus { enrolled required recoveryCodesLeft } }`;
interface Status { enrolled: boolean; required: boolean; recoveryCodesLeft: number }

/** The logged-in staff member's own second factor: its state, and an enrolment when there is none. */
export function SecurityPage() {
  const translate = useTranslate();
  const [status, setStatus] = useState<Status | null>(null);
  const [enrolling, setEnrolling] = useState(false);
  const load = useCallback(() => {
    graphqlClient.query<{ mfaStatus: Status }>({ query: STATUS, fetchPolicy: 'no-cache' }).then(({ data }) => setStatus(data!.mfaStatus));
  }, []);
  useEffect(load, [load]);
  return (
    <Card sx={{ mt: 2, maxWidth: 560 }}>
      <Title title={translate('mamori.mfa.title')} />
      <CardContent>
        <Stack spacing={2}>
          {status && (
            <Alert severity={status.enrolled ? 'success' : status.required ? 'warning' : 'info'} data-testid="mfa-status">
              {status.enrolled ? translate('mamori.mfa.enrolled', { count: status.recoveryCodesLeft }) : translate('mamori.mfa.not_enrolled')}
              {!status.enrolled && status.required ? ` — ${translate('mamori.mfa.required')}` : ''}
            </Alert>
          )}
          {status && !status.enrolled && !enrolling && (
            <Button variant="contained" onClick={() => setEnrolling(true)}>{translate('mamori.mfa.start')}</Button>
          )}
          {enrolling && (
            <>
              <Typography variant="h6">{translate('mamori.mfa.start')}</Typography>
              <MfaEnrolment stepToken={null} onDone={() => { setEnrolling(false); load(); }} />
            </>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}
