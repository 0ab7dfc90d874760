import { useState } from 'react';
import { gql } from '@apollo/client';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import { useGetIdentity, useLocale, useNotify, usePermissions, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { hasLoginPower } from '../../../../schema/policy';
import { apiErrorOf } from '../../providers/apiErrors';
import { graphqlClient } from '../../providers/graphqlClient';

const RESET = gql`mutation resetStaffMfa($id: ID!, $reason: String!) { resetStaffMfa(id: $id, reason: $reason) { id } }`;
const UNLOCK = gql`mutation unlockStaffLogin($id: ID!, $reason: String!) { unlockStaffLogin(id: $id, reason: $reason) { id } }`;
type Action = 'reset' | 'unlock';

/**
 * A staff row's login actions for whoever holds the power (schema/policy LOGIN_POWERS.resetLogins): reset
 * the second factor, lift a lock. Never on one's own row: another privacy manager must do it.
 */
export function StaffLoginActions() {
  const record = useRecordContext<{ id: string; name: string; mfaEnrolled?: boolean; loginLocked?: boolean }>();
  const { permissions } = usePermissions<{ role: string }>();
  const { identity } = useGetIdentity();
  const [open, setOpen] = useState<Action | null>(null);
  if (!record || !hasLoginPower(permissions?.role, 'resetLogins') || String(identity?.id) === String(record.id)) return null;
  return (
    <Stack direction="row" spacing={1} onClick={(e) => e.stopPropagation()}>
      {record.mfaEnrolled && <ActionButton action="reset" onOpen={setOpen} />}
      {record.loginLocked && <ActionButton action="unlock" onOpen={setOpen} />}
      {open && <ReasonDialog action={open} id={record.id} name={record.name} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

function ActionButton({ action, onOpen }: { action: Action; onOpen: (a: Action) => void }) {
  const translate = useTranslate();
  return <Button size="small" color="warning" onClick={() => onOpen(action)}>{translate(`mamori.mfa.${action}`)}</Button>;
}

function ReasonDialog({ action, id, name, onClose }: { action: Action; id: string; name: string; onClose: () => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const notify = useNotify();
  const refresh = useRefresh();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    try {
      await graphqlClient.mutate({ mutation: action === 'reset' ? RESET : UNLOCK, variables: { id, reason } });
      notify(`mamori.mfa.${action}_done`, { type: 'success' });
      onClose();
      refresh();
    } catch (e) {
      setError(apiErrorOf(e, locale).message);
    }
  }
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate(`mamori.mfa.${action}_title`, { name })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2">{translate(`mamori.mfa.${action}_help`)}</Typography>
          <TextField name="reason" label={translate('mamori.mfa.reason')} value={reason} onChange={(e) => setReason(e.target.value)}
            multiline minRows={2} required error={!!error} helperText={error ?? ' '} autoFocus />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" color="warning" disabled={!reason.trim()} onClick={submit}>{translate(`mamori.mfa.${action}`)}</Button>
      </DialogActions>
    </Dialog>
  );
}
