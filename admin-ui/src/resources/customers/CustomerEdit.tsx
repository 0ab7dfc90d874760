import {
  DateInput, Edit, SaveButton, SelectInput, SimpleForm, TextInput, Toolbar, useRecordContext,
  type TextInputProps,
} from 'react-admin';
import { enumChoices } from '../../choices';
import { isMaskedIn } from '../../fields/masking';
import { customerUpdate, touchesPersonalData } from './changes';
import { CustomerTitle } from './CustomerTitle';

/** A personal input: read-only when the server masked or hid the value for this purpose. */
function PersonalInput({ source, ...rest }: TextInputProps) {
  const record = useRecordContext();
  const masked = isMaskedIn(record, source);
  return (
    <TextInput
      source={source}
      readOnly={masked}
      helperText={masked ? 'mamori.customer.masked_readonly' : undefined}
      {...rest}
    />
  );
}

function CustomerEditForm() {
  const record = useRecordContext();
  // A masked date (e.g. 30代) or enum cannot be edited as one: it is shown read-only as sent.
  const birthMasked = isMaskedIn(record, 'birthDate');
  const genderMasked = isMaskedIn(record, 'gender');
  const validate = (values: Record<string, unknown>) =>
    touchesPersonalData(values, record) && !String(values.reason ?? '').trim()
      ? { reason: 'mamori.customer.reason_required' }
      : {};
  return (
    <SimpleForm validate={validate} toolbar={<Toolbar><SaveButton /></Toolbar>}>
      <PersonalInput source="name" />
      <PersonalInput source="nameKana" />
      <PersonalInput source="postalCode" />
      <PersonalInput source="prefecture" />
      <PersonalInput source="city" />
      <PersonalInput source="addressLine" fullWidth />
      <PersonalInput source="phone" />
      <PersonalInput source="email" type="email" />
      {birthMasked ? <PersonalInput source="birthDate" /> : <DateInput source="birthDate" />}
      {genderMasked ? <PersonalInput source="gender" /> : <SelectInput source="gender" choices={enumChoices('gender')} />}
      <PersonalInput source="occupation" />
      <PersonalInput source="lifestyle" multiline fullWidth />
      <SelectInput source="source" choices={enumChoices('customerSource')} />
      <TextInput source="reason" multiline fullWidth helperText="mamori.customer.reason_helper" />
    </SimpleForm>
  );
}

/**
 * Edits a customer. Only changed fields are sent, with the reason the change history records;
 * card data, status and stop flags are not edited here (card processor, privacy requests).
 */
export function CustomerEdit() {
  return (
    <Edit
      title={<CustomerTitle />}
      mutationMode="pessimistic"
      redirect="show"
      transform={(data, options) => customerUpdate(data, options?.previousData)}
    >
      <CustomerEditForm />
    </Edit>
  );
}
