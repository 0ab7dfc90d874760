import { Chip, Stack, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { DueDateField } from '../../fields/DueDateField';
import { formatDateTime } from '../../fields/format';

/**
 * One report deadline (速報 / 確報, APPI art. 26): when it was made, or when it is due, in red once
 * past due (the server's `…Overdue` flag).
 */
export function ReportDeadlineField({ report }: { report: 'preliminary' | 'final'; label?: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  // All three decide what is shown: made on, due (and overdue), or not to be made.
  const reportedAt = record[`${report}ReportedAt`];
  return (
    <span data-field={ReportDeadlineField.selects({ report }).join(' ')}>
      {reportedAt ? (
        <Typography variant="body2">{translate('mamori.leak.reportedOn', { date: formatDateTime(reportedAt, false) })}</Typography>
      ) : !record[`${report}ReportDue`] ? (
        <Typography variant="body2" color="text.secondary">{translate('mamori.leak.notReportable')}</Typography>
      ) : (
        <DueDateField source={`${report}ReportDue`} overdueSource={`${report}ReportOverdue`} />
      )}
    </span>
  );
}

ReportDeadlineField.selects = ({ report }: { report: 'preliminary' | 'final' }) =>
  [`${report}ReportedAt`, `${report}ReportDue`, `${report}ReportOverdue`];

/** Whether the incident must be reported, and why. */
export function ReportableField(_props: { label?: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  if (!record.reportable) return <Chip size="small" label={translate('mamori.leak.notReportable')} data-field="reportable reportableReasons" />;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }} data-field="reportable reportableReasons">
      <Chip size="small" color="error" label={translate('mamori.leak.reportable')} />
      {(record.reportableReasons as string[]).map((reason) => (
        <Chip key={reason} size="small" variant="outlined" label={translate(`mamori.enums.leakReportableReason.${reason}`, { _: reason })} />
      ))}
    </Stack>
  );
}

ReportableField.selects = () => ['reportable', 'reportableReasons'];
