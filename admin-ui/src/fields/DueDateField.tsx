import WarningIcon from '@mui/icons-material/WarningAmber';
import { Box, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from './format';

/** The red of anything past its due date (MUI error.main keeps WCAG AA on white). */
export const OVERDUE_COLOR = 'error.main';
/** A row past its due date: a pale red band, so it stands out in a long queue. */
export const overdueRowSx = (overdue: unknown) => (overdue ? { bgcolor: '#fdecea' } : {});

/**
 * A due date (YYYY-MM-DD or an instant), in red with 期限超過 when the server flags the record overdue
 * (`overdueSource`): the server decides, in Japan time, never the browser's clock.
 */
export function DueDateField({ source, overdueSource = 'overdue' }: { source: string; overdueSource?: string; label?: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const text = formatDateTime(record[source], false);
  const overdue = Boolean(record[overdueSource]);
  if (!text) return null;
  return (
    <Box
      component="span"
      sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, whiteSpace: 'nowrap', ...(overdue ? { color: OVERDUE_COLOR, fontWeight: 700 } : {}) }}
      data-overdue={overdue ? 'true' : undefined}
      data-field={`${source} ${overdueSource}`}
    >
      {overdue && <WarningIcon fontSize="inherit" aria-hidden />}
      <Typography component="span" variant="body2" sx={{ color: 'inherit', fontWeight: 'inherit' }}>{text}</Typography>
      {overdue && (
        <Typography component="span" variant="caption" sx={{ color: 'inherit', fontWeight: 'inherit' }}>
          {translate('mamori.due.overdue')}
        </Typography>
      )}
    </Box>
  );
}

DueDateField.selects = ({ source, overdueSource = 'overdue' }: { source: string; overdueSource?: string }) => [source, overdueSource];
