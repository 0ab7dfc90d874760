import FolderZipIcon from '@mui/icons-material/FolderZip';
import PanToolIcon from '@mui/icons-material/PanTool';
import { Alert, Box, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Button, useLocale, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { apiErrorOf } from '../../providers/apiErrors';
import { CorrectionAction } from './CorrectionAction';
import { ErasureAsk } from './ErasureApproval';
import { fulfilDisclosure, fulfilForeignMeasures, fulfilStop, type DownloadTicket } from './requestApi';

/** Runs one fulfilment call, then reloads the request (COMPLETED with its outcome; a disclosure only once downloaded). */
function useFulfil() {
  const notify = useNotify();
  const refresh = useRefresh();
  const locale = useLocale();
  const [pending, setPending] = useState(false);
  const run = async <T,>(call: () => Promise<T>, done: string): Promise<T | undefined> => {
    setPending(true);
    try {
      const result = await call();
      notify(done, { type: 'success' });
      refresh();
      return result;
    } catch (error) {
      notify(apiErrorOf(error, locale).message, { type: 'error' });
      return undefined;
    } finally {
      setPending(false);
    }
  };
  return { run, pending };
}

/**
 * Makes the disclosure file. A file made earlier and not downloaded (outcome.delivered false: the page was
 * reloaded, the link lost) is made again only with a reason, which the server records as it revokes the old link.
 */
function DisclosureAction({ onTicket }: { onTicket: (ticket: DownloadTicket) => void }) {
  const record = useRecordContext()!;
  const translate = useTranslate();
  const { run, pending } = useFulfil();
  const [reason, setReason] = useState('');
  const remake = record.outcome?.delivered === false;
  const create = async () => {
    const ticket = await run(() => fulfilDisclosure(String(record.id), remake ? reason.trim() : undefined), 'mamori.disclosure.created');
    if (ticket) {
      setReason('');
      onTicket(ticket);
    }
  };
  return (
    <>
      <Alert severity={remake ? 'warning' : 'info'} sx={{ mb: 2 }}>
        {translate(remake ? 'mamori.disclosure.notDownloaded' : 'mamori.disclosure.explain')}
      </Alert>
      {remake && (
        <TextField
          label={translate('mamori.disclosure.remakeReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          fullWidth
          size="small"
          sx={{ mb: 2 }}
          slotProps={{ htmlInput: { 'data-testid': 'remake-reason', maxLength: 500 } }}
        />
      )}
      <Button
        label={remake ? 'mamori.disclosure.remake' : 'mamori.disclosure.create'}
        variant="contained"
        onClick={create}
        disabled={pending || (remake && !reason.trim())}
      >
        <FolderZipIcon />
      </Button>
    </>
  );
}

function StopAction() {
  const record = useRecordContext()!;
  const translate = useTranslate();
  const { run, pending } = useFulfil();
  const which = `${record.kind}${record.liftStop ? '_LIFT' : ''}`;
  return (
    <>
      <Typography variant="body2" sx={{ mb: 2 }}>{translate(`mamori.stop.explain.${which}`)}</Typography>
      <Button
        label={`mamori.stop.run.${which}`}
        variant="contained"
        disabled={pending}
        onClick={() => run(() => fulfilStop(String(record.id)), 'mamori.stop.done')}
      >
        <PanToolIcon />
      </Button>
    </>
  );
}

/** Art. 28(3): composes the answer from the provision records and the contractors' recorded measures, and completes the request. */
function ForeignMeasuresAction() {
  const record = useRecordContext()!;
  const translate = useTranslate();
  const { run, pending } = useFulfil();
  return (
    <>
      <Typography variant="body2" sx={{ mb: 2 }}>{translate('mamori.foreignMeasures.explain')}</Typography>
      <Button label="mamori.foreignMeasures.run" variant="contained" disabled={pending}
        onClick={() => run(() => fulfilForeignMeasures(String(record.id)), 'mamori.foreignMeasures.done')} />
    </>
  );
}

/** What fulfilling this kind of request does, and the button that does it (only while IN_PROGRESS). */
export function FulfilmentPanel({ onTicket }: { onTicket: (ticket: DownloadTicket) => void }) {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const kind = String(record.kind);
  return (
    <Box data-testid="fulfilment-panel">
      <Typography variant="subtitle1" gutterBottom>{translate(`mamori.fulfil.${kind}`)}</Typography>
      {(kind === 'DISCLOSURE' || kind === 'PROVISION_RECORD_DISCLOSURE') && <DisclosureAction onTicket={onTicket} />}
      {kind === 'CORRECTION' && <CorrectionAction />}
      {(kind === 'STOP_USE' || kind === 'STOP_PROVISION') && <StopAction />}
      {kind === 'DELETION' && <ErasureAsk />}
      {kind === 'FOREIGN_MEASURES_INFO' && <ForeignMeasuresAction />}
    </Box>
  );
}
