import {
  Create, FormDataConsumer, ReferenceInput, required, SelectArrayInput, SelectField, SelectInput, Show,
  SimpleForm, SimpleShowLayout, TextField, TextInput,
} from 'react-admin';
import { categoryChoices, enumChoices } from '../../choices';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { RefField } from '../../fields/RefField';
import { labelOnly } from '../../fields/sparse';
import { TokyoDateTimeInput } from '../../fields/TokyoDateTimeInput';
import { CategoriesField } from '../contractors/ContractorFields';
import { CustomerPicker } from '../../fields/CustomerPicker';

/** Bases other than the person's consent or an entrustment are exceptions of the Act: the record states which. */
const needsNote = (basis: unknown) => Boolean(basis) && basis !== 'CONSENT' && basis !== 'ENTRUSTMENT';

/** Records a provision to a third party (date, recipient, person, data items, legal basis). */
export function ProvisionRecordCreate() {
  return (
    <Create redirect="show">
      <SimpleForm defaultValues={{ providedAt: new Date().toISOString() }}>
        <CustomerPicker required />
        <ReferenceInput source="recipientContractorId" reference="Contractor" queryOptions={labelOnly('name')}>
          <SelectInput optionText="name" helperText="mamori.provision.contractorHelp" />
        </ReferenceInput>
        <TextInput source="recipientName" helperText="mamori.provision.recipientHelp" fullWidth />
        <SelectArrayInput source="dataCategories" choices={categoryChoices()} validate={required()} />
        <SelectInput source="legalBasis" choices={enumChoices('provisionLegalBasis')} validate={required()} />
        <FormDataConsumer>
          {({ formData }) => needsNote(formData.legalBasis) && (
            <TextInput source="exemptionNote" validate={required()} helperText="mamori.provision.exemptionHelp" multiline fullWidth />
          )}
        </FormDataConsumer>
        <TokyoDateTimeInput source="providedAt" />
      </SimpleForm>
    </Create>
  );
}

export function ProvisionRecordShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TokyoDateField source="providedAt" />
        <RefField source="customerId" reference="Customer" optionText="customerNumber" />
        <TextField source="recipientName" />
        <RefField source="recipientContractorId" reference="Contractor" optionText="name" />
        <CategoriesField source="dataCategories" />
        <SelectField source="legalBasis" choices={enumChoices('provisionLegalBasis')} />
        <TextField source="exemptionNote" />
        <TextField source="consentId" />
        <TokyoDateField source="keepUntil" showTime={false} />
        <RefField source="recordedById" reference="Staff" optionText="name" link={false} />
      </SimpleShowLayout>
    </Show>
  );
}
