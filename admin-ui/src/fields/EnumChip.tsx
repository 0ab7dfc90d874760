import { Chip, type ChipProps } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { EnumName } from '../choices';

type Colour = ChipProps['color'];

/** Colours that carry meaning: red needs action, amber is under way, green is done; the label always says it too. */
const COLOURS: Partial<Record<EnumName, Record<string, Colour>>> = {
  privacyRequestStatus: { RECEIVED: 'info', VERIFYING: 'warning', IN_PROGRESS: 'warning', AWAITING_APPROVAL: 'error', COMPLETED: 'success', REFUSED: 'default' },
  complaintStatus: { OPEN: 'warning', ANSWERED: 'info', CLOSED: 'success' },
  auditStatus: { PLANNED: 'default', IN_PROGRESS: 'warning', COMPLETED: 'success', CANCELLED: 'default' },
  findingStatus: { OPEN: 'error', IN_PROGRESS: 'warning', ACCEPTED: 'success', REMEDIATED: 'success', FALSE_POSITIVE: 'default' },
  findingSeverity: { CRITICAL: 'error', HIGH: 'error', MEDIUM: 'warning', LOW: 'info', INFO: 'default' },
};
/** Critical stands apart from high: darker and bold. */
const EMPHASIS: Record<string, object> = { CRITICAL: { bgcolor: 'error.dark', fontWeight: 700 } };

/** An enum value as a small labelled chip (e.g. a request's status, a finding's severity). */
export function EnumChip({ source, enumName, value }: { source?: string; enumName: EnumName; value?: string; label?: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const key = value ?? (source ? record?.[source] : undefined);
  if (key === null || key === undefined || key === '') return null;
  const colour = COLOURS[enumName]?.[String(key)] ?? 'default';
  return (
    <Chip
      size="small"
      color={colour}
      variant={enumName === 'findingSeverity' && key === 'LOW' ? 'outlined' : 'filled'}
      label={translate(`mamori.enums.${enumName}.${String(key)}`, { _: String(key) })}
      data-value={String(key)}
      sx={{ alignSelf: 'flex-start', ...(enumName === 'findingSeverity' ? EMPHASIS[String(key)] : {}) }}
    />
  );
}
