import LockIcon from '@mui/icons-material/Lock';
import { Box, Tooltip, Typography, type SxProps, type Theme } from '@mui/material';
import type { ReactNode } from 'react';
import { useRecordContext, useResourceContext, useTranslate, type FieldProps } from 'react-admin';
import type { EnumName } from '../choices';
import { useCurrentPurpose } from '../providers/session';
import { isMaskedIn, shownWhole } from './masking';

export interface MaskedFieldProps extends Omit<FieldProps, 'source'> {
  source: string;
  /** Formats a value shown in clear (a masked value is shown as the server sent it). */
  format?: (value: unknown) => ReactNode;
  /** Shown before the value, clear or masked (e.g. 〒). */
  prefix?: string;
  variant?: 'body2' | 'caption';
  /** A value of this enum, shown with its label when clear. */
  enumName?: EnumName;
  sx?: SxProps<Theme>;
}

/**
 * A personal field. When the server lists it in `maskedFields` it is shown as sent (partly masked, or
 * 非表示 when withheld) with a lock and a tooltip saying which, under the declared purpose; a value the
 * policy keeps whole has no lock, and no data is simply empty.
 */
export function MaskedField({ source, format, prefix = '', variant = 'body2', enumName, className, sx }: MaskedFieldProps) {
  const record = useRecordContext();
  const translate = useTranslate();
  const purpose = useCurrentPurpose();
  const resource = useResourceContext();
  if (!record) return null;
  const value = source.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], record);

  const empty = value === null || value === undefined || value === '';
  if (!isMaskedIn(record, source) || (!empty && shownWhole(record, source, resource))) {
    if (value === null || value === undefined || value === '') return null;
    return (
      <Typography component="span" variant={variant} className={className} sx={sx} data-field={source}>
        {format
          ? format(value)
          : enumName
            ? translate(`mamori.enums.${enumName}.${String(value)}`, { _: String(value) })
            : `${prefix}${String(value)}`}
      </Typography>
    );
  }

  // The tooltip says which: a value partly masked, or withheld by the policy (never "no data": that has no lock).
  const tooltip = purpose
    ? translate(empty ? 'mamori.masked.hiddenByPolicy' : 'mamori.masked.partial', { purpose: translate(`mamori.purposes.${purpose}`) })
    : translate('mamori.masked.no_purpose');
  const shown = empty ? translate('mamori.masked.hidden') : `${prefix}${String(value)}`;
  return (
    <Tooltip title={tooltip}>
      <Typography
        component="span"
        variant={variant}
        className={className}
        sx={sx}
        color="text.secondary"
        aria-label={`${shown} — ${tooltip}`}
        data-masked="true"
        data-mask={empty ? 'hidden' : 'partial'}
        data-field={source}
      >
        <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
          <LockIcon fontSize="inherit" aria-hidden />
          {shown}
        </Box>
      </Typography>
    </Tooltip>
  );
}
