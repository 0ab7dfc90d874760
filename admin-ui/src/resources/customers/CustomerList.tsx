import { DataTable, List, SearchInput, SelectField, SelectInput } from 'react-admin';
import { enumChoices } from '../../choices';
import { MaskedField } from '../../fields/MaskedField';
import { NameWithKanaField, TokyoDateField } from '../../fields/JapaneseFields';
import type { ExportColumn } from '../../export/columns';
import { ListActions } from '../../export/ListActions';
import { EstimatedPagination } from '../../layout/EstimatedPagination';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={enumChoices('customerStatus')} />,
  <SelectInput key="source" source="source" choices={enumChoices('customerSource')} />,
];

const exportColumns: ExportColumn[] = [
  { source: 'customerNumber' }, { source: 'name' }, { source: 'nameKana' }, { source: 'postalCode' },
  { source: 'prefecture' }, { source: 'city' }, { source: 'addressLine' }, { source: 'phone' }, { source: 'email' },
  { source: 'birthDate', as: 'date' }, { source: 'gender', as: { enum: 'gender' } }, { source: 'occupation' },
  { source: 'lifestyle' }, { source: 'cardBrand' }, { source: 'cardNumber' }, { source: 'cardExpiry' },
  { source: 'source', as: { enum: 'customerSource' } }, { source: 'status', as: { enum: 'customerStatus' } },
  { source: 'createdAt', as: 'dateTime' },
];

/** Customers, searchable by name, kana, phone, e-mail and customer number (the server's `q`). */
export function CustomerList() {
  return (
    <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} actions={<ListActions columns={exportColumns} />} pagination={<EstimatedPagination />}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="customerNumber" />
        <DataTable.Col source="name">
          <NameWithKanaField source="name" />
        </DataTable.Col>
        <DataTable.Col source="prefecture" disableSort>
          <MaskedField source="prefecture" />
        </DataTable.Col>
        <DataTable.Col source="phone" disableSort>
          <MaskedField source="phone" />
        </DataTable.Col>
        <DataTable.Col source="email" disableSort>
          <MaskedField source="email" />
        </DataTable.Col>
        <DataTable.Col source="status">
          <SelectField source="status" choices={enumChoices('customerStatus')} />
        </DataTable.Col>
        <DataTable.Col source="createdAt">
          <TokyoDateField source="createdAt" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
