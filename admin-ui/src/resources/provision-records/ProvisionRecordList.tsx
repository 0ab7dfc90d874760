import { DataTable, SearchInput, SelectField, SelectInput, TextField } from 'react-admin';
import { enumChoices } from '../../choices';
import type { ExportColumn } from '../../export/columns';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { RefField } from '../../fields/RefField';
import { ColumnsList } from '../../lists/ColumnsList';
import { TokyoDateTimeInput } from '../../fields/TokyoDateTimeInput';
import { customerFilter } from '../audit/trailFilters';
import { CategoriesField } from '../contractors/ContractorFields';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  customerFilter(true),
  <SelectInput key="legalBasis" source="legalBasis" choices={enumChoices('provisionLegalBasis')} alwaysOn />,
  <TokyoDateTimeInput key="providedAt_gte" source="providedAt_gte" />,
  <TokyoDateTimeInput key="providedAt_lte" source="providedAt_lte" />,
];

const exportColumns: ExportColumn[] = [
  { source: 'id' }, { source: 'providedAt', as: 'dateTime' }, { source: 'customerId', as: { reference: 'Customer', field: 'customerNumber' } },
  { source: 'recipientName' }, { source: 'dataCategories', as: { listOf: 'mamori.categories' } },
  { source: 'legalBasis', as: { enum: 'provisionLegalBasis' } }, { source: 'exemptionNote' }, { source: 'keepUntil', as: 'date' },
];

/** Third-party provision records (第三者提供記録, 【9】, APPI arts. 29–30): kept at least 3 years, never edited. */
export function ProvisionRecordList() {
  return (
    <ColumnsList
      filters={filters}
      sort={{ field: 'providedAt', order: 'DESC' }}
      hiddenColumns={['id', 'exemptionNote']}
      exportColumns={exportColumns}
      table={{ rowClick: 'show' }}
    >
      <DataTable.Col source="id" />
      <DataTable.Col source="providedAt"><TokyoDateField source="providedAt" /></DataTable.Col>
      <DataTable.Col source="customerId" disableSort>
        <RefField source="customerId" reference="Customer" optionText="customerNumber" />
      </DataTable.Col>
      <DataTable.Col source="recipientName" />
      <DataTable.Col source="dataCategories" disableSort><CategoriesField source="dataCategories" /></DataTable.Col>
      <DataTable.Col source="legalBasis"><SelectField source="legalBasis" choices={enumChoices('provisionLegalBasis')} /></DataTable.Col>
      <DataTable.Col source="exemptionNote" disableSort><TextField source="exemptionNote" /></DataTable.Col>
      <DataTable.Col source="keepUntil"><TokyoDateField source="keepUntil" showTime={false} /></DataTable.Col>
    </ColumnsList>
  );
}
