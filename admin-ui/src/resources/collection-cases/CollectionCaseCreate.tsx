import { AutocompleteInput, Create, ReferenceInput, required, SelectInput, SimpleForm } from 'react-admin';
import { selecting } from '../../fields/selection';
import { useHandoverContractors } from '../handover/useHandoverContractors';

/** Only overdue orders can be handed over, and only their numbers are read to choose one. */
const OVERDUE_ORDERS = { filter: { paymentStatus: 'OVERDUE' }, queryOptions: selecting(['orderNumber']) };

/** Hands an overdue order to one collection agency (accounting, under 与信判断・債権管理); recorded as provision (委託). */
export function CollectionCaseCreate() {
  const contractors = useHandoverContractors('COLLECTION_CASE');
  return (
    <Create redirect="list">
      <SimpleForm>
        <ReferenceInput source="orderId" reference="Order" filter={OVERDUE_ORDERS.filter} queryOptions={OVERDUE_ORDERS.queryOptions}>
          <AutocompleteInput optionText="orderNumber" filterToQuery={(q) => ({ q })} validate={required()} />
        </ReferenceInput>
        <SelectInput source="contractorId" choices={contractors} optionText="name" validate={required()} />
      </SimpleForm>
    </Create>
  );
}
