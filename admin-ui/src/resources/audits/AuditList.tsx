import { DataTable, List, NumberField, SearchInput, SelectInput } from 'react-admin';
import { enumChoices } from '../../choices';
import type { ExportColumn } from '../../export/columns';
import { ListActions } from '../../export/ListActions';
import { EnumChip } from '../../fields/EnumChip';
import { TokyoDateField } from '../../fields/JapaneseFields';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={enumChoices('auditStatus')} alwaysOn />,
];

/** The list reads no findings (an audit may have thousands of evidence ids): only what the table shows. */
const LIST_FIELDS = ['id', 'title', 'periodFrom', 'periodTo', 'plannedDate', 'status', 'lastRunAt', 'completedAt', 'findingCount', 'roles', 'purposes'];

const exportColumns: ExportColumn[] = [
  { source: 'id' }, { source: 'title' }, { source: 'periodFrom', as: 'date' }, { source: 'periodTo', as: 'date' },
  { source: 'plannedDate', as: 'date' }, { source: 'status', as: { enum: 'auditStatus' } }, { source: 'lastRunAt', as: 'dateTime' },
  { source: 'findingCount' }, { source: 'roles', as: { listOf: 'mamori.roles' } }, { source: 'purposes', as: { listOf: 'mamori.purposes' } },
];

/** Audits (監査, 【13】): planned, run against the trail and the records, concluded. */
export function AuditList() {
  return (
    <List
      filters={filters}
      sort={{ field: 'id', order: 'DESC' }}
      queryOptions={{ meta: { sparseFields: LIST_FIELDS } }}
      actions={<ListActions columns={exportColumns} />}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="id" />
        <DataTable.Col source="title" />
        <DataTable.Col source="periodFrom"><TokyoDateField source="periodFrom" showTime={false} /></DataTable.Col>
        <DataTable.Col source="periodTo"><TokyoDateField source="periodTo" showTime={false} /></DataTable.Col>
        <DataTable.Col source="status"><EnumChip source="status" enumName="auditStatus" /></DataTable.Col>
        <DataTable.Col source="lastRunAt"><TokyoDateField source="lastRunAt" /></DataTable.Col>
        <DataTable.Col source="findingCount" align="right" disableSort><NumberField source="findingCount" /></DataTable.Col>
      </DataTable>
    </List>
  );
}
