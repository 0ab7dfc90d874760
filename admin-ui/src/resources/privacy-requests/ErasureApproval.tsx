import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import DeleteForeverIcon from '@mui/icons-material/DeleteForever';
import UndoIcon from '@mui/icons-material/Undo';
import { Alert, Box, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField as MuiTextField } from '@mui/material';
import { type ReactElement, useState } from 'react';
import {
  Button, Labeled, TextField, useGetIdentity, useLocale, useNotify, usePermissions, useRecordContext, useRefresh, useTranslate,
} from 'react-admin';
import { mayOffer, type Permissions } from '../../access';
import { EnumChip } from '../../fields/EnumChip';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { RefField } from '../../fields/RefField';
import { apiErrorOf } from '../../providers/apiErrors';
import { useCurrentPurpose } from '../../providers/session';
import { erasureAct, type ErasureAct } from './requestApi';

/** Each act's words: button, dialog title, what is said when done; approving also warns that it cannot be undone. */
const WORDS: Record<ErasureAct, { label: string; title: string; done: string }> = {
  requestErasure: { label: 'mamori.deletion.ask', title: 'mamori.deletion.askTitle', done: 'mamori.deletion.asked' },
  approveErasure: { label: 'mamori.deletion.approve', title: 'mamori.deletion.approveTitle', done: 'mamori.deletion.approved' },
  rejectErasure: { label: 'mamori.deletion.reject', title: 'mamori.deletion.rejectTitle', done: 'mamori.deletion.rejected' },
  withdrawErasure: { label: 'mamori.deletion.withdraw', title: 'mamori.deletion.withdrawTitle', done: 'mamori.deletion.withdrawn' },
};
const ICONS: Record<ErasureAct, ReactElement> = {
  requestErasure: <DeleteForeverIcon />, approveErasure: <CheckCircleIcon />, rejectErasure: <UndoIcon />, withdrawErasure: <UndoIcon />,
};

/** Whether this session may run `act`: the power schema/policy declares, under the purpose declared now (the server decides again). */
function useMayRun() {
  const { permissions } = usePermissions<Permissions>();
  const purpose = useCurrentPurpose();
  return (act: ErasureAct) => mayOffer(permissions, act, purpose);
}

/** A button opening the act's dialog, where a reason is required; the server's error is shown at the field. */
function ActButton({ act }: { act: ErasureAct }) {
  const record = useRecordContext()!;
  const translate = useTranslate();
  const locale = useLocale();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const submit = async () => {
    setPending(true);
    try {
      await erasureAct(act, String(record.id), reason.trim(), record.erasureRequestedAt as string | null | undefined);
      notify(WORDS[act].done, { type: 'success' });
      setOpen(false);
      setReason('');
      refresh();
    } catch (e) {
      setError(apiErrorOf(e, locale).message);
    } finally {
      setPending(false);
    }
  };
  const danger = act === 'approveErasure' || act === 'requestErasure';
  return (
    <>
      <Button label={WORDS[act].label} variant={act === 'approveErasure' || act === 'requestErasure' ? 'contained' : 'outlined'}
        color={danger ? 'error' : 'primary'} onClick={() => { setError(null); setOpen(true); }}>
        {ICONS[act]}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate(WORDS[act].title)}</DialogTitle>
        <DialogContent>
          {act === 'approveErasure' && <Alert severity="warning" sx={{ mb: 2 }}>{translate('mamori.deletion.approveConfirm')}</Alert>}
          <MuiTextField name="reason" label={translate('mamori.deletion.reason')} value={reason} onChange={(e) => setReason(e.target.value)}
            fullWidth multiline minRows={2} required autoFocus error={!!error} helperText={error ?? translate('mamori.deletion.reasonHelp')}
            sx={{ mt: 1 }} slotProps={{ htmlInput: { 'data-testid': 'erasure-reason', maxLength: 1000 } }} />
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={() => setOpen(false)} />
          <Button label={WORDS[act].label} variant="contained" color={danger ? 'error' : 'primary'} disabled={!reason.trim() || pending} onClick={submit} />
        </DialogActions>
      </Dialog>
    </>
  );
}

/** Who asked for the erasure and why; who decided, how and why (when decided). */
export function ErasureDetails() {
  const record = useRecordContext();
  if (!record?.erasureRequestedById) return null;
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' }, gap: 2, mb: 2 }} data-testid="erasure-details">
      <Labeled source="erasureRequestedById"><RefField source="erasureRequestedById" reference="Staff" optionText="name" link={false} /></Labeled>
      <Labeled source="erasureRequestedAt"><TokyoDateField source="erasureRequestedAt" /></Labeled>
      <Labeled source="erasureRequestReason"><TextField source="erasureRequestReason" /></Labeled>
      {record.erasureDecision && (
        <>
          <Labeled source="erasureDecision"><EnumChip source="erasureDecision" enumName="erasureDecision" /></Labeled>
          <Labeled source="erasureDecidedById"><RefField source="erasureDecidedById" reference="Staff" optionText="name" link={false} /></Labeled>
          <Labeled source="erasureDecisionReason"><TextField source="erasureDecisionReason" /></Labeled>
        </>
      )}
    </Box>
  );
}

/** IN_PROGRESS: the first person asks for the erasure with a reason; a rejection of an earlier ask is shown. */
export function ErasureAsk() {
  const record = useRecordContext();
  const translate = useTranslate();
  const mayRun = useMayRun();
  if (!record) return null;
  return (
    <>
      <Alert severity="warning" sx={{ mb: 2 }}>{translate('mamori.deletion.explain')}</Alert>
      <Alert severity="info" sx={{ mb: 2 }}>{translate('mamori.deletion.twoPerson')}</Alert>
      {record.erasureDecision === 'REJECTED' && <ErasureDetails />}
      {mayRun('requestErasure') && <ActButton act="requestErasure" />}
    </>
  );
}

/**
 * AWAITING_APPROVAL (承認待ち): who asked and why; the one who asked may withdraw; anyone else holding the
 * approval power approves (the erasure runs) or rejects (the data stays). Never offered to the one who asked.
 */
export function ErasureApproval() {
  const record = useRecordContext();
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const mayRun = useMayRun();
  if (!record || identity?.id === undefined) return null;
  const mine = String(record.erasureRequestedById) === String(identity.id);
  const acts: ErasureAct[] = mine ? ['withdrawErasure'] : ['approveErasure', 'rejectErasure'];
  const shown = acts.filter(mayRun);
  return (
    <Box data-testid="erasure-approval">
      <Alert severity="warning" sx={{ mb: 2 }}>
        <strong>{translate('mamori.deletion.awaiting')}</strong>: {translate(mine ? 'mamori.deletion.awaitingYours' : 'mamori.deletion.awaitingOthers')}
      </Alert>
      <ErasureDetails />
      {shown.length > 0 && <Stack direction="row" spacing={2}>{shown.map((a) => <ActButton key={a} act={a} />)}</Stack>}
    </Box>
  );
}
