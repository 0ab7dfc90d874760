import { ReferenceField, TextField, usePermissions } from 'react-admin';
import { canAccessResource, type Permissions } from '../access';
import { useCurrentPurpose } from '../providers/session';
import { labelOnly } from './sparse';

export interface RefFieldProps {
  source: string;
  reference: string;
  /** The referenced record's field to show (e.g. customerNumber). */
  optionText: string;
  link?: 'show' | 'edit' | false;
  label?: string;
  sortable?: boolean;
}

/**
 * A reference to another resource, shown only to roles that may read it (a carrier reads its
 * orders but not the customers behind them): otherwise nothing is fetched and nothing shown.
 * Only the shown field is asked for: labelling a row with a customer number must not read (and
 * record in the access trail) that customer's personal data.
 */
export function RefField({ source, reference, optionText, link = 'show' }: RefFieldProps) {
  const { permissions } = usePermissions<Permissions>();
  const purpose = useCurrentPurpose();
  if (!canAccessResource(permissions, reference, 'show', purpose)) return null;
  return (
    <ReferenceField
      source={source}
      reference={reference}
      link={link}
      emptyText="—"
      queryOptions={labelOnly(optionText)}
    >
      <TextField source={optionText} />
    </ReferenceField>
  );
}
