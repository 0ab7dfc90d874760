import { Box, Typography } from '@mui/material';
import { useRecordContext, type FieldProps } from 'react-admin';
import { formatDateTime, formatDuration, formatPostalCode, formatYen } from './format';
import { MaskedField } from './MaskedField';

interface SourceProps extends Omit<FieldProps, 'source'> {
  source: string;
}

/** 〒 before a postal code, masked or not. */
export function PostalCodeField({ source, ...rest }: SourceProps) {
  return <MaskedField source={source} prefix="〒" format={formatPostalCode} {...rest} />;
}

/** A name with its kana under it, each masked on its own. */
export function NameWithKanaField({ source, kanaSource = 'nameKana' }: SourceProps & { kanaSource?: string }) {
  return (
    <Box component="span" sx={{ display: 'inline-flex', flexDirection: 'column' }}>
      <MaskedField source={source} />
      <MaskedField source={kanaSource} variant="caption" />
    </Box>
  );
}

NameWithKanaField.selects = ({ source, kanaSource = 'nameKana' }: { source: string; kanaSource?: string }) => [source, kanaSource];

/** A personal date (e.g. birth date): the date when clear, the server's form (e.g. 30代) when masked. */
export function MaskedDateField({ source, ...rest }: SourceProps) {
  return <MaskedField source={source} format={(v) => formatDateTime(v, false)} {...rest} />;
}

function useValue(source: string): unknown {
  const record = useRecordContext();
  return source.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], record);
}

/** ¥ with thousands separators. */
export function YenField({ source }: SourceProps) {
  const text = formatYen(useValue(source));
  return text ? <Typography component="span" variant="body2">{text}</Typography> : null;
}

/** A date and time in Asia/Tokyo (`showTime={false}` for the date only). */
export function TokyoDateField({ source, showTime = true, emptyText }: SourceProps & { showTime?: boolean }) {
  const text = formatDateTime(useValue(source), showTime) || emptyText;
  return text ? <Typography component="span" variant="body2">{text}</Typography> : null;
}

/** Seconds as m:ss. */
export function DurationField({ source }: SourceProps) {
  const text = formatDuration(useValue(source));
  return text ? <Typography component="span" variant="body2">{text}</Typography> : null;
}
