import { Alert, Box, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useLocale, useRecordContext, useTranslate } from 'react-admin';
import { formatDate } from '../../fields/format';
import { inLanguage } from '../../providers/apiErrors';

interface LegalHold { rule: string; law: string; keptUntil: string }
interface ErasureItem { records: string; count: number; reason?: string | null; dueAt?: string | null; keptUntil?: string | null; holds?: LegalHold[] }
interface DeletionOutcome {
  pseudonymId: string;
  erased: ErasureItem[];
  pseudonymised: ErasureItem[];
  remainderDueAt: string | null;
  openRequestsRefused?: number;
}

/** A deletion's result (【11】): what was erased, what is kept pseudonymised and why, and until when. */
export function DeletionResult({ outcome }: { outcome: DeletionOutcome }) {
  const translate = useTranslate();
  const locale = useLocale();
  const label = (records: string) => translate(`mamori.deletion.records.${records}`, { _: records });
  return (
    <Box data-testid="deletion-result">
      <Alert severity="success" sx={{ mb: 2 }}>
        {translate('mamori.deletion.erasedSummary', { pseudonym: outcome.pseudonymId })}
      </Alert>
      <Typography variant="subtitle2">{translate('mamori.deletion.erased')}</Typography>
      <Table size="small" sx={{ mb: 2, maxWidth: 480 }} data-testid="deletion-erased">
        <TableBody>
          {outcome.erased.map((item) => (
            <TableRow key={item.records}>
              <TableCell>{label(item.records)}</TableCell>
              <TableCell align="right">{translate('mamori.deletion.count', { smart_count: item.count })}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="subtitle2">{translate('mamori.deletion.pseudonymised')}</Typography>
      {outcome.pseudonymised.length === 0 ? (
        <Typography variant="body2" sx={{ mb: 2 }}>{translate('mamori.deletion.nothingKept')}</Typography>
      ) : (
        <Table size="small" sx={{ mb: 2 }} data-testid="deletion-pseudonymised">
          <TableHead>
            <TableRow>
              <TableCell>{translate('mamori.deletion.what')}</TableCell>
              <TableCell align="right">{translate('mamori.deletion.howMany')}</TableCell>
              <TableCell>{translate('mamori.deletion.why')}</TableCell>
              <TableCell>{translate('mamori.deletion.until')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {outcome.pseudonymised.map((item) => (
              <TableRow key={item.records}>
                <TableCell>{label(item.records)}</TableCell>
                <TableCell align="right">{translate('mamori.deletion.count', { smart_count: item.count })}</TableCell>
                <TableCell>
                  {item.holds?.length
                    ? item.holds.map((h) => (
                      <Typography key={h.rule} variant="body2" data-testid="deletion-hold">
                        {translate('mamori.deletion.hold', { law: h.law, date: formatDate(h.keptUntil) })}
                      </Typography>
                    ))
                    : item.reason ? inLanguage(item.reason, locale) : ''}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(item.keptUntil ?? item.dueAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Typography variant="body2" data-testid="deletion-remainder">
        {outcome.remainderDueAt
          ? translate('mamori.deletion.remainder', { date: formatDate(outcome.remainderDueAt) })
          : translate('mamori.deletion.noRemainder')}
      </Typography>
      {Boolean(outcome.openRequestsRefused) && (
        <Typography variant="body2" sx={{ mt: 1 }}>
          {translate('mamori.deletion.othersRefused', { smart_count: outcome.openRequestsRefused })}
        </Typography>
      )}
    </Box>
  );
}

type Outcome = Record<string, unknown>;

/** What fulfilling the request did, as the server recorded it on the request (`outcome`). */
export function RequestOutcome() {
  const record = useRecordContext();
  const translate = useTranslate();
  const outcome = record?.outcome as Outcome | null | undefined;
  if (!record || !outcome) return null;
  const kind = String(record.kind);
  if (kind === 'DELETION') return <DeletionResult outcome={outcome as unknown as DeletionOutcome} />;
  if (kind === 'CORRECTION') {
    const fields = (outcome.correctedFields as string[] | undefined) ?? [];
    return (
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }} data-testid="request-outcome">
        <Typography variant="body2">{translate('mamori.correction.corrected')}</Typography>
        {fields.map((f) => <Chip key={f} size="small" label={translate(`resources.Customer.fields.${f}`, { _: f })} />)}
      </Stack>
    );
  }
  if (kind === 'STOP_USE' || kind === 'STOP_PROVISION') {
    const stopped = kind === 'STOP_USE' ? outcome.status === 'USE_STOPPED' : outcome.provisionStopped === true;
    return (
      <Typography variant="body2" data-testid="request-outcome">
        {translate(`mamori.stop.result.${kind}_${stopped ? 'ON' : 'OFF'}`)}
        {outcome.changed === false && ` ${translate('mamori.stop.unchanged')}`}
      </Typography>
    );
  }
  const counts = (outcome.counts ?? {}) as Record<string, number>;
  return (
    <Box data-testid="request-outcome">
      <Typography variant="body2" gutterBottom>
        {translate('mamori.disclosure.made', { file: String(outcome.fileName ?? ''), size: Number(outcome.bytes ?? 0).toLocaleString('ja-JP') })}
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {Object.entries(counts).map(([what, n]) => (
          <Chip key={what} size="small" variant="outlined" label={`${translate(`mamori.disclosure.counts.${what}`, { _: what })}: ${n}`} />
        ))}
      </Stack>
    </Box>
  );
}
