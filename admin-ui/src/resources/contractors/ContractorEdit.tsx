import { Create, DateInput, Edit, required, SelectArrayInput, SimpleForm, TextInput } from 'react-admin';
import { categoryChoices, enumChoices } from '../../choices';

function ContractorForm() {
  return (
    <SimpleForm>
      <TextInput source="name" validate={required()} fullWidth />
      <SelectArrayInput source="services" choices={enumChoices('contractorService')} />
      <SelectArrayInput source="dataCategories" choices={categoryChoices()} />
      <DateInput source="agreementDate" />
      <DateInput source="agreementExpiresAt" />
      <DateInput source="lastReviewedAt" />
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
