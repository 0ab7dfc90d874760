import DownloadIcon from '@mui/icons-material/Download';
import PrintIcon from '@mui/icons-material/Print';
import { Button, Stack } from '@mui/material';
import { useLocale, useNotify, useRecordContext } from 'react-admin';
import { apiErrorOf } from '../../providers/apiErrors';
import { downloadLeakReportCsv, type LeakReportStage, openLeakReport } from './leakReportApi';

const LABEL = {
  ja: { PRELIMINARY: '速報', FINAL: '確報', print: 'を印刷', csv: 'CSV' },
  en: { PRELIMINARY: 'Preliminary report', FINAL: 'Final report', print: ' (print)', csv: 'CSV' },
} as const;

/** The report to the PPC (施行規則第8条): printable (速報・確報) and as CSV. */
export function LeakReportButtons() {
  const record = useRecordContext();
  const notify = useNotify();
  const locale = useLocale();
  const L = LABEL[locale === 'en' ? 'en' : 'ja'];
  if (!record) return null;
  const id = String(record.id);
  const failed = (e: unknown) => notify(apiErrorOf(e, locale).message, { type: 'error' });
  return (
    <Stack direction="row" spacing={1} data-testid="leak-report-buttons">
      {(['PRELIMINARY', 'FINAL'] as LeakReportStage[]).map((stage) => (
        <Button key={stage} size="small" startIcon={<PrintIcon />} onClick={() => openLeakReport(id, stage).catch(failed)}>{`${L[stage]}${L.print}`}</Button>
      ))}
      <Button size="small" startIcon={<DownloadIcon />} onClick={() => downloadLeakReportCsv(id, 'FINAL').catch(failed)}>{L.csv}</Button>
    </Stack>
  );
}
