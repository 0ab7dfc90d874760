import { BooleanInput, DataTable, NumberField, SearchInput } from 'react-admin';
import type { ExportColumn } from '../../export/columns';
import { overdueRowSx } from '../../fields/DueDateField';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { ColumnsList } from '../../lists/ColumnsList';
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
    <ColumnsList
      filters={filters}
      sort={{ field: 'discoveredAt', order: 'DESC' }}
      exportColumns={exportColumns}
      // Overdue: either report past due (the fields the deadline columns read).
      table={{ rowClick: 'show', rowSx: (record) => overdueRowSx(record.preliminaryReportOverdue || record.finalReportOverdue) }}
    >
      <DataTable.Col source="discoveredAt"><TokyoDateField source="discoveredAt" /></DataTable.Col>
      <DataTable.Col source="title" />
      <DataTable.Col source="peopleAffected" align="right"><NumberField source="peopleAffected" locales="ja-JP" /></DataTable.Col>
      <DataTable.Col source="reportable" disableSort><ReportableField /></DataTable.Col>
      <DataTable.Col source="preliminaryReportDue" disableSort><ReportDeadlineField report="preliminary" /></DataTable.Col>
      <DataTable.Col source="finalReportDue" disableSort><ReportDeadlineField report="final" /></DataTable.Col>
    </ColumnsList>
  );
}
