import { BooleanInput, DataTable, DateInput, List, SelectField, SelectInput, TextInput } from 'react-admin';
import { RefField } from '../../fields/RefField';
import { purposeChoices, roleChoices } from '../../choices';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { FieldListField, StaffNameField } from './TrailFields';

const filters = [
  <SelectInput key="purpose" source="purpose" choices={purposeChoices()} alwaysOn />,
  <BooleanInput key="clearOnly" source="clearOnly" alwaysOn />,
  <SelectInput key="role" source="role" choices={roleChoices()} />,
  <TextInput key="customerId" source="customerId" />,
  <TextInput key="staffId" source="staffId" />,
  <DateInput key="at_gte" source="at_gte" />,
  <DateInput key="at_lte" source="at_lte" />,
];

/** The access trail (【10】【13】): who read whose data, under which purpose, in clear or masked. */
export function AccessEventList() {
  return (
    <List filters={filters} sort={{ field: 'at', order: 'DESC' }} exporter={false}>
      <DataTable rowClick={false} bulkActionButtons={false}>
        <DataTable.Col source="at"><TokyoDateField source="at" /></DataTable.Col>
        <DataTable.Col source="staffId"><StaffNameField /></DataTable.Col>
        <DataTable.Col source="role"><SelectField source="role" choices={roleChoices()} /></DataTable.Col>
        <DataTable.Col source="purpose"><SelectField source="purpose" choices={purposeChoices()} /></DataTable.Col>
        <DataTable.Col source="operation" />
        <DataTable.Col source="customerId">
          <RefField source="customerId" reference="Customer" optionText="customerNumber" />
        </DataTable.Col>
        <DataTable.Col source="clearFieldsRead" disableSort><FieldListField source="clearFieldsRead" /></DataTable.Col>
        <DataTable.Col source="maskedFieldsRead" disableSort><FieldListField source="maskedFieldsRead" /></DataTable.Col>
      </DataTable>
    </List>
  );
}
