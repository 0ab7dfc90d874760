import { DataTable, DateInput, List, SelectField, SelectInput, TextInput } from 'react-admin';
import { purposeChoices, roleChoices } from '../../choices';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { FieldListField, StaffNameField } from './TrailFields';

const filters = [
  <TextInput key="customerId" source="customerId" alwaysOn />,
  <TextInput key="entity" source="entity" alwaysOn />,
  <SelectInput key="purpose" source="purpose" choices={purposeChoices()} />,
  <TextInput key="staffId" source="staffId" />,
  <DateInput key="at_gte" source="at_gte" />,
  <DateInput key="at_lte" source="at_lte" />,
];

/**
 * The change history: who changed which fields, under which purpose and why (an edit's `reason`).
 * The old and new values are personal data and are not listed here.
 */
export function ChangeEventList() {
  return (
    <List filters={filters} sort={{ field: 'at', order: 'DESC' }} exporter={false}>
      <DataTable rowClick={false} bulkActionButtons={false}>
        <DataTable.Col source="at"><TokyoDateField source="at" /></DataTable.Col>
        <DataTable.Col source="staffId"><StaffNameField /></DataTable.Col>
        <DataTable.Col source="role"><SelectField source="role" choices={roleChoices()} /></DataTable.Col>
        <DataTable.Col source="purpose"><SelectField source="purpose" choices={purposeChoices()} /></DataTable.Col>
        <DataTable.Col source="entity" />
        <DataTable.Col source="entityId" />
        <DataTable.Col source="action" />
        <DataTable.Col source="fields" disableSort><FieldListField source="fields" /></DataTable.Col>
        <DataTable.Col source="reason" disableSort />
      </DataTable>
    </List>
  );
}
