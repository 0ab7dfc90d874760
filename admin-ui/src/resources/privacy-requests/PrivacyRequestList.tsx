import { BooleanInput, DataTable, SearchInput, SelectField, SelectInput, TextField } from 'react-admin';
import { enumChoices } from '../../choices';
import type { ExportColumn } from '../../export/columns';
import { DueDateField, overdueRowSx } from '../../fields/DueDateField';
import { EnumChip } from '../../fields/EnumChip';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { RefField } from '../../fields/RefField';
import { ColumnsList } from '../../lists/ColumnsList';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={enumChoices('privacyRequestKind')} alwaysOn />,
  <SelectInput key="status" source="status" choices={enumChoices('privacyRequestStatus')} alwaysOn />,
  <BooleanInput key="open" source="open" />,
  <BooleanInput key="overdue" source="overdue" />,
];

const exportColumns: ExportColumn[] = [
  { source: 'id' }, { source: 'kind', as: { enum: 'privacyRequestKind' } },
  { source: 'customerId', as: { reference: 'Customer', field: 'customerNumber' } },
  { source: 'requesterKind', as: { enum: 'requesterKind' } }, { source: 'receivedAt', as: 'dateTime' }, { source: 'dueAt', as: 'date' },
  { source: 'overdue', as: 'boolean' }, { source: 'status', as: { enum: 'privacyRequestStatus' } },
  { source: 'identityCheck', as: { enum: 'identityCheck' } }, { source: 'completedAt', as: 'dateTime' }, { source: 'refusalReason' },
];

/**
 * The requests queue (【11】): by due date, and the server puts every open request past its due date
 * first whatever the sort, shown in red.
 */
export function PrivacyRequestList() {
  return (
    <ColumnsList
      filters={filters}
      sort={{ field: 'dueAt', order: 'ASC' }}
      hiddenColumns={['identityCheck', 'completedAt', 'refusalReason']}
      exportColumns={exportColumns}
      table={{ rowClick: 'show', rowSx: (record) => overdueRowSx(record.overdue) }}
    >
      <DataTable.Col source="id" />
      <DataTable.Col source="dueAt"><DueDateField source="dueAt" /></DataTable.Col>
      <DataTable.Col source="kind"><SelectField source="kind" choices={enumChoices('privacyRequestKind')} /></DataTable.Col>
      <DataTable.Col source="customerId" disableSort>
        <RefField source="customerId" reference="Customer" optionText="customerNumber" />
      </DataTable.Col>
      <DataTable.Col source="requesterKind" disableSort>
        <SelectField source="requesterKind" choices={enumChoices('requesterKind')} />
      </DataTable.Col>
      <DataTable.Col source="receivedAt"><TokyoDateField source="receivedAt" /></DataTable.Col>
      <DataTable.Col source="status"><EnumChip source="status" enumName="privacyRequestStatus" /></DataTable.Col>
      <DataTable.Col source="identityCheck" disableSort>
        <SelectField source="identityCheck" choices={enumChoices('identityCheck')} />
      </DataTable.Col>
      <DataTable.Col source="completedAt"><TokyoDateField source="completedAt" /></DataTable.Col>
      <DataTable.Col source="refusalReason" disableSort><TextField source="refusalReason" /></DataTable.Col>
    </ColumnsList>
  );
}
