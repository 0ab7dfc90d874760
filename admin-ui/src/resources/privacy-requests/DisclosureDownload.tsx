import DownloadIcon from '@mui/icons-material/Download';
import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { Button, useRefresh, useTranslate } from 'react-admin';
import { saveBlob } from '../../export/saveFile';
import { formatDateTime } from '../../fields/format';
import { markTaken, type HeldTicket } from './disclosureTickets';
import { DownloadRefused, takeDisclosureFile } from './requestApi';

type State = 'ready' | 'downloading' | 'done' | 'gone' | 'failed';

const kilobytes = (bytes: number) => `${(bytes / 1024).toLocaleString('ja-JP', { maximumFractionDigits: 1 })} KB`;

/**
 * The disclosure file, downloadable once (the server forgets the file as it hands it over, and the download
 * completes the request): the page says so before, and after the download the button is gone for good.
 */
export function DisclosureDownload({ requestId, held }: { requestId: string; held: HeldTicket }) {
  const translate = useTranslate();
  const refresh = useRefresh();
  const { ticket } = held;
  const [attempt, setAttempt] = useState<Exclude<State, 'done'>>('ready');
  const state: State = held.taken ? 'done' : attempt;

  const download = async () => {
    setAttempt('downloading');
    try {
      saveBlob(await takeDisclosureFile(ticket), ticket.fileName);
      markTaken(requestId);
      // The download completed the request on the server: show it COMPLETED with its outcome.
      refresh();
    } catch (error) {
      setAttempt(error instanceof DownloadRefused && error.status === 410 ? 'gone' : 'failed');
    }
  };

  return (
    <Box data-testid="disclosure-download" data-state={state}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <Typography variant="body2" sx={{ fontWeight: 600 }}>{ticket.fileName}</Typography>
        <Typography variant="body2" color="text.secondary">{kilobytes(ticket.bytes)}</Typography>
        {ticket.categories.map((c) => <Chip key={c} size="small" label={translate(`mamori.categories.${c}`, { _: c })} />)}
      </Stack>
      {(state === 'ready' || state === 'downloading') && (
        <>
          <Alert severity="warning" sx={{ mb: 1 }}>
            {translate('mamori.disclosure.once', { expires: formatDateTime(ticket.expiresAt) })}
          </Alert>
          <Button label="mamori.disclosure.download" variant="contained" onClick={download} disabled={state === 'downloading'}>
            <DownloadIcon />
          </Button>
        </>
      )}
      {state === 'done' && <Alert severity="success">{translate('mamori.disclosure.downloaded')}</Alert>}
      {state === 'gone' && <Alert severity="error">{translate('mamori.disclosure.gone')}</Alert>}
      {state === 'failed' && (
        <>
          <Alert severity="error" sx={{ mb: 1 }}>{translate('mamori.disclosure.failed')}</Alert>
          <Button label="mamori.disclosure.retry" onClick={download}><DownloadIcon /></Button>
        </>
      )}
    </Box>
  );
}
