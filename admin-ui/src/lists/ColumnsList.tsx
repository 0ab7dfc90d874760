import type { ReactNode } from 'react';
import { Alert } from '@mui/material';
import { DataTable, List, useListContext, useLocale, useResourceContext, type DataTableProps, type ListProps } from 'react-admin';
import { apiErrorOf } from '../providers/apiErrors';
import { KeyboardBody, keyboardRowSx } from './KeyboardRows';
import type { ExportColumn } from '../export/columns';
import { ListActions } from '../export/ListActions';
import { useColumnsSelection } from '../fields/selection';

export interface ColumnsListProps extends Omit<ListProps, 'children' | 'queryOptions' | 'actions'> {
  /** The DataTable's columns: every column the list offers, shown or chosen. */
  children: ReactNode;
  /** Columns offered in the column chooser but not shown (nor read) until the user chooses them. */
  hiddenColumns?: string[];
  /** How each field is written in the CSV; the file holds the columns shown, in this order. */
  exportColumns?: readonly ExportColumn[];
  /** Props of the DataTable (rowClick, rowSx, sx…). */
  table?: Omit<DataTableProps, 'children' | 'hiddenColumns'>;
  /** Shown above the table (notices, panels). */
  before?: ReactNode;
}

/**
 * A list that reads exactly what its table shows: the query asks for the fields of the visible
 * columns (plus `id` and `maskedFields`), a column chosen in the column chooser is asked for from
 * then on, and the CSV export writes the same columns.
 */
export function ColumnsList({ children, hiddenColumns, exportColumns = [], table, before, ...listProps }: ColumnsListProps) {
  const resource = useResourceContext(listProps);
  const selection = useColumnsSelection(table?.storeKey ?? `${resource}.datatable`, children, hiddenColumns);
  return (
    <List {...listProps} queryOptions={selection.query} actions={<ListActions columns={exportColumns} fields={selection.fields} />}>
      {before}
      <RefusedOr>
        <DataTable
          bulkActionButtons={false}
          {...table}
          {...(table?.rowClick ? { body: KeyboardBody, sx: { ...keyboardRowSx, ...(table.sx as object) } } : {})}
          hiddenColumns={hiddenColumns}
        >
          {children}
        </DataTable>
      </RefusedOr>
    </List>
  );
}

/** A page the server refused (a sort or filter the role × purpose may not use) says why, not 「結果が見つかりませんでした」. */
function RefusedOr({ children }: { children: ReactNode }) {
  const { error } = useListContext();
  const locale = useLocale();
  if (!error) return <>{children}</>;
  return <Alert severity="warning" data-testid="list-refused" sx={{ m: 2 }}>{apiErrorOf(error, locale).message}</Alert>;
}
