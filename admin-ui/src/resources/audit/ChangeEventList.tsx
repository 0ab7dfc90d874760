import { DataTable, SelectField, SelectInput, useRecordContext, useTranslate } from 'react-admin';
import { enumChoices, purposeChoices, roleChoices } from '../../choices';
import type { ExportColumn } from '../../export/columns';
import { ColumnsList } from '../../lists/ColumnsList';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { RefField } from '../../fields/RefField';
import { ChangeValuesField } from './ChangeValuesField';
import { StaffNameField, trailTableSx } from './TrailFields';
import { customerFilter, purposeFilter, roleFilter, staffFilter, timeRangeFilters } from './trailFilters';

/** The records a change can be about (the server's `detail.entity`). */
const ENTITIES = ['Customer', 'Order', 'Interaction', 'Consent', 'Product', 'Contractor', 'Staff', 'Audit', 'AuditFinding', 'AuditAcceptRule'];
const entityLabel = (translate: ReturnType<typeof useTranslate>, entity: string) =>
  translate(`resources.${entity}.name`, { smart_count: 1, _: entity });

function EntityInput({ source }: { source: string; alwaysOn?: boolean }) {
  const translate = useTranslate();
  const choices = ENTITIES.map((id) => ({ id, name: entityLabel(translate, id) }));
  return <SelectInput source={source} choices={choices} translateChoice={false} />;
}

function EntityField(_props: { label?: string }) {
  const translate = useTranslate();
  const entity = useRecordContext()?.entity;
  return entity ? <>{entityLabel(translate, String(entity))}</> : null;
}

const filters = [
  customerFilter(true),
  <EntityInput key="entity" source="entity" alwaysOn />,
  staffFilter(), roleFilter(), purposeFilter(), ...timeRangeFilters(),
];

const exportColumns: ExportColumn[] = [
  { source: 'id' }, { source: 'at', as: 'dateTime' }, { source: 'staffId', as: { reference: 'Staff', field: 'name' } },
  { source: 'role', as: 'role' }, { source: 'purpose', as: 'purpose' },
  { source: 'customerId', as: { reference: 'Customer', field: 'customerNumber' } }, { source: 'entity' },
  { source: 'entityId' }, { source: 'action', as: { enum: 'changeAction' } }, { source: 'oldValues', as: 'values' }, { source: 'newValues', as: 'values' },
  { source: 'reason' },
];

/**
 * The change history: who changed what, under which purpose and why (an edit's `reason`), with the
 * old and new values as the server recorded them (personal ones masked).
 */
export function ChangeEventList() {
  return (
    <ColumnsList
      filters={filters}
      sort={{ field: 'at', order: 'DESC' }}
      hiddenColumns={['id', 'entityId']}
      exportColumns={exportColumns}
      table={{ rowClick: false, sx: trailTableSx }}
    >
      <DataTable.Col source="id" />
      <DataTable.Col source="at"><TokyoDateField source="at" /></DataTable.Col>
      <DataTable.Col source="staffId" disableSort><StaffNameField /></DataTable.Col>
      <DataTable.Col source="role"><SelectField source="role" choices={roleChoices()} /></DataTable.Col>
      <DataTable.Col source="purpose"><SelectField source="purpose" choices={purposeChoices()} /></DataTable.Col>
      <DataTable.Col source="customerId">
        <RefField source="customerId" reference="Customer" optionText="customerNumber" />
      </DataTable.Col>
      <DataTable.Col source="entity" disableSort><EntityField /></DataTable.Col>
      <DataTable.Col source="entityId" disableSort />
      <DataTable.Col source="action" disableSort>
        <SelectField source="action" choices={enumChoices('changeAction')} />
      </DataTable.Col>
      <DataTable.Col source="changes" disableSort><ChangeValuesField /></DataTable.Col>
      <DataTable.Col source="reason" disableSort />
    </ColumnsList>
  );
}
