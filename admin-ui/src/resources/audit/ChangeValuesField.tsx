import { Box, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { fieldName } from '../../export/columns';

const shown = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : String(value));

/**
 * What a change did, field by field: label, old value → new value. Personal values were stored
 * masked by the server (the trail never holds them in clear), so they are shown as stored.
 */
export function ChangeValuesField(_props: { label?: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const before = (record.oldValues ?? {}) as Record<string, unknown>;
  const after = (record.newValues ?? {}) as Record<string, unknown>;
  const fields: string[] = record.fields?.length ? record.fields : Object.keys(after);
  return (
    <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 1, rowGap: 0.25 }} data-field="entity fields oldValues newValues">
      {fields.map((field) => (
        <Box key={field} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {fieldName(`${record.entity}.${field}`, translate)}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0, '& span': { whiteSpace: 'nowrap' } }}>
            {record.oldValues && <><span>{shown(before[field])}</span>{' → '}</>}
            <span>{shown(after[field])}</span>
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

ChangeValuesField.selects = () => ['entity', 'fields', 'oldValues', 'newValues'];
