import {
  AutocompleteInput, BooleanField, BooleanInput, DataTable, NumberField, ReferenceInput, SelectField, SelectInput, useCanAccess,
} from 'react-admin';
import { enumChoices } from '../../choices';
import type { ExportColumn } from '../../export/columns';
import { DueDateField, overdueRowSx } from '../../fields/DueDateField';
import { EnumChip } from '../../fields/EnumChip';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { MaskedField } from '../../fields/MaskedField';
import { RefField } from '../../fields/RefField';
import { labelOnly } from '../../fields/sparse';
import { ColumnsList } from '../../lists/ColumnsList';

const filters = [
  <SelectInput key="status" source="status" choices={enumChoices('complaintStatus')} alwaysOn />,
  <BooleanInput key="overdue" source="overdue" alwaysOn />,
  <BooleanInput key="aboutPrivacy" source="aboutPrivacy" />,
  <OwnerFilter key="ownerId" source="ownerId" />,
];

/** Owners are looked up in the staff list, which only some roles may read; for the others there is no such filter. */
function OwnerFilter({ source }: { source: string }) {
  const { canAccess } = useCanAccess({ resource: 'Staff', action: 'list' });
  if (!canAccess) return null;
  return (
    <ReferenceInput source={source} reference="Staff" queryOptions={labelOnly('name')}>
      <AutocompleteInput optionText="name" filterToQuery={(q) => ({ q })} />
    </ReferenceInput>
  );
}

/** Short columns on one line; the complaint's text wraps and takes the rest of the width. */
const tableSx = {
  '& .MuiTableCell-root': { whiteSpace: 'nowrap' },
  '& .column-summary': { whiteSpace: 'normal', minWidth: 220 },
} as const;

const exportColumns: ExportColumn[] = [
  { source: 'id' }, { source: 'occurredAt', as: 'dateTime' }, { source: 'customerId', as: { reference: 'Customer', field: 'customerNumber' } },
  { source: 'channel', as: { enum: 'channel' } }, { source: 'complaintStatus', as: { enum: 'complaintStatus' } },
  { source: 'complaintOwnerId', as: { reference: 'Staff', field: 'name' } }, { source: 'complaintDueDate', as: 'date' },
  { source: 'complaintAgeDays' }, { source: 'complaintOverdue', as: 'boolean' }, { source: 'complaintAboutPrivacy', as: 'boolean' },
  { source: 'summary' }, { source: 'complaintAnsweredAt', as: 'dateTime' }, { source: 'complaintClosedAt', as: 'dateTime' },
];

/** The complaints desk (苦情, 【14】): every complaint with its status, owner, due date and age; overdue ones in red. */
export function ComplaintList() {
  // Roles that read interactions but may not handle complaints (fulfilment, accounting, audit) only see the list.
  const { canAccess: mayHandle } = useCanAccess({ resource: 'Complaint', action: 'edit' });
  return (
    <ColumnsList
      filters={filters}
      filterDefaultValues={{ status: 'OPEN' }}
      sort={{ field: 'complaintDueDate', order: 'ASC' }}
      hiddenColumns={['complaintAnsweredAt', 'complaintClosedAt']}
      exportColumns={exportColumns}
      table={{ rowClick: mayHandle ? 'edit' : false, sx: tableSx, rowSx: (record) => overdueRowSx(record.complaintOverdue) }}
    >
      <DataTable.Col source="occurredAt"><TokyoDateField source="occurredAt" /></DataTable.Col>
      <DataTable.Col source="customerId" disableSort>
        <RefField source="customerId" reference="Customer" optionText="customerNumber" />
      </DataTable.Col>
      <DataTable.Col source="channel" disableSort><SelectField source="channel" choices={enumChoices('channel')} /></DataTable.Col>
      <DataTable.Col source="summary" disableSort><MaskedField source="summary" /></DataTable.Col>
      <DataTable.Col source="complaintStatus"><EnumChip source="complaintStatus" enumName="complaintStatus" /></DataTable.Col>
      <DataTable.Col source="complaintOwnerId" disableSort>
        <RefField source="complaintOwnerId" reference="Staff" optionText="name" link={false} />
      </DataTable.Col>
      <DataTable.Col source="complaintDueDate">
        <DueDateField source="complaintDueDate" overdueSource="complaintOverdue" />
      </DataTable.Col>
      <DataTable.Col source="complaintAgeDays" align="right" disableSort><NumberField source="complaintAgeDays" /></DataTable.Col>
      <DataTable.Col source="complaintAboutPrivacy" label="mamori.complaint.aboutPrivacyShort" disableSort>
        <BooleanField source="complaintAboutPrivacy" />
      </DataTable.Col>
      <DataTable.Col source="complaintAnsweredAt"><TokyoDateField source="complaintAnsweredAt" /></DataTable.Col>
      <DataTable.Col source="complaintClosedAt"><TokyoDateField source="complaintClosedAt" /></DataTable.Col>
    </ColumnsList>
  );
}
