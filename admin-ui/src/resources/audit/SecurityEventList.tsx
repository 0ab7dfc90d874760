import { DataTable, SelectField, SelectInput, TextInput, useRecordContext } from 'react-admin';
import { enumChoices, purposeChoices, roleChoices } from '../../choices';
import type { ExportColumn } from '../../export/columns';
import { ColumnsList } from '../../lists/ColumnsList';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { OperationField, StaffNameField, trailTableSx } from './TrailFields';
import { roleFilter, staffFilter, timeRangeFilters } from './trailFilters';

const filters = [
  <SelectInput key="event" source="event" choices={enumChoices('securityEvent')} alwaysOn />,
  staffFilter(true), roleFilter(), ...timeRangeFilters(), <TextInput key="operation" source="operation" />,
];

const exportColumns: ExportColumn[] = [
  { source: 'id' }, { source: 'at', as: 'dateTime' }, { source: 'event', as: { enum: 'securityEvent' } },
  { source: 'staffId', as: { reference: 'Staff', field: 'name' } }, { source: 'role', as: 'role' },
  { source: 'purpose', as: 'purpose' }, { source: 'operation', as: 'operation' }, { source: 'clientAddress' }, { source: 'detail', as: 'values' },
];

/** The event's details other than its kind (e.g. the e-mail tried, the refused paths), as `key: value`. */
function DetailField(_props: { label?: string }) {
  const detail = useRecordContext()?.detail as Record<string, unknown> | undefined;
  if (!detail) return null;
  const text = Object.entries(detail)
    .filter(([key, value]) => key !== 'event' && value !== null && value !== undefined)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' / ');
  return <span style={{ wordBreak: 'break-all' }}>{text}</span>;
}

/** Who acted: the request's staff account, or for a login the account that logged in. */
function ActorField(_props: { label?: string }) {
  const record = useRecordContext();
  return <StaffNameField source={record?.staffId ? 'staffId' : 'detail.staffId'} />;
}
ActorField.selects = () => ['staffId', 'detail'];

/** Logins, failed logins and lockouts, API keys, refused purposes and FORBIDDEN answers (【5】【15】 safe environment). */
export function SecurityEventList() {
  return (
    <ColumnsList
      filters={filters}
      sort={{ field: 'at', order: 'DESC' }}
      hiddenColumns={['id']}
      exportColumns={exportColumns}
      table={{ rowClick: false, sx: trailTableSx }}
    >
      <DataTable.Col source="id" />
      <DataTable.Col source="at"><TokyoDateField source="at" /></DataTable.Col>
      <DataTable.Col source="event" disableSort>
        <SelectField source="event" choices={enumChoices('securityEvent')} />
      </DataTable.Col>
      <DataTable.Col source="staffId" disableSort><ActorField /></DataTable.Col>
      <DataTable.Col source="role"><SelectField source="role" choices={roleChoices()} /></DataTable.Col>
      <DataTable.Col source="purpose"><SelectField source="purpose" choices={purposeChoices()} /></DataTable.Col>
      <DataTable.Col source="operation" disableSort><OperationField /></DataTable.Col>
      <DataTable.Col source="clientAddress" disableSort />
      <DataTable.Col source="detail" disableSort><DetailField /></DataTable.Col>
    </ColumnsList>
  );
}
