import { BooleanField, BooleanInput, DataTable, SearchInput } from 'react-admin';
import { YenField } from '../../fields/JapaneseFields';
import { ColumnsList } from '../../lists/ColumnsList';

const filters = [<SearchInput key="q" source="q" alwaysOn />, <BooleanInput key="active" source="active" />];

export function ProductList() {
  return (
    <ColumnsList filters={filters} sort={{ field: 'sku', order: 'ASC' }} table={{ rowClick: 'edit' }}>
      <DataTable.Col source="sku" />
      <DataTable.Col source="name" />
      <DataTable.Col source="priceYen" align="right"><YenField source="priceYen" /></DataTable.Col>
      <DataTable.Col source="active"><BooleanField source="active" /></DataTable.Col>
    </ColumnsList>
  );
}
