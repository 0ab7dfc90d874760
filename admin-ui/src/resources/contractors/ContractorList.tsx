import { DataTable } from 'react-admin';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { overdueRowSx } from '../../fields/DueDateField';
import { agreementState } from './agreementState';
import { AgreementStatusField, CategoriesField, ServicesField } from './ContractorFields';
import type { ExportColumn } from '../../export/columns';
import { ColumnsList } from '../../lists/ColumnsList';

/** Dates and the status on one line (Japanese would otherwise break 契約期限 after any character). */
const tableSx = {
  '& .column-agreementDate, & .column-agreementExpiresAt, & .column-lastReviewedAt, & .column-agreementStatus': { whiteSpace: 'nowrap' },
} as const;

const exportColumns: ExportColumn[] = [
  { source: 'name' }, { source: 'services', as: { listOf: 'mamori.enums.contractorService' } },
  { source: 'dataCategories', as: { listOf: 'mamori.categories' } },
  { source: 'agreementDate', as: 'date' }, { source: 'agreementExpiresAt', as: 'date' }, { source: 'lastReviewedAt', as: 'date' },
];

/** Contractors (委託先, 【7】【8】): what is handed to them and how they are supervised; a lapsed agreement in red. */
export function ContractorList() {
  return (
    <ColumnsList
      sort={{ field: 'name', order: 'ASC' }}
      exportColumns={exportColumns}
      table={{ rowClick: 'show', sx: tableSx, rowSx: (record) => overdueRowSx(agreementState(record).lapsed) }}
    >
      <DataTable.Col source="name" />
      <DataTable.Col source="services" disableSort><ServicesField source="services" /></DataTable.Col>
      <DataTable.Col source="dataCategories" disableSort><CategoriesField source="dataCategories" /></DataTable.Col>
      <DataTable.Col source="agreementDate"><TokyoDateField source="agreementDate" showTime={false} /></DataTable.Col>
      <DataTable.Col source="agreementExpiresAt"><TokyoDateField source="agreementExpiresAt" showTime={false} /></DataTable.Col>
      <DataTable.Col source="lastReviewedAt"><TokyoDateField source="lastReviewedAt" showTime={false} /></DataTable.Col>
      <DataTable.Col source="agreementStatus" disableSort><AgreementStatusField /></DataTable.Col>
    </ColumnsList>
  );
}
