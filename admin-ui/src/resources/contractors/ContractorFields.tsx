import { Chip, Stack } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

function useStrings(source: string): string[] {
  const value = useRecordContext()?.[source];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value ? value.split(/[,、]\s*/) : [];
}

/** The data categories handed to the contractor, labelled from schema/policy. */
export function CategoriesField({ source }: { source: string; label?: string }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {useStrings(source).map((key) => (
        <Chip key={key} size="small" label={translate(`mamori.categories.${key}`, { _: key })} />
      ))}
    </Stack>
  );
}

/** The services entrusted to the contractor (【7】). */
export function ServicesField({ source }: { source: string; label?: string }) {
  const translate = useTranslate();
  return <>{useStrings(source).map((key) => translate(`mamori.enums.contractorService.${key}`, { _: key })).join('、')}</>;
}
