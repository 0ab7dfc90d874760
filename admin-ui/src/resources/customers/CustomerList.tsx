import { BooleanField, DataTable, SearchInput, SelectField, SelectInput } from 'react-admin';
import { enumChoices } from '../../choices';
import { MaskedField } from '../../fields/MaskedField';
import { MaskedDateField, NameWithKanaField, PostalCodeField, TokyoDateField } from '../../fields/JapaneseFields';
import type { ExportColumn } from '../../export/columns';
import { EstimatedPagination } from '../../layout/EstimatedPagination';
import { ColumnsList } from '../../lists/ColumnsList';

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
  { source: 'useStopped', as: 'boolean' }, { source: 'createdAt', as: 'dateTime' },
];

/** Offered in the column chooser; read only once chosen. */
const HIDDEN = [
  'postalCode', 'city', 'addressLine', 'birthDate', 'gender', 'occupation', 'lifestyle', 'cardBrand', 'cardNumber', 'cardExpiry', 'source',
  'useStopped',
];

/** Customers, searchable by name, kana, phone, e-mail and customer number (the server's `q`). */
export function CustomerList() {
  return (
    <ColumnsList
      filters={filters}
      sort={{ field: 'createdAt', order: 'DESC' }}
      pagination={<EstimatedPagination />}
      hiddenColumns={HIDDEN}
      exportColumns={exportColumns}
      table={{ rowClick: 'show' }}
    >
      <DataTable.Col source="customerNumber" />
      <DataTable.Col source="name"><NameWithKanaField source="name" /></DataTable.Col>
      <DataTable.Col source="postalCode" disableSort><PostalCodeField source="postalCode" /></DataTable.Col>
      <DataTable.Col source="prefecture" disableSort><MaskedField source="prefecture" /></DataTable.Col>
      <DataTable.Col source="city" disableSort><MaskedField source="city" /></DataTable.Col>
      <DataTable.Col source="addressLine" disableSort><MaskedField source="addressLine" /></DataTable.Col>
      <DataTable.Col source="phone" disableSort><MaskedField source="phone" /></DataTable.Col>
      <DataTable.Col source="email" disableSort><MaskedField source="email" /></DataTable.Col>
      <DataTable.Col source="birthDate" disableSort><MaskedDateField source="birthDate" /></DataTable.Col>
      <DataTable.Col source="gender" disableSort><MaskedField source="gender" enumName="gender" /></DataTable.Col>
      <DataTable.Col source="occupation" disableSort><MaskedField source="occupation" /></DataTable.Col>
      <DataTable.Col source="lifestyle" disableSort><MaskedField source="lifestyle" /></DataTable.Col>
      <DataTable.Col source="cardBrand" disableSort><MaskedField source="cardBrand" /></DataTable.Col>
      <DataTable.Col source="cardNumber" disableSort><MaskedField source="cardNumber" /></DataTable.Col>
      <DataTable.Col source="cardExpiry" disableSort><MaskedField source="cardExpiry" /></DataTable.Col>
      <DataTable.Col source="status"><SelectField source="status" choices={enumChoices('customerStatus')} /></DataTable.Col>
      <DataTable.Col source="source" disableSort><SelectField source="source" choices={enumChoices('customerSource')} /></DataTable.Col>
      <DataTable.Col source="useStopped" disableSort><BooleanField source="useStopped" /></DataTable.Col>
      <DataTable.Col source="createdAt"><TokyoDateField source="createdAt" /></DataTable.Col>
    </ColumnsList>
  );
}
