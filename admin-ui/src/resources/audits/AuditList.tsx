import { DataTable, NumberField, SearchInput, SelectInput } from 'react-admin';
import { enumChoices } from '../../choices';
import type { ExportColumn } from '../../export/columns';
import { ColumnsList } from '../../lists/ColumnsList';
import { ListOfField } from '../../fields/ListOfField';
import { EnumChip } from '../../fields/EnumChip';
import { TokyoDateField } from '../../fields/JapaneseFields';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={enumChoices('auditStatus')} alwaysOn />,
];

const exportColumns: ExportColumn[] = [
  { source: 'id' }, { source: 'title' }, { source: 'periodFrom', as: 'date' }, { source: 'periodTo', as: 'date' },
  { source: 'plannedDate', as: 'date' }, { source: 'status', as: { enum: 'auditStatus' } }, { source: 'lastRunAt', as: 'dateTime' },
  { source: 'findingCount' }, { source: 'roles', as: { listOf: 'mamori.roles' } }, { source: 'purposes', as: { listOf: 'mamori.purposes' } },
];

/** Audits (監査, 【13】): planned, run against the trail and the records, concluded. */
export function AuditList() {
  return (
    // Reads only what the table shows, never the findings (an audit may have thousands of evidence ids).
    <ColumnsList
      filters={filters}
      sort={{ field: 'id', order: 'DESC' }}
      hiddenColumns={['plannedDate', 'completedAt', 'roles', 'purposes']}
      exportColumns={exportColumns}
      table={{ rowClick: 'show' }}
    >
      <DataTable.Col source="id" />
      <DataTable.Col source="title" />
      <DataTable.Col source="periodFrom"><TokyoDateField source="periodFrom" showTime={false} /></DataTable.Col>
      <DataTable.Col source="periodTo"><TokyoDateField source="periodTo" showTime={false} /></DataTable.Col>
      <DataTable.Col source="status"><EnumChip source="status" enumName="auditStatus" /></DataTable.Col>
      <DataTable.Col source="lastRunAt"><TokyoDateField source="lastRunAt" /></DataTable.Col>
      <DataTable.Col source="findingCount" align="right" disableSort><NumberField source="findingCount" /></DataTable.Col>
      <DataTable.Col source="plannedDate"><TokyoDateField source="plannedDate" showTime={false} /></DataTable.Col>
      <DataTable.Col source="completedAt"><TokyoDateField source="completedAt" /></DataTable.Col>
      <DataTable.Col source="roles" disableSort><ListOfField source="roles" prefix="mamori.roles" /></DataTable.Col>
      <DataTable.Col source="purposes" disableSort><ListOfField source="purposes" prefix="mamori.purposes" /></DataTable.Col>
    </ColumnsList>
  );
}
