import { MenuItem, TextField } from '@mui/material';
import { useEffect, type ChangeEvent } from 'react';
import { usePermissions, useTranslate } from 'react-admin';
import { isPurposeKey, PURPOSES } from '../../../schema/policy';
import type { Permissions } from '../access';
import { ensurePurposeWithin, useCurrentPurpose } from '../providers/session';
import { useDeclarePurpose } from './useDeclarePurpose';

/**
 * The purpose declared with every request (X-Purpose), always visible in the app bar. Offers only
 * what `me.purposes` allows; with none chosen, the first allowed one. Switching drops the data read
 * under the previous purpose and reads it again under the new one.
 */
export function PurposePicker() {
  const translate = useTranslate();
  const declarePurpose = useDeclarePurpose();
  const { permissions } = usePermissions<Permissions>();
  const purpose = useCurrentPurpose();
  const allowed = (permissions?.purposes ?? []).filter(isPurposeKey);
  const allowedKey = allowed.join(',');

  useEffect(() => {
    if (permissions) ensurePurposeWithin(allowed);
    // allowedKey stands for allowed (a new array each render, the same purposes).
  }, [permissions, allowedKey]);

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const next = event.target.value;
    if (isPurposeKey(next)) declarePurpose(next);
  };

  const label = (key: string) => {
    const no = isPurposeKey(key) ? PURPOSES[key].no : null;
    return `${no ? `(${no}) ` : ''}${translate(`mamori.purposes.${key}`)}`;
  };

  return (
    <TextField
      select
      size="small"
      label={translate('mamori.purpose.label')}
      value={purpose && allowed.includes(purpose) ? purpose : ''}
      onChange={onChange}
      disabled={allowed.length === 0}
      helperText={permissions && allowed.length === 0 ? translate('mamori.purpose.none') : undefined}
      sx={{
        minWidth: 220,
        maxWidth: { xs: 180, sm: 360 },
        mx: 1,
        '& .MuiInputBase-root': { bgcolor: 'background.paper', color: 'text.primary' },
        '& .MuiInputLabel-root': { color: 'text.secondary' },
        '& .MuiFormHelperText-root': { color: 'inherit', m: 0 },
      }}
      slotProps={{ select: { renderValue: (value) => (value ? label(String(value)) : '') } }}
      data-testid="purpose-picker"
    >
      {allowed.map((key) => (
        <MenuItem key={key} value={key}>
          {label(key)}
        </MenuItem>
      ))}
    </TextField>
  );
}
