import { Typography } from '@mui/material';
import { Pagination, useListContext, useTranslate } from 'react-admin';

/**
 * The list's pagination, and under it, when the server counted by estimate (a list of tens of
 * thousands of rows), the total marked as approximate: 約 12,300 件.
 */
export function EstimatedPagination() {
  const { total, meta } = useListContext();
  const translate = useTranslate();
  const estimated = (meta as { estimated?: boolean } | undefined)?.estimated === true;
  return (
    <>
      <Pagination />
      {estimated && total != null && (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', textAlign: 'right', px: 2, pb: 1 }} data-testid="estimated-total">
          {translate('mamori.list.estimated_total', { total: total.toLocaleString('ja-JP') })}
        </Typography>
      )}
    </>
  );
}
