import { CreateButton, FilterButton, TopToolbar, useFilterContext, useResourceDefinition } from 'react-admin';
import type { ExportColumn } from './columns';
import { CsvExportButton } from './CsvExportButton';

/** react-admin's list actions (filters, create) with the CSV export of `columns`. */
export function ListActions({ columns }: { columns: readonly ExportColumn[] }) {
  const filters = useFilterContext();
  const { hasCreate } = useResourceDefinition();
  return (
    <TopToolbar>
      {filters && filters.length > 0 && <FilterButton />}
      {hasCreate && <CreateButton />}
      <CsvExportButton columns={columns} />
    </TopToolbar>
  );
}
