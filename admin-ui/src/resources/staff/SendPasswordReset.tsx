import { useState } from 'react';
import { gql } from '@apollo/client';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useGetIdentity, useLocale, useNotify, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { hasPower } from '../../../../schema/policy';
import { apiErrorOf } from '../../providers/apiErrors';
import { graphqlClient } from '../../providers/graphqlClient';

const RESET = gql`mutation issuePasswordReset($id: ID!) { issuePasswordReset(staffId: $id) }`;

/**
 * "Send a password reset" for a holder of POWERS.issuePasswordResets: a one-time link goes to the account's own
 * address and never to the screen. Not on one's own account (one changes one's own password oneself).
 */
export function SendPasswordReset() {
  const record = useRecordContext<{ id: string; name: string; active: boolean }>();
  const { permissions } = usePermissions<{ role: string }>();
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const locale = useLocale();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  if (!record || !record.active || !hasPower(permissions?.role, 'issuePasswordResets') || String(identity?.id) === String(record.id)) return null;
  async function send() {
    try {
      await graphqlClient.mutate({ mutation: RESET, variables: { id: record!.id } });
      notify('mamori.staff.reset_sent', { type: 'success' });
      setOpen(false);
    } catch (e) {
      notify(apiErrorOf(e, locale).message, { type: 'error' });
    }
  }
  return (
    <>
      <Button variant="outlined" color="warning" onClick={() => setOpen(true)}>{translate('mamori.staff.send_reset')}</Button>
      {open && (
        <Dialog open onClose={() => setOpen(false)} fullWidth maxWidth="sm">
          <DialogTitle>{translate('mamori.staff.reset_title', { name: record.name })}</DialogTitle>
          <DialogContent><Typography variant="body2">{translate('mamori.staff.reset_help')}</Typography></DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
            <Button variant="contained" color="warning" onClick={send}>{translate('mamori.staff.reset_send')}</Button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
}
