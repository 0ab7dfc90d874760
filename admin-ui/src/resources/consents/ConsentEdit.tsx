import { BooleanField, BooleanInput, Create, Edit, required, SelectField, SelectInput, SimpleForm, useRecordContext } from 'react-admin';
import { RefField } from '../../fields/RefField';
import { enumChoices } from '../../choices';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { CustomerPicker } from '../../fields/CustomerPicker';

/** Records a consent given by the customer (or a guardian, 【12】); the server stamps grantedAt. */
export function ConsentCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ guardianConsent: false }}>
        <CustomerPicker required />
        <SelectInput source="purpose" choices={enumChoices('consentPurpose')} validate={required()} />
        <SelectInput source="source" choices={enumChoices('customerSource')} validate={required()} />
        <BooleanInput source="guardianConsent" />
      </SimpleForm>
    </Create>
  );
}

function WithdrawInput() {
  const record = useRecordContext();
  return record?.withdrawnAt ? <TokyoDateField source="withdrawnAt" /> : <BooleanInput source="withdrawn" />;
}

/** A consent is never edited away: it is withdrawn (kept, with withdrawnAt); a new grant is a new record. */
export function ConsentEdit() {
  return (
    <Edit
      mutationMode="pessimistic"
      redirect="list"
      transform={(data) => ({ id: data.id, ...(data.withdrawn ? { withdrawn: true } : {}) })}
    >
      <SimpleForm>
        <RefField source="customerId" reference="Customer" optionText="customerNumber" />
        <SelectField source="purpose" choices={enumChoices('consentPurpose')} />
        <TokyoDateField source="grantedAt" />
        <BooleanField source="guardianConsent" />
        <WithdrawInput />
      </SimpleForm>
    </Edit>
  );
}
