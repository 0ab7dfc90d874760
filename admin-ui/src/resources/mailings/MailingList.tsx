import { DataTable, NumberField, SelectField, SelectInput, TextField } from 'react-admin';
import { enumChoices } from '../../choices';
import type { ExportColumn } from '../../export/columns';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { ColumnsList } from '../../lists/ColumnsList';
import { ExclusionsField } from './ExclusionsField';
import { HandOverMailingButton } from './HandOverMailingButton';

const filters = [<SelectInput key="status" source="status" choices={enumChoices('mailingStatus')} alwaysOn />];

const exportColumns: ExportColumn[] = [
  { source: 'id' }, { source: 'name' }, { source: 'purpose', as: { enum: 'consentPurpose' } }, { source: 'status', as: { enum: 'mailingStatus' } },
  { source: 'recipientCount' }, { source: 'contractorName' }, { source: 'handedOverAt', as: 'dateTime' },
];

/**
 * Mailings (ご案内の発送): under which consent purpose, to how many recipients, handed to which mailing house and when.
 * A mailing house sees only its own open ones; marketing makes and hands them over; the privacy manager supervises.
 */
export function MailingList() {
  return (
    <ColumnsList filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} exportColumns={exportColumns}>
      <DataTable.Col source="id" />
      <DataTable.Col source="name"><TextField source="name" /></DataTable.Col>
      <DataTable.Col source="purpose" disableSort><SelectField source="purpose" choices={enumChoices('consentPurpose')} /></DataTable.Col>
      <DataTable.Col source="status"><SelectField source="status" choices={enumChoices('mailingStatus')} /></DataTable.Col>
      <DataTable.Col source="recipientCount" disableSort><NumberField source="recipientCount" /></DataTable.Col>
      <DataTable.Col source="exclusions" disableSort><ExclusionsField source="exclusions" /></DataTable.Col>
      <DataTable.Col source="contractorName" disableSort><TextField source="contractorName" /></DataTable.Col>
      <DataTable.Col source="handedOverAt"><TokyoDateField source="handedOverAt" /></DataTable.Col>
      <DataTable.Col source="handOver" label="mamori.assignments.actions" disableSort><HandOverMailingButton /></DataTable.Col>
    </ColumnsList>
  );
}
