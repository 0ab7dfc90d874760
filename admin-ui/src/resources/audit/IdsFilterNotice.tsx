import { Alert } from '@mui/material';
import { Button, useListContext, useTranslate } from 'react-admin';

/**
 * The list shows only some entries by id (an audit finding's evidence): said plainly, with a way back to
 * the whole trail. The ids filter has no input of its own.
 */
export function IdsFilterNotice() {
  const { filterValues, displayedFilters, setFilters } = useListContext();
  const translate = useTranslate();
  const ids = filterValues?.ids;
  if (!Array.isArray(ids) || ids.length === 0) return null;
  const clear = () => {
    const { ids: _ids, ...rest } = filterValues;
    setFilters(rest, displayedFilters);
  };
  return (
    <Alert severity="info" sx={{ m: 2 }} action={<Button label="mamori.trail.showAll" onClick={clear} />} data-testid="ids-filter">
      {translate('mamori.trail.idsOnly', { smart_count: ids.length })}
    </Alert>
  );
}
