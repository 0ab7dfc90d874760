import { BooleanField, DataTable, SearchInput, SelectField, SelectInput } from 'react-admin';
import { RefField } from '../../fields/RefField';
import { roleChoices } from '../../choices';
import { ColumnsList } from '../../lists/ColumnsList';
import { StaffLoginActions } from './StaffLoginActions';

const filters = [<SearchInput key="q" source="q" alwaysOn />, <SelectInput key="role" source="role" choices={roleChoices()} />];

/** Back-office accounts (the ADMIN's; staff are not customers). The login actions act on the columns shown. */
export function StaffList() {
  return (
    <ColumnsList filters={filters} sort={{ field: 'name', order: 'ASC' }} table={{ rowClick: 'edit' }}>
      <DataTable.Col source="name" />
      <DataTable.Col source="email" />
      <DataTable.Col source="role"><SelectField source="role" choices={roleChoices()} emptyText="—" /></DataTable.Col>
      <DataTable.Col source="pendingRole" disableSort><SelectField source="pendingRole" choices={roleChoices()} emptyText="" /></DataTable.Col>
      <DataTable.Col source="contractorId">
        <RefField source="contractorId" reference="Contractor" optionText="name" link={false} />
      </DataTable.Col>
      <DataTable.Col source="active"><BooleanField source="active" /></DataTable.Col>
      <DataTable.Col source="mfaEnrolled" label="mamori.mfa.column" disableSort><BooleanField source="mfaEnrolled" /></DataTable.Col>
      <DataTable.Col source="loginLocked" disableSort><BooleanField source="loginLocked" /></DataTable.Col>
      <DataTable.Col label="" disableSort><StaffLoginActions /></DataTable.Col>
    </ColumnsList>
  );
}
