import {
  BooleanInput, Create, Edit, email, FormDataConsumer, ReferenceInput, required, SelectInput,
  SimpleForm, TextInput,
} from 'react-admin';
import { isRoleKey, ROLES } from '../../../../schema/policy';
import { roleChoices } from '../../choices';

const isContractorRole = (role: unknown) => isRoleKey(role) && ROLES[role].contractor;

/** A contractor role (schema/policy ROLES[role].contractor) belongs to a contractor; others do not. */
function StaffFields() {
  return (
    <>
      <TextInput source="name" validate={required()} />
      <TextInput source="email" type="email" validate={[required(), email()]} />
      <SelectInput source="role" choices={roleChoices()} validate={required()} />
      <FormDataConsumer>
        {({ formData }) =>
          isContractorRole(formData.role) ? (
            <ReferenceInput source="contractorId" reference="Contractor">
              <SelectInput optionText="name" validate={required()} />
            </ReferenceInput>
          ) : null
        }
      </FormDataConsumer>
      <BooleanInput source="active" />
    </>
  );
}

/** Deactivating (active = false) or a role change ends the account's sessions (server side). */
export function StaffEdit() {
  return (
    <Edit mutationMode="pessimistic">
      <SimpleForm>
        <StaffFields />
      </SimpleForm>
    </Edit>
  );
}

export function StaffCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ active: true }}>
        <StaffFields />
      </SimpleForm>
    </Create>
  );
}
