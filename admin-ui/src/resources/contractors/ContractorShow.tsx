import { BooleanField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { AgreementStatusField, CategoriesField, ServicesField } from './ContractorFields';

export function ContractorShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="name" />
        <ServicesField source="services" />
        <CategoriesField source="dataCategories" />
        <TokyoDateField source="agreementDate" showTime={false} />
        <TokyoDateField source="agreementExpiresAt" showTime={false} />
        <TokyoDateField source="lastReviewedAt" showTime={false} />
        <AgreementStatusField label="resources.Contractor.fields.agreementStatus" />
        <TextField source="country" />
        <BooleanField source="foreignSystemMeasures" />
        <TextField source="foreignMeasuresInfo" sx={{ whiteSpace: 'pre-wrap' }} emptyText="—" />
      </SimpleShowLayout>
    </Show>
  );
}
