import { BooleanField, BooleanInput, DataTable, List, SearchInput } from 'react-admin';
import { YenField } from '../../fields/JapaneseFields';

const filters = [<SearchInput key="q" source="q" alwaysOn />, <BooleanInput key="active" source="active" />];

export function ProductList() {
  return (
    <List filters={filters} sort={{ field: 'sku', order: 'ASC' }} exporter={false}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="sku" />
        <DataTable.Col source="name" />
        <DataTable.Col source="priceYen" align="right"><YenField source="priceYen" /></DataTable.Col>
        <DataTable.Col source="active"><BooleanField source="active" /></DataTable.Col>
      </DataTable>
    </List>
  );
}
