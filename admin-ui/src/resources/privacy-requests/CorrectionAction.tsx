import AddIcon from '@mui/icons-material/Add';
import EditNoteIcon from '@mui/icons-material/EditNote';
import RemoveIcon from '@mui/icons-material/RemoveCircleOutlineOutlined';
import { Alert, Box, IconButton, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import {
  Button, RecordContextProvider, useGetOne, useLocale, useNotify, useRecordContext, useRefresh, useTranslate,
} from 'react-admin';
import { enumChoices } from '../../choices';
import { MaskedField } from '../../fields/MaskedField';
import { labelOnly } from '../../fields/sparse';
import { apiErrorOf } from '../../providers/apiErrors';
import { CORRECTABLE_FIELDS, fulfilCorrection, type CorrectableField } from './requestApi';

interface Row { field: CorrectableField | ''; value: string }

/** What the customer record holds now, for the one field chosen (only that field is read). */
function CurrentValue({ customerId, field }: { customerId: string; field: CorrectableField }) {
  const translate = useTranslate();
  const { data } = useGetOne('Customer', { id: customerId, ...labelOnly(field) });
  return (
    <Typography variant="caption" color="text.secondary" component="div" sx={{ minWidth: 160 }}>
      {translate('mamori.correction.current')}{' '}
      {data && <RecordContextProvider value={data}><MaskedField source={field} variant="caption" enumName={field === 'gender' ? 'gender' : undefined} /></RecordContextProvider>}
    </Typography>
  );
}

function ValueInput({ row, onChange }: { row: Row; onChange: (value: string) => void }) {
  const translate = useTranslate();
  const common = { size: 'small' as const, label: translate('mamori.correction.newValue'), value: row.value, sx: { minWidth: 240, flex: 1 } };
  if (row.field === 'gender') {
    return (
      <TextField select {...common} onChange={(e) => onChange(e.target.value)}>
        {enumChoices('gender').map((c) => <MenuItem key={c.id} value={c.id}>{translate(c.name)}</MenuItem>)}
      </TextField>
    );
  }
  if (row.field === 'birthDate') {
    return <TextField type="date" {...common} onChange={(e) => onChange(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />;
  }
  return <TextField {...common} multiline={row.field === 'lifestyle'} onChange={(e) => onChange(e.target.value)} />;
}

/**
 * CORRECTION (訂正): the fields the person asked to correct and their new values, applied through the
 * customer update (validated, recorded in the change history with the request as the reason).
 */
export function CorrectionAction() {
  const record = useRecordContext()!;
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const locale = useLocale();
  const [rows, setRows] = useState<Row[]>([{ field: '', value: '' }]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const chosen = rows.filter((r): r is Row & { field: CorrectableField } => r.field !== '' && r.value.trim() !== '');
  const setRow = (i: number, change: Partial<Row>) => setRows((all) => all.map((r, j) => (i === j ? { ...r, ...change } : r)));

  const submit = async () => {
    setPending(true);
    setError(null);
    try {
      await fulfilCorrection(String(record.id), Object.fromEntries(chosen.map((r) => [r.field, r.value.trim()])), note.trim());
      notify('mamori.correction.done', { type: 'success' });
      refresh();
    } catch (e) {
      const { message, field } = apiErrorOf(e, locale);
      setError(field ? `${translate(`resources.Customer.fields.${field}`, { _: field })}: ${message}` : message);
    } finally {
      setPending(false);
    }
  };

  return (
    <Box data-testid="correction-action">
      {rows.map((row, i) => (
        <Stack key={i} direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ mb: 1.5, alignItems: { md: 'center' } }}>
          <TextField
            select
            size="small"
            label={translate('mamori.correction.field')}
            value={row.field}
            onChange={(e) => setRow(i, { field: e.target.value as CorrectableField, value: '' })}
            sx={{ width: { md: 220 }, flexShrink: 0 }}
            data-testid="correction-field"
          >
            {CORRECTABLE_FIELDS.filter((f) => f === row.field || !rows.some((r) => r.field === f)).map((f) => (
              <MenuItem key={f} value={f}>{translate(`resources.Customer.fields.${f}`)}</MenuItem>
            ))}
          </TextField>
          {row.field && <ValueInput row={row} onChange={(value) => setRow(i, { value })} />}
          {row.field && <CurrentValue customerId={String(record.customerId)} field={row.field} />}
          {rows.length > 1 && (
            <IconButton aria-label={translate('mamori.correction.remove')} onClick={() => setRows((all) => all.filter((_, j) => j !== i))}>
              <RemoveIcon />
            </IconButton>
          )}
        </Stack>
      ))}
      <Button label="mamori.correction.add" onClick={() => setRows((all) => [...all, { field: '', value: '' }])} disabled={rows.length >= CORRECTABLE_FIELDS.length}>
        <AddIcon />
      </Button>
      <TextField
        size="small"
        label={translate('mamori.correction.note')}
        helperText={translate('mamori.correction.noteHelp')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        fullWidth
        sx={{ my: 2 }}
      />
      {error && <Alert severity="error" sx={{ mb: 2 }}>{error}</Alert>}
      <Button label="mamori.correction.run" variant="contained" onClick={submit} disabled={chosen.length === 0 || pending}>
        <EditNoteIcon />
      </Button>
    </Box>
  );
}
