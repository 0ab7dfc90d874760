import { useRecordContext } from 'react-admin';
import { RefField } from '../../fields/RefField';

/** A list of field names (e.g. `Customer.phone`), joined for reading. */
export function FieldListField({ source }: { source: string; label?: string }) {
  const value = useRecordContext()?.[source];
  if (Array.isArray(value)) return <>{value.join('、')}</>;
  return value ? <>{String(value)}</> : null;
}

/** Who acted: a staff account by name (an API key has no staff id). */
export function StaffNameField({ source = 'staffId' }: { source?: string; label?: string }) {
  return (
    <RefField source={source} reference="Staff" optionText="name" link={false} />
  );
}
