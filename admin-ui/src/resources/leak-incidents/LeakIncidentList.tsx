import { BooleanInput, DataTable, List, NumberField, SearchInput } from 'react-admin';
import type { ExportColumn } from '../../export/columns';
import { ListActions } from '../../export/ListActions';
import { overdueRowSx } from '../../fields/DueDateField';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { ReportableField, ReportDeadlineField } from './LeakFields';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <BooleanInput key="overdue" source="overdue" alwaysOn />,
  <BooleanInput key="reportable" source="reportable" />,
];

const exportColumns: ExportColumn[] = [
  { source: 'id' }, { source: 'title' }, { source: 'discoveredAt', as: 'dateTime' }, { source: 'peopleAffected' },
  { source: 'dataCategories', as: { listOf: 'mamori.categories' } }, { source: 'reportable', as: 'boolean' },
  { source: 'reportableReasons', as: { listOf: 'mamori.enums.leakReportableReason' } },
  { source: 'preliminaryReportDue', as: 'date' }, { source: 'preliminaryReportedAt', as: 'dateTime' },
  { source: 'finalReportDue', as: 'date' }, { source: 'finalReportedAt', as: 'dateTime' }, { source: 'overdue', as: 'boolean' },
];

/** The register of leaks, losses and damage (漏えい等事案): incidents with an overdue report first, in red. */
export function LeakIncidentList() {
  return (
    <List filters={filters} sort={{ field: 'discoveredAt', order: 'DESC' }} actions={<ListActions columns={exportColumns} />}>
      <DataTable rowClick="show" bulkActionButtons={false} rowSx={(record) => overdueRowSx(record.overdue)}>
        <DataTable.Col source="discoveredAt"><TokyoDateField source="discoveredAt" /></DataTable.Col>
        <DataTable.Col source="title" />
        <DataTable.Col source="peopleAffected" align="right"><NumberField source="peopleAffected" locales="ja-JP" /></DataTable.Col>
        <DataTable.Col source="reportable" disableSort><ReportableField /></DataTable.Col>
        <DataTable.Col source="preliminaryReportDue" disableSort><ReportDeadlineField report="preliminary" /></DataTable.Col>
        <DataTable.Col source="finalReportDue" disableSort><ReportDeadlineField report="final" /></DataTable.Col>
      </DataTable>
    </List>
  );
}
