import { gql } from '@apollo/client';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { useGetIdentity, useLocale, useNotify } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { hasPower, type Power } from '../../../schema/policy';
import { apiErrorOf } from '../providers/apiErrors';
import { graphqlClient } from '../providers/graphqlClient';
import { ROW, type PolicyVersionFull } from './api';
import { type PolicyWords, usePolicyWords } from './labels';

type Act = 'requestPolicyPublication' | 'withdrawPolicyPublication' | 'approvePolicyPublication' | 'rejectPolicyPublication' | 'restorePolicyVersion';

/** Each act's button, the power that offers it, and its words. Every act takes a reason (the server records it). */
const actsIn = (W: PolicyWords): Record<Act, { power: Power; label: string; done: string }> => ({
  requestPolicyPublication: { power: 'requestPolicyPublication', label: W.requestPublication, done: W.requested },
  withdrawPolicyPublication: { power: 'requestPolicyPublication', label: W.withdraw, done: W.withdrawn },
  approvePolicyPublication: { power: 'approvePolicyPublication', label: W.approvePublication, done: W.approved },
  rejectPolicyPublication: { power: 'approvePolicyPublication', label: W.reject, done: W.rejected },
  restorePolicyVersion: { power: 'requestPolicyPublication', label: W.restore, done: W.restored },
});

const mutationOf = (act: Act) => gql`mutation ${act}($id: ID!, $reason: String!) { ${act}(id: $id, reason: $reason) { ${ROW} document } }`;

/**
 * The two-person publication (server policy-publication.service.ts): the first person asks, a second approves or
 * rejects; the asker may withdraw; a published or retired version is restored as a new draft asked for at once.
 * Offered by the powers of schema/policy (the asker and the last editor are not offered the approval; the server
 * refuses it anyway).
 */
export function PublicationActions({ version, role, onDone }: { version: PolicyVersionFull; role: string | undefined; onDone(v: PolicyVersionFull): void }) {
  const { identity } = useGetIdentity();
  const ACTS = actsIn(usePolicyWords());
  const [act, setAct] = useState<Act | null>(null);
  const me = identity?.id === undefined ? null : String(identity.id);
  const offered: Act[] = [];
  if (version.state === 'DRAFT' && !version.publicationRequested) offered.push('requestPolicyPublication');
  if (version.state === 'DRAFT' && version.publicationRequested) {
    if (me !== null && version.requestedById === me) offered.push('withdrawPolicyPublication');
    else if (me !== null && version.editedById !== me) offered.push('approvePolicyPublication', 'rejectPolicyPublication');
  }
  if (version.state === 'RETIRED') offered.push('restorePolicyVersion');
  const shown = offered.filter((a) => hasPower(role, ACTS[a].power));
  if (shown.length === 0) return null;
  return (
    <Stack direction="row" spacing={1}>
      {shown.map((a) => (
        <Button key={a} variant={a === 'rejectPolicyPublication' || a === 'withdrawPolicyPublication' ? 'outlined' : 'contained'}
          color={a === 'approvePolicyPublication' ? 'success' : 'primary'} onClick={() => setAct(a)}>{ACTS[a].label}</Button>
      ))}
      {act && <ReasonDialog act={act} id={version.id} onClose={() => setAct(null)} onDone={onDone} />}
    </Stack>
  );
}

function ReasonDialog({ act, id, onClose, onDone }: { act: Act; id: string; onClose(): void; onDone(v: PolicyVersionFull): void }) {
  const locale = useLocale();
  const W = usePolicyWords();
  const ACTS = actsIn(W);
  const notify = useNotify();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    try {
      const r = await graphqlClient.mutate<Record<string, PolicyVersionFull>>({ mutation: mutationOf(act), variables: { id, reason } });
      const v = r.data?.[act];
      notify(ACTS[act].done, { type: 'success' });
      onClose();
      if (v && act === 'restorePolicyVersion') navigate(`/policy-versions/${v.id}`);
      else if (v) onDone(v);
    } catch (e) {
      setError(apiErrorOf(e, locale).message);
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{ACTS[act].label}</DialogTitle>
      <DialogContent>
        <TextField name="reason" label={W.reason} value={reason} onChange={(e) => setReason(e.target.value)} fullWidth
          multiline minRows={2} required error={!!error} helperText={error ?? ' '} autoFocus sx={{ mt: 1 }} data-testid="publication-reason" />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{W.cancel}</Button>
        <Button variant="contained" onClick={submit} disabled={!reason.trim()}>{ACTS[act].label}</Button>
      </DialogActions>
    </Dialog>
  );
}
