import { ColumnsButton, CreateButton, FilterButton, TopToolbar, useFilterContext, useResourceDefinition } from 'react-admin';
import type { ExportColumn } from './columns';
import { CsvExportButton } from './CsvExportButton';

/**
 * react-admin's list actions (filters, create), the column chooser when the list reads what its
 * columns show (`fields`, lists/ColumnsList.tsx), and the CSV export of the columns shown.
 */
export function ListActions({ columns, fields }: { columns: readonly ExportColumn[]; fields?: readonly string[] }) {
  const filters = useFilterContext();
  const { hasCreate } = useResourceDefinition();
  return (
    <TopToolbar>
      {filters && filters.length > 0 && <FilterButton />}
      {hasCreate && <CreateButton />}
      {fields && <ColumnsButton />}
      {columns.length > 0 && <CsvExportButton columns={columns} fields={fields} />}
    </TopToolbar>
  );
}
