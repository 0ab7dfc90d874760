import { DataTable, List } from 'react-admin';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { CategoriesField, ServicesField } from './ContractorFields';
import type { ExportColumn } from '../../export/columns';
import { ListActions } from '../../export/ListActions';

const exportColumns: ExportColumn[] = [
  { source: 'name' }, { source: 'services', as: { listOf: 'mamori.enums.contractorService' } },
  { source: 'dataCategories', as: { listOf: 'mamori.categories' } },
  { source: 'agreementDate', as: 'date' }, { source: 'agreementExpiresAt', as: 'date' }, { source: 'lastReviewedAt', as: 'date' },
];

/** Contractors (委託先, 【7】【8】): what is handed to them and how they are supervised. */
export function ContractorList() {
  return (
    <List sort={{ field: 'name', order: 'ASC' }} actions={<ListActions columns={exportColumns} />}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="services" disableSort><ServicesField source="services" /></DataTable.Col>
        <DataTable.Col source="dataCategories" disableSort><CategoriesField source="dataCategories" /></DataTable.Col>
        <DataTable.Col source="agreementDate"><TokyoDateField source="agreementDate" showTime={false} /></DataTable.Col>
        <DataTable.Col source="agreementExpiresAt"><TokyoDateField source="agreementExpiresAt" showTime={false} /></DataTable.Col>
        <DataTable.Col source="lastReviewedAt"><TokyoDateField source="lastReviewedAt" showTime={false} /></DataTable.Col>
      </DataTable>
    </List>
  );
}
