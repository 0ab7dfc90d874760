import { DataTable, DateField, SelectField, SelectInput, useTranslate } from 'react-admin';
import { roleChoices } from '../../choices';
import { RefField } from '../../fields/RefField';
import { ColumnsList } from '../../lists/ColumnsList';

export const GRANT_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export const GRANT_KINDS = ['STAFF_ROLE', 'API_KEY'] as const;

export function useGrantChoices() {
  const translate = useTranslate();
  return {
    statuses: GRANT_STATUSES.map((id) => ({ id, name: translate(`mamori.grants.status.${id}`) })),
    kinds: GRANT_KINDS.map((id) => ({ id, name: translate(`mamori.grants.kind.${id}`) })),
  };
}

/** Grant requests, the pending ones first to the privacy manager's eye (filter PENDING). Reads what its columns show. */
export function GrantRequestList() {
  const { statuses, kinds } = useGrantChoices();
  const filters = [
    <SelectInput key="status" source="status" choices={statuses} alwaysOn />,
    <SelectInput key="kind" source="kind" choices={kinds} />,
  ];
  return (
    <ColumnsList filters={filters} filterDefaultValues={{ status: 'PENDING' }} sort={{ field: 'requestedAt', order: 'DESC' }}
      hiddenColumns={['decidedAt', 'contractorId']} table={{ rowClick: 'show' }}>
      <DataTable.Col source="id" />
      <DataTable.Col source="kind"><SelectField source="kind" choices={kinds} /></DataTable.Col>
      <DataTable.Col source="subjectName" disableSort />
      <DataTable.Col source="role"><SelectField source="role" choices={roleChoices()} /></DataTable.Col>
      <DataTable.Col source="purposes" disableSort render={(r: { purposes: string[] }) => r.purposes.join(', ')} />
      <DataTable.Col source="requestedById" disableSort>
        <RefField source="requestedById" reference="Staff" optionText="name" link={false} />
      </DataTable.Col>
      <DataTable.Col source="requestedAt"><DateField source="requestedAt" showTime /></DataTable.Col>
      <DataTable.Col source="status"><SelectField source="status" choices={statuses} /></DataTable.Col>
      <DataTable.Col source="decidedAt"><DateField source="decidedAt" showTime /></DataTable.Col>
      <DataTable.Col source="contractorId" disableSort>
        <RefField source="contractorId" reference="Contractor" optionText="name" link={false} />
      </DataTable.Col>
    </ColumnsList>
  );
}
