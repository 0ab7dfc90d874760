import { Alert, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useEffect, useState } from 'react';
import { Button, useLocaleState, useTranslate } from 'react-admin';
import { apiErrorOf } from '../providers/apiErrors';
import { postGraphql } from '../providers/graphqlFetch';

const ALLOWANCE = 'query exportAllowance { exportAllowance { cap } }';
const RECORD = 'mutation recordExport($i: ExportInput!) { recordExport(input: $i) { rowCount cap } }';

export interface ExportRequest {
  resource: string;
  rows: number;
  columns: number;
  filter: Record<string, unknown>;
}

/**
 * Asks why rows leave the system before a CSV is written, shows the cap schema/policy sets for this
 * role and purpose, and records the export (recordExport) before a row is read. The server checks
 * the reason and the cap again; its refusal is shown at the field it names.
 */
export function ExportReasonDialog({ request, onCancel, onRecorded }: {
  request: ExportRequest | null;
  onCancel: () => void;
  onRecorded: () => void;
}) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [reason, setReason] = useState('');
  const [cap, setCap] = useState<number | null>(null);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!request) return;
    setReason('');
    setError(null);
    setCap(null);
    postGraphql<{ exportAllowance: { cap: number } }>(ALLOWANCE)
      .then((data) => setCap(data.exportAllowance.cap))
      .catch((e: unknown) => setError(apiErrorOf(e, locale)));
  }, [request, locale]);

  if (!request) return null;
  const overCap = cap !== null && request.rows > cap;
  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      await postGraphql(RECORD, { i: { resource: request.resource, reason, rowCount: request.rows, filter: request.filter } });
      onRecorded();
    } catch (e) {
      setError(apiErrorOf(e, locale));
    } finally {
      setSaving(false);
    }
  };
  const n = (value: number) => value.toLocaleString('ja-JP');
  const reasonError = error && (error.field === 'reason' || !error.field) ? error.message : undefined;
  return (
    <Dialog open onClose={onCancel} aria-labelledby="export-reason-title" data-testid="export-reason">
      <DialogTitle id="export-reason-title">{translate('mamori.export.reason_title')}</DialogTitle>
      <DialogContent sx={{ minWidth: 420 }}>
        <DialogContentText>{translate('mamori.export.rows', { rows: n(request.rows), columns: request.columns })}</DialogContentText>
        {cap !== null && cap > 0 && !overCap && (
          <DialogContentText variant="body2">{translate('mamori.export.cap', { cap: n(cap) })}</DialogContentText>
        )}
        {cap === 0 && <Alert severity="warning" sx={{ mt: 1 }}>{translate('mamori.export.no_export')}</Alert>}
        {overCap && cap > 0 && (
          <Alert severity="warning" sx={{ mt: 1 }}>{translate('mamori.export.over_cap', { rows: n(request.rows), cap: n(cap) })}</Alert>
        )}
        {error && error.field && error.field !== 'reason' && <Alert severity="error" sx={{ mt: 1 }}>{error.message}</Alert>}
        <TextField
          autoFocus
          fullWidth
          multiline
          minRows={2}
          margin="normal"
          name="reason"
          label={translate('mamori.export.reason_label')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={Boolean(reasonError)}
          helperText={reasonError ?? translate('mamori.export.reason_help')}
          disabled={cap === 0 || overCap}
          slotProps={{ htmlInput: { maxLength: 500 } }}
        />
      </DialogContent>
      <DialogActions>
        <Button label="ra.action.cancel" onClick={onCancel} />
        <Button
          label="mamori.export.start"
          variant="contained"
          onClick={submit}
          disabled={saving || cap === null || cap === 0 || overCap || reason.trim().length < 2}
        />
      </DialogActions>
    </Dialog>
  );
}
