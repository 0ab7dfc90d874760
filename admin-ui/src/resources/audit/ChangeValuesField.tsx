import { Box, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { fieldName } from '../../export/columns';
import { recordedValueText } from '../../fields/trailLabels';


/**
 * What a change did, field by field: label, old value → new value. Personal values were stored
 * masked by the server (the trail never holds them in clear), so they are shown as stored; codes, times
 * and nested values in words (trailLabels.ts).
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
            {record.oldValues && <><span>{recordedValueText(record.entity, field, before[field], translate)}</span>{' → '}</>}
            <span>{recordedValueText(record.entity, field, after[field], translate)}</span>
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

ChangeValuesField.selects = () => ['entity', 'fields', 'oldValues', 'newValues'];
