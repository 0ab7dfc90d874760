import { DataTable, List, SearchInput, SelectField, SelectInput } from 'react-admin';
import { RefField } from '../../fields/RefField';
import { enumChoices } from '../../choices';
import { MaskedField } from '../../fields/MaskedField';
import { TokyoDateField, YenField } from '../../fields/JapaneseFields';
import type { ExportColumn } from '../../export/columns';
import { ListActions } from '../../export/ListActions';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={enumChoices('orderStatus')} />,
  <SelectInput key="paymentStatus" source="paymentStatus" choices={enumChoices('paymentStatus')} />,
];

const exportColumns: ExportColumn[] = [
  { source: 'orderNumber' }, { source: 'customerId', as: { reference: 'Customer', field: 'customerNumber' } },
  { source: 'placedAt', as: 'dateTime' }, { source: 'totalYen' }, { source: 'status', as: { enum: 'orderStatus' } },
  { source: 'paymentStatus', as: { enum: 'paymentStatus' } }, { source: 'paymentDueAt', as: 'dateTime' },
  { source: 'shipTo.name' }, { source: 'shipTo.postalCode' }, { source: 'shipTo.prefecture' }, { source: 'shipTo.city' },
  { source: 'shipTo.addressLine' }, { source: 'shipTo.phone' }, { source: 'shippedAt', as: 'dateTime' },
  { source: 'deliveredAt', as: 'dateTime' },
];

/** Orders; a contractor sees only its own (the server filters rows). */
export function OrderList() {
  return (
    <List filters={filters} sort={{ field: 'placedAt', order: 'DESC' }} actions={<ListActions columns={exportColumns} />}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="orderNumber" />
        <DataTable.Col source="customerId">
          <RefField source="customerId" reference="Customer" optionText="customerNumber" />
        </DataTable.Col>
        <DataTable.Col source="placedAt"><TokyoDateField source="placedAt" /></DataTable.Col>
        <DataTable.Col source="totalYen" align="right"><YenField source="totalYen" /></DataTable.Col>
        <DataTable.Col source="status"><SelectField source="status" choices={enumChoices('orderStatus')} /></DataTable.Col>
        <DataTable.Col source="paymentStatus">
          <SelectField source="paymentStatus" choices={enumChoices('paymentStatus')} />
        </DataTable.Col>
        <DataTable.Col source="shipTo.name" disableSort><MaskedField source="shipTo.name" /></DataTable.Col>
        <DataTable.Col source="shipTo.prefecture" disableSort><MaskedField source="shipTo.prefecture" /></DataTable.Col>
      </DataTable>
    </List>
  );
}
