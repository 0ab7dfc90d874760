import {
  AutocompleteInput, BooleanInput, Create, FormDataConsumer, maxLength, minLength, ReferenceInput, required, SelectInput, SimpleForm, TextInput,
} from 'react-admin';
import { enumChoices } from '../../choices';
import { ORDER_NUMBER_ONLY } from '../../fields/sparse';
import { TokyoDateTimeInput } from '../../fields/TokyoDateTimeInput';
import { CustomerPicker } from '../../fields/CustomerPicker';

/** As the server checks them (interaction.service.ts complainantOf). */
const NAME = [required(), maxLength(100)];
const CONTACT = [required(), minLength(5, 'mamori.complaint.contactLength'), maxLength(500, 'mamori.complaint.contactLength')];

/**
 * Without a customer only a complaint may be recorded (【14】: anyone may complain, a gift recipient too): on the
 * complainant's name and contact, no customer and no order. The switch is the form's own, never sent.
 */
function withoutCustomer(data: Record<string, unknown>): Record<string, unknown> {
  const { notCustomer, ...rest } = data;
  if (!notCustomer) return { ...rest, complainantName: undefined, complainantContact: undefined };
  return { ...rest, customerId: undefined, orderId: undefined, kind: 'COMPLAINT' };
}

/** Records an interaction (【5】: every one is recorded and linked to customer and order). */
export function InteractionCreate() {
  return (
    <Create redirect="show" transform={withoutCustomer}>
      <SimpleForm defaultValues={{ occurredAt: new Date(), direction: 'INBOUND', notCustomer: false }}>
        <BooleanInput source="notCustomer" label="mamori.complaint.notCustomer" helperText="mamori.complaint.notCustomerHelp" />
        <FormDataConsumer>
          {({ formData }) => (formData.notCustomer ? (
            <>
              <TextInput source="complainantName" label="mamori.complaint.complainantName" validate={NAME} />
              <TextInput source="complainantContact" label="mamori.complaint.complainantContact" validate={CONTACT} multiline fullWidth
                helperText="mamori.complaint.contactHelp" />
            </>
          ) : (
            <>
              <CustomerPicker required />
              <ReferenceInput source="orderId" reference="Order" queryOptions={ORDER_NUMBER_ONLY}>
                <AutocompleteInput optionText="orderNumber" filterToQuery={(q) => ({ q })} />
              </ReferenceInput>
            </>
          ))}
        </FormDataConsumer>
        <SelectInput source="channel" choices={enumChoices('channel')} validate={required()} />
        <SelectInput source="direction" choices={enumChoices('direction')} validate={required()} />
        <FormDataConsumer>
          {({ formData }) => !formData.notCustomer && <SelectInput source="kind" choices={enumChoices('interactionKind')} validate={required()} />}
        </FormDataConsumer>
        <TokyoDateTimeInput source="occurredAt" validate={required()} />
        <TextInput source="summary" fullWidth validate={required()} />
        <TextInput source="transcript" multiline minRows={6} fullWidth />
      </SimpleForm>
    </Create>
  );
}
