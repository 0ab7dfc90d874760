import { DataTable, SelectField, SelectInput } from 'react-admin';
import { RefField } from '../../fields/RefField';
import { enumChoices } from '../../choices';
import { MaskedField } from '../../fields/MaskedField';
import { TokyoDateField } from '../../fields/JapaneseFields';
import type { ExportColumn } from '../../export/columns';
import { ColumnsList } from '../../lists/ColumnsList';

const filters = [
  <SelectInput key="kind" source="kind" choices={enumChoices('interactionKind')} alwaysOn />,
  <SelectInput key="channel" source="channel" choices={enumChoices('channel')} />,
  <SelectInput key="direction" source="direction" choices={enumChoices('direction')} />,
];

const exportColumns: ExportColumn[] = [
  { source: 'occurredAt', as: 'dateTime' }, { source: 'customerId', as: { reference: 'Customer', field: 'customerNumber' } },
  { source: 'orderId', as: { reference: 'Order', field: 'orderNumber' } }, { source: 'channel', as: { enum: 'channel' } },
  { source: 'direction', as: { enum: 'direction' } }, { source: 'kind', as: { enum: 'interactionKind' } },
  { source: 'staffId', as: { reference: 'Staff', field: 'name' } }, { source: 'summary' },
];

/** Every call, letter, fax, mail, web message and visit (【5】); complaints are kind COMPLAINT (【14】). */
export function InteractionList() {
  return (
    <ColumnsList
      filters={filters}
      sort={{ field: 'occurredAt', order: 'DESC' }}
      hiddenColumns={['orderId', 'staffId']}
      exportColumns={exportColumns}
      table={{ rowClick: 'show' }}
    >
      <DataTable.Col source="occurredAt"><TokyoDateField source="occurredAt" /></DataTable.Col>
      <DataTable.Col source="customerId">
        <RefField source="customerId" reference="Customer" optionText="customerNumber" />
      </DataTable.Col>
      <DataTable.Col source="orderId" disableSort>
        <RefField source="orderId" reference="Order" optionText="orderNumber" />
      </DataTable.Col>
      <DataTable.Col source="channel"><SelectField source="channel" choices={enumChoices('channel')} /></DataTable.Col>
      <DataTable.Col source="direction"><SelectField source="direction" choices={enumChoices('direction')} /></DataTable.Col>
      <DataTable.Col source="kind"><SelectField source="kind" choices={enumChoices('interactionKind')} /></DataTable.Col>
      <DataTable.Col source="staffId" disableSort>
        <RefField source="staffId" reference="Staff" optionText="name" link={false} />
      </DataTable.Col>
      <DataTable.Col source="summary" disableSort><MaskedField source="summary" /></DataTable.Col>
    </ColumnsList>
  );
}
