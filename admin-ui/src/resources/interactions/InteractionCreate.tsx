import {
  AutocompleteInput, Create, ReferenceInput, required, SelectInput, SimpleForm, TextInput,
} from 'react-admin';
import { enumChoices } from '../../choices';
import { ORDER_NUMBER_ONLY } from '../../fields/sparse';
import { TokyoDateTimeInput } from '../../fields/TokyoDateTimeInput';
import { CustomerPicker } from '../../fields/CustomerPicker';

/** Records an interaction (【5】: every one is recorded and linked to customer and order). */
export function InteractionCreate() {
  return (
    <Create redirect="show">
      <SimpleForm defaultValues={{ occurredAt: new Date(), direction: 'INBOUND' }}>
        <CustomerPicker required />
        <ReferenceInput source="orderId" reference="Order" queryOptions={ORDER_NUMBER_ONLY}>
          <AutocompleteInput optionText="orderNumber" filterToQuery={(q) => ({ q })} />
        </ReferenceInput>
        <SelectInput source="channel" choices={enumChoices('channel')} validate={required()} />
        <SelectInput source="direction" choices={enumChoices('direction')} validate={required()} />
        <SelectInput source="kind" choices={enumChoices('interactionKind')} validate={required()} />
        <TokyoDateTimeInput source="occurredAt" validate={required()} />
        <TextInput source="summary" fullWidth validate={required()} />
        <TextInput source="transcript" multiline minRows={6} fullWidth />
      </SimpleForm>
    </Create>
  );
}
