import {
  BooleanInput, Create, DateInput, Edit, FormDataConsumer, maxLength, minLength, regex, required, SelectArrayInput, SimpleForm, TextInput,
} from 'react-admin';
import { categoryChoices, enumChoices } from '../../choices';

/** As the server (contractor.resolver.ts) checks them, so the form says so before sending. */
const COUNTRY = [required(), regex(/^[A-Z]{2}$/, 'mamori.contractor.countryFormat')];
const MEASURES_INFO = [required('mamori.contractor.measuresInfoRequired'), minLength(10, 'mamori.contractor.measuresInfoLength'),
  maxLength(4000, 'mamori.contractor.measuresInfoLength')];

/**
 * A contractor abroad that keeps a system to the PPC's standards (施行規則第16条) owes the person, on request, what
 * art. 28(3) lists (foreignMeasuresInfo): the field appears, and is required, exactly then.
 */
function ForeignFields() {
  return (
    <FormDataConsumer>
      {({ formData }) => formData.country && formData.country !== 'JP' && (
        <>
          <BooleanInput source="foreignSystemMeasures" helperText="mamori.contractor.systemMeasuresHelp" />
          {formData.foreignSystemMeasures && (
            <TextInput source="foreignMeasuresInfo" validate={MEASURES_INFO} helperText="mamori.contractor.measuresInfoHelp" multiline minRows={4} fullWidth />
          )}
        </>
      )}
    </FormDataConsumer>
  );
}

function ContractorForm() {
  return (
    <SimpleForm defaultValues={{ country: 'JP' }}>
      <TextInput source="name" validate={required()} fullWidth />
      <SelectArrayInput source="services" choices={enumChoices('contractorService')} />
      <SelectArrayInput source="dataCategories" choices={categoryChoices()} />
      <DateInput source="agreementDate" />
      <DateInput source="agreementExpiresAt" />
      <DateInput source="lastReviewedAt" />
      <TextInput source="country" validate={COUNTRY} parse={(v: string) => v?.toUpperCase()} helperText="mamori.contractor.countryHelp" />
      <ForeignFields />
    </SimpleForm>
  );
}

export function ContractorEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="show">
      <ContractorForm />
    </Edit>
  );
}

export function ContractorCreate() {
  return (
    <Create redirect="show">
      <ContractorForm />
    </Create>
  );
}
