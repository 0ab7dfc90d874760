import BlockIcon from '@mui/icons-material/Block';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import {
  Alert, Box, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, Step, StepLabel, Stepper, TextField,
} from '@mui/material';
import { useState } from 'react';
import { Button, useCanAccess, useLocale, useNotify, useRecordContext, useTranslate, useUpdate } from 'react-admin';
import { enumChoices } from '../../choices';
import { apiErrorOf } from '../../providers/apiErrors';

const STEPS = ['RECEIVED', 'VERIFYING', 'IN_PROGRESS', 'COMPLETED'];
/** A deletion waits for a second person's approval between the work and its completion. */
const DELETION_STEPS = ['RECEIVED', 'VERIFYING', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'COMPLETED'];
const OPEN = ['RECEIVED', 'VERIFYING', 'IN_PROGRESS'];

/** Moves the request along received → verifying → in progress (identity recorded), or refuses it with a reason. */
function useMove() {
  const record = useRecordContext();
  const notify = useNotify();
  const locale = useLocale();
  const [update, { isPending }] = useUpdate();
  const move = (data: Record<string, unknown>, onDone?: () => void) =>
    update('PrivacyRequest', { id: record!.id, data, previousData: record }, {
      mutationMode: 'pessimistic',
      onSuccess: () => {
        notify('mamori.privacyRequest.moved', { type: 'success' });
        onDone?.();
      },
      onError: (error) => notify(apiErrorOf(error, locale).message, { type: 'error' }),
    });
  return { move, isPending };
}

function RefuseButton() {
  const translate = useTranslate();
  const { move, isPending } = useMove();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button label="mamori.privacyRequest.refuse" color="error" onClick={() => setOpen(true)}><BlockIcon /></Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate('mamori.privacyRequest.refuseTitle')}</DialogTitle>
        <DialogContent>
          <TextField
            label={translate('resources.PrivacyRequest.fields.refusalReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            multiline
            minRows={3}
            fullWidth
            sx={{ mt: 1 }}
            helperText={translate('mamori.privacyRequest.refuseHelp')}
          />
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={() => setOpen(false)} />
          <Button
            label="mamori.privacyRequest.refuse"
            color="error"
            variant="contained"
            disabled={reason.trim().length < 2 || isPending}
            onClick={() => move({ status: 'REFUSED', refusalReason: reason.trim() }, () => setOpen(false))}
          />
        </DialogActions>
      </Dialog>
    </>
  );
}

/**
 * Where the request stands (a stepper) and, for the privacy manager, the next step: start verifying,
 * record how identity was checked and start the work, or refuse. COMPLETED is reached only by
 * fulfilling the request (see FulfilmentPanel).
 */
export function RequestWorkflow() {
  const record = useRecordContext();
  const translate = useTranslate();
  const { canAccess } = useCanAccess({ resource: 'PrivacyRequest', action: 'edit' });
  const { move, isPending } = useMove();
  const [identityCheck, setIdentityCheck] = useState<string>(record?.identityCheck ?? '');
  if (!record) return null;
  const status = String(record.status);
  const refused = status === 'REFUSED';
  const steps = record.kind === 'DELETION' ? DELETION_STEPS : STEPS;

  return (
    <Box data-testid="request-workflow">
      <Stepper activeStep={refused ? -1 : steps.indexOf(status) + (status === 'COMPLETED' ? 1 : 0)} alternativeLabel sx={{ mb: 2 }}>
        {steps.map((step) => (
          <Step key={step}><StepLabel>{translate(`mamori.enums.privacyRequestStatus.${step}`)}</StepLabel></Step>
        ))}
      </Stepper>
      {refused && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('mamori.privacyRequest.refused', { reason: record.refusalReason ?? '' })}
        </Alert>
      )}
      {canAccess && OPEN.includes(status) && (
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' }, flexWrap: 'wrap' }} useFlexGap>
          {status === 'RECEIVED' && (
            <Button label="mamori.privacyRequest.startVerifying" variant="outlined" disabled={isPending} onClick={() => move({ status: 'VERIFYING' })}>
              <VerifiedUserIcon />
            </Button>
          )}
          {status !== 'IN_PROGRESS' && (
            <>
              <TextField
                select
                size="small"
                label={translate('resources.PrivacyRequest.fields.identityCheck')}
                value={identityCheck}
                onChange={(e) => setIdentityCheck(e.target.value)}
                sx={{ minWidth: 280 }}
                data-testid="identity-check"
              >
                {enumChoices('identityCheck').map((c) => <MenuItem key={c.id} value={c.id}>{translate(c.name)}</MenuItem>)}
              </TextField>
              <Button
                label="mamori.privacyRequest.start"
                variant="contained"
                disabled={!identityCheck || isPending}
                onClick={() => move({ identityCheck, status: 'IN_PROGRESS' })}
              >
                <PlayArrowIcon />
              </Button>
            </>
          )}
          <RefuseButton />
        </Stack>
      )}
    </Box>
  );
}
