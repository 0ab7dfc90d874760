import { gql } from '@apollo/client';
import { Alert, Box, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import {
  Button, Form, required, TextInput, useLocaleState, useNotify, usePermissions, useRecordContext, useRefresh, useTranslate,
} from 'react-admin';
import { mayOffer, type Permissions } from '../../access';
import { CustomerPicker } from '../../fields/CustomerPicker';
import { apiErrorOf, type ApiError } from '../../providers/apiErrors';
import { graphqlClient } from '../../providers/graphqlClient';
import { useCurrentPurpose } from '../../providers/session';

interface Complainant { complainantName: string | null; complainantContact: string | null }

/** Read only for a complaint without a customer: a customer's complaint names no complainant (nothing to record). */
const COMPLAINANT = gql`query complainant($id: ID!) { Interaction(id: $id) { id complainantName complainantContact } }`;
const LINK = gql`mutation linkComplaintCustomer($id: ID!, $customerId: ID!, $reason: String!) {
  linkComplaintCustomer(id: $id, customerId: $customerId, reason: $reason) { id customerId } }`;

/**
 * Who made a complaint that has no customer (as this role and purpose see them), and, for whom the policy lets
 * link it (schema/policy RESOURCES.Interaction.withoutCustomer.linkers, as the server's shield), 顧客に紐づける.
 */
export function ComplainantPanel() {
  const record = useRecordContext();
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  const purpose = useCurrentPurpose();
  const [complainant, setComplainant] = useState<Complainant | null>(null);
  const [linking, setLinking] = useState(false);
  const id = record && record.customerId == null ? String(record.id) : null;
  useEffect(() => {
    if (!id) return;
    let live = true;
    void graphqlClient.query<{ Interaction: Complainant }>({ query: COMPLAINANT, variables: { id }, fetchPolicy: 'network-only' })
      .then((r) => { if (live) setComplainant(r.data.Interaction); }, () => { if (live) setComplainant(null); });
    return () => { live = false; };
  }, [id]);
  if (!id) return null;
  return (
    <Box data-testid="complainant" sx={{ gridColumn: '1 / -1' }}>
      <Typography variant="body2" color="text.secondary">{translate('mamori.complaint.noCustomer')}</Typography>
      <Typography variant="body2">{`${translate('mamori.complaint.complainantName')}: ${complainant?.complainantName ?? '—'}`}</Typography>
      <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>{`${translate('mamori.complaint.complainantContact')}: ${complainant?.complainantContact ?? '—'}`}</Typography>
      {mayOffer(permissions, 'linkComplaintCustomer', purpose) && (
        <Button label="mamori.complaint.link" variant="outlined" sx={{ mt: 1 }} onClick={() => setLinking(true)} />
      )}
      {linking && <LinkDialog id={id} onClose={() => setLinking(false)} />}
    </Box>
  );
}

/** Picks the customer the complainant turned out to be and says how they were identified; the server does the rest. */
function LinkDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const refresh = useRefresh();
  const [error, setError] = useState<ApiError | null>(null);
  const save = async (values: Record<string, unknown>) => {
    setError(null);
    try {
      await graphqlClient.mutate({ mutation: LINK, variables: { id, customerId: values.customerId, reason: values.reason ?? '' } });
      notify('mamori.complaint.linked', { type: 'info' });
      onClose();
      refresh();
    } catch (e) {
      setError(apiErrorOf(e, locale));
    }
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="link-complaint-title" data-testid="link-complaint" maxWidth="sm" fullWidth>
      {/* React bubbles a portal's events up its own tree: this form's submit must not reach the complaint's form. */}
      <Box onSubmit={(e) => e.stopPropagation()}>
        <Form onSubmit={save}>
          <DialogTitle id="link-complaint-title">{translate('mamori.complaint.link')}</DialogTitle>
          <DialogContent>
            <DialogContentText variant="body2" gutterBottom>{translate('mamori.complaint.linkExplain')}</DialogContentText>
            {error && <Alert severity="error" sx={{ mb: 1 }}>{error.message}</Alert>}
            <CustomerPicker required />
            <TextInput source="reason" label="mamori.complaint.linkReason" validate={required()} multiline fullWidth helperText="mamori.complaint.linkReasonHelp" />
          </DialogContent>
          <DialogActions>
            <Button label="ra.action.cancel" onClick={onClose} />
            <Button label="mamori.complaint.link" variant="contained" type="submit" />
          </DialogActions>
        </Form>
      </Box>
    </Dialog>
  );
}
