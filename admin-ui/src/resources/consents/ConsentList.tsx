import { BooleanField, BooleanInput, DataTable, SelectField, SelectInput } from 'react-admin';
import { RefField } from '../../fields/RefField';
import { enumChoices } from '../../choices';
import { TokyoDateField } from '../../fields/JapaneseFields';
import type { ExportColumn } from '../../export/columns';
import { ColumnsList } from '../../lists/ColumnsList';

const filters = [
  <SelectInput key="purpose" source="purpose" choices={enumChoices('consentPurpose')} alwaysOn />,
  <BooleanInput key="live" source="live" alwaysOn />,
];

const exportColumns: ExportColumn[] = [
  { source: 'customerId', as: { reference: 'Customer', field: 'customerNumber' } },
  { source: 'purpose', as: { enum: 'consentPurpose' } }, { source: 'grantedAt', as: 'dateTime' },
  { source: 'withdrawnAt', as: 'dateTime' }, { source: 'source', as: { enum: 'customerSource' } }, { source: 'guardianConsent', as: 'boolean' },
];

/** Consents (【4】(5)(6)(11), 【9】, 【12】 guardian for under-20s, 【15】 cookies). */
export function ConsentList() {
  return (
    <ColumnsList filters={filters} sort={{ field: 'grantedAt', order: 'DESC' }} exportColumns={exportColumns} table={{ rowClick: 'edit' }}>
      <DataTable.Col source="customerId">
        <RefField source="customerId" reference="Customer" optionText="customerNumber" />
      </DataTable.Col>
      <DataTable.Col source="purpose"><SelectField source="purpose" choices={enumChoices('consentPurpose')} /></DataTable.Col>
      <DataTable.Col source="grantedAt"><TokyoDateField source="grantedAt" /></DataTable.Col>
      <DataTable.Col source="withdrawnAt"><TokyoDateField source="withdrawnAt" /></DataTable.Col>
      <DataTable.Col source="source"><SelectField source="source" choices={enumChoices('customerSource')} /></DataTable.Col>
      <DataTable.Col source="guardianConsent"><BooleanField source="guardianConsent" /></DataTable.Col>
    </ColumnsList>
  );
}
