import { useState } from 'react';
import { gql } from '@apollo/client';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField as MuiTextField, Typography } from '@mui/material';
import {
  BooleanField, DateField, SelectField, Show, SimpleShowLayout, TextField, TopToolbar, useGetIdentity, useLocale, useNotify, usePermissions,
  useRecordContext, useRefresh, useTranslate,
} from 'react-admin';
import { hasPower } from '../../../../schema/policy';
import { roleChoices } from '../../choices';
import { RefField } from '../../fields/RefField';
import { apiErrorOf } from '../../providers/apiErrors';
import { graphqlClient } from '../../providers/graphqlClient';
import { useGrantChoices } from './GrantRequestList';

const APPROVE = gql`mutation approveGrantRequest($id: ID!) { approveGrantRequest(id: $id) { id status } }`;
const REJECT = gql`mutation rejectGrantRequest($id: ID!, $reason: String!) { rejectGrantRequest(id: $id, reason: $reason) { id status } }`;

interface Grant { id: string; status: string; requestedById: string; staffId: string | null }

/**
 * Approve or reject a pending request: offered to a holder of POWERS.approveGrants who neither asked for it
 * nor receives it (the server decides; the UI only hides). A rejection needs a reason.
 */
function DecisionActions() {
  const record = useRecordContext<Grant>();
  const { permissions } = usePermissions<{ role: string }>();
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const locale = useLocale();
  const [rejecting, setRejecting] = useState(false);
  if (!record || record.status !== 'PENDING' || !hasPower(permissions?.role, 'approveGrants')) return null;
  const own = [record.requestedById, record.staffId].map(String).includes(String(identity?.id));
  if (own) return <TopToolbar><Alert severity="info">{translate('mamori.grants.own')}</Alert></TopToolbar>;
  const approve = async () => {
    try {
      await graphqlClient.mutate({ mutation: APPROVE, variables: { id: record.id } });
      notify('mamori.grants.approve_done', { type: 'success' });
      refresh();
    } catch (e) {
      notify(apiErrorOf(e, locale).message, { type: 'error' });
    }
  };
  return (
    <TopToolbar>
      <Stack direction="row" spacing={1}>
        <Button variant="contained" onClick={approve}>{translate('mamori.grants.approve')}</Button>
        <Button variant="outlined" color="warning" onClick={() => setRejecting(true)}>{translate('mamori.grants.reject')}</Button>
      </Stack>
      {rejecting && <RejectDialog id={record.id} onClose={() => setRejecting(false)} />}
    </TopToolbar>
  );
}

function RejectDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const notify = useNotify();
  const refresh = useRefresh();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    try {
      await graphqlClient.mutate({ mutation: REJECT, variables: { id, reason } });
      notify('mamori.grants.reject_done', { type: 'success' });
      onClose();
      refresh();
    } catch (e) {
      setError(apiErrorOf(e, locale).message);
    }
  }
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('mamori.grants.reject_title', { id })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2">{translate('mamori.grants.reject_help')}</Typography>
          <MuiTextField name="reason" label={translate('mamori.grants.reason')} value={reason} onChange={(e) => setReason(e.target.value)}
            multiline minRows={2} required error={!!error} helperText={error ?? ' '} autoFocus />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" color="warning" disabled={!reason.trim()} onClick={submit}>{translate('mamori.grants.reject')}</Button>
      </DialogActions>
    </Dialog>
  );
}

/** One request: what is granted to whom, who asked, and how it was decided. */
export function GrantRequestShow() {
  const { statuses, kinds } = useGrantChoices();
  return (
    <Show actions={<DecisionActions />}>
      <SimpleShowLayout>
        <SelectField source="status" choices={statuses} />
        <SelectField source="kind" choices={kinds} />
        <TextField source="subjectName" />
        <SelectField source="role" choices={roleChoices()} />
        <TextField source="purposes" emptyText="—" />
        <RefField source="contractorId" reference="Contractor" optionText="name" link={false} />
        <BooleanField source="activates" />
        <RefField source="requestedById" reference="Staff" optionText="name" link={false} />
        <DateField source="requestedAt" showTime />
        <RefField source="decidedById" reference="Staff" optionText="name" link={false} />
        <DateField source="decidedAt" showTime emptyText="—" />
        <TextField source="rejectionReason" emptyText="—" />
      </SimpleShowLayout>
    </Show>
  );
}
