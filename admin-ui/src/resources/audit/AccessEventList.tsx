import { DataTable, SelectField, TextField, useRecordContext } from 'react-admin';
import { purposeChoices, roleChoices } from '../../choices';
import type { ExportColumn } from '../../export/columns';
import { ColumnsList } from '../../lists/ColumnsList';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { RefField } from '../../fields/RefField';
import { FieldChips, OperationField, StaffNameField, trailTableSx } from './TrailFields';
import { IdsFilterNotice } from './IdsFilterNotice';
import { TrailIntegrityPanel } from './TrailIntegrityPanel';
import {
  clearOnlyFilter, customerFilter, operationFilter, purposeFilter, roleFilter, staffFilter, timeRangeFilters,
} from './trailFilters';

const filters = [
  customerFilter(true), staffFilter(true), roleFilter(), purposeFilter(), ...timeRangeFilters(), clearOnlyFilter(true),
  operationFilter(),
];

const exportColumns: ExportColumn[] = [
  { source: 'id' }, { source: 'at', as: 'dateTime' }, { source: 'staffId', as: { reference: 'Staff', field: 'name' } },
  { source: 'role', as: 'role' }, { source: 'purpose', as: 'purpose' }, { source: 'operation', as: 'operation' },
  { source: 'customerId', as: { reference: 'Customer', field: 'customerNumber' } },
  { source: 'clearFieldsRead', as: 'fieldNames' }, { source: 'maskedFieldsRead', as: 'fieldNames' },
  { source: 'clientAddress' }, { source: 'hash' },
];

function FieldsRead(_props: { label?: string }) {
  const record = useRecordContext();
  return record ? <FieldChips clear={record.clearFieldsRead ?? []} masked={record.maskedFieldsRead ?? []} /> : null;
}
FieldsRead.selects = () => ['clearFieldsRead', 'maskedFieldsRead'];

/**
 * The access trail explorer (【10】【13】): who read whose data, when, under which purpose, in clear or
 * masked; filtered by customer, staff, role, purpose, time and clear reads only; with the chain check.
 */
export function AccessEventList() {
  return (
    <ColumnsList
      filters={filters}
      sort={{ field: 'at', order: 'DESC' }}
      hiddenColumns={['id', 'clientAddress', 'hash']}
      exportColumns={exportColumns}
      table={{ rowClick: false, sx: trailTableSx }}
      before={<><IdsFilterNotice /><TrailIntegrityPanel /></>}
    >
      <DataTable.Col source="id" />
      <DataTable.Col source="at"><TokyoDateField source="at" /></DataTable.Col>
      <DataTable.Col source="staffId" disableSort><StaffNameField /></DataTable.Col>
      <DataTable.Col source="role"><SelectField source="role" choices={roleChoices()} /></DataTable.Col>
      <DataTable.Col source="purpose"><SelectField source="purpose" choices={purposeChoices()} /></DataTable.Col>
      <DataTable.Col source="operation" disableSort><OperationField /></DataTable.Col>
      <DataTable.Col source="customerId">
        <RefField source="customerId" reference="Customer" optionText="customerNumber" />
      </DataTable.Col>
      <DataTable.Col source="fieldsRead" disableSort><FieldsRead /></DataTable.Col>
      <DataTable.Col source="clientAddress" disableSort />
      <DataTable.Col source="hash" disableSort><TextField source="hash" sx={{ wordBreak: 'break-all' }} /></DataTable.Col>
    </ColumnsList>
  );
}
