import { DataTable, SearchInput, SelectField, SelectInput } from 'react-admin';
import { RefField } from '../../fields/RefField';
import { enumChoices } from '../../choices';
import { MaskedField } from '../../fields/MaskedField';
import { PostalCodeField, TokyoDateField, YenField } from '../../fields/JapaneseFields';
import type { ExportColumn } from '../../export/columns';
import { ColumnsList } from '../../lists/ColumnsList';
import { ShipmentStepButton, useMayRecordShipments } from './ShipmentStepButton';

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

const HIDDEN = ['paymentDueAt', 'shipTo.postalCode', 'shipTo.city', 'shipTo.addressLine', 'shipTo.phone', 'shippedAt', 'deliveredAt'];

/** Orders; a contractor sees only its own (the server filters rows). */
export function OrderList() {
  // The carrier's own steps on shipments handed to it: a column only for a role that may record them.
  const shipmentSteps = useMayRecordShipments();
  return (
    <ColumnsList filters={filters} sort={{ field: 'placedAt', order: 'DESC' }} hiddenColumns={HIDDEN} exportColumns={exportColumns} table={{ rowClick: 'show' }}>
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
      <DataTable.Col source="paymentDueAt"><TokyoDateField source="paymentDueAt" /></DataTable.Col>
      <DataTable.Col source="shipTo.name" disableSort><MaskedField source="shipTo.name" /></DataTable.Col>
      <DataTable.Col source="shipTo.postalCode" disableSort><PostalCodeField source="shipTo.postalCode" /></DataTable.Col>
      <DataTable.Col source="shipTo.prefecture" disableSort><MaskedField source="shipTo.prefecture" /></DataTable.Col>
      <DataTable.Col source="shipTo.city" disableSort><MaskedField source="shipTo.city" /></DataTable.Col>
      <DataTable.Col source="shipTo.addressLine" disableSort><MaskedField source="shipTo.addressLine" /></DataTable.Col>
      <DataTable.Col source="shipTo.phone" disableSort><MaskedField source="shipTo.phone" /></DataTable.Col>
      <DataTable.Col source="shippedAt"><TokyoDateField source="shippedAt" /></DataTable.Col>
      <DataTable.Col source="deliveredAt"><TokyoDateField source="deliveredAt" /></DataTable.Col>
      {shipmentSteps && (
        <DataTable.Col source="shipmentStep" label="mamori.shipment.step" disableSort><ShipmentStepButton /></DataTable.Col>
      )}
    </ColumnsList>
  );
}
