import { BooleanField, BooleanInput, DataTable, SelectField, TextField } from 'react-admin';
import { enumChoices } from '../../choices';
import type { ExportColumn } from '../../export/columns';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { RefField } from '../../fields/RefField';
import { ColumnsList } from '../../lists/ColumnsList';
import { CloseCaseButton } from './CloseCaseButton';

const filters = [<BooleanInput key="open" source="open" alwaysOn />];

const exportColumns: ExportColumn[] = [
  { source: 'id' }, { source: 'orderId', as: { reference: 'Order', field: 'orderNumber' } }, { source: 'contractorName' },
  { source: 'openedAt', as: 'dateTime' }, { source: 'closedAt', as: 'dateTime' }, { source: 'closeReason', as: { enum: 'caseCloseReason' } },
];

/**
 * Collection cases (債権回収の委託): which overdue order is with which agency, since when, and how it ended. The agency
 * itself sees only its own open cases; accounting hands orders over and recalls them; the privacy manager supervises.
 */
export function CollectionCaseList() {
  return (
    <ColumnsList filters={filters} filterDefaultValues={{ open: true }} sort={{ field: 'openedAt', order: 'DESC' }} exportColumns={exportColumns}>
      <DataTable.Col source="id" />
      <DataTable.Col source="orderId" disableSort>
        <RefField source="orderId" reference="Order" optionText="orderNumber" />
      </DataTable.Col>
      <DataTable.Col source="contractorName" disableSort><TextField source="contractorName" /></DataTable.Col>
      <DataTable.Col source="openedAt"><TokyoDateField source="openedAt" /></DataTable.Col>
      <DataTable.Col source="open" disableSort><BooleanField source="open" /></DataTable.Col>
      <DataTable.Col source="closedAt"><TokyoDateField source="closedAt" /></DataTable.Col>
      <DataTable.Col source="closeReason" disableSort><SelectField source="closeReason" choices={enumChoices('caseCloseReason')} /></DataTable.Col>
      <DataTable.Col source="recall" label="mamori.assignments.actions" disableSort><CloseCaseButton /></DataTable.Col>
    </ColumnsList>
  );
}
