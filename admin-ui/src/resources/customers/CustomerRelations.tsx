import { BooleanField, DataTable, Pagination, ReferenceManyField, SelectField } from 'react-admin';
import type { TabContentProps } from './tabContent';
import { enumChoices } from '../../choices';
import { MaskedField } from '../../fields/MaskedField';
import { TokyoDateField, YenField } from '../../fields/JapaneseFields';

/** The 注文 tab: the customer's orders (Order filtered by customerId). */
export function CustomerOrders(_props: TabContentProps) {
  return (
    <ReferenceManyField reference="Order" target="customerId" sort={{ field: 'placedAt', order: 'DESC' }} perPage={10} pagination={<Pagination />}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="orderNumber" />
        <DataTable.Col source="placedAt"><TokyoDateField source="placedAt" /></DataTable.Col>
        <DataTable.Col source="totalYen" align="right"><YenField source="totalYen" /></DataTable.Col>
        <DataTable.Col source="status"><SelectField source="status" choices={enumChoices('orderStatus')} /></DataTable.Col>
        <DataTable.Col source="paymentStatus"><SelectField source="paymentStatus" choices={enumChoices('paymentStatus')} /></DataTable.Col>
        <DataTable.Col source="shipTo.name" disableSort><MaskedField source="shipTo.name" /></DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  );
}

/** The やり取り tab: calls, letters, mail… linked to the customer (【5】). */
export function CustomerInteractions(_props: TabContentProps) {
  return (
    <ReferenceManyField reference="Interaction" target="customerId" sort={{ field: 'occurredAt', order: 'DESC' }} perPage={10} pagination={<Pagination />}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="occurredAt"><TokyoDateField source="occurredAt" /></DataTable.Col>
        <DataTable.Col source="channel"><SelectField source="channel" choices={enumChoices('channel')} /></DataTable.Col>
        <DataTable.Col source="direction"><SelectField source="direction" choices={enumChoices('direction')} /></DataTable.Col>
        <DataTable.Col source="kind"><SelectField source="kind" choices={enumChoices('interactionKind')} /></DataTable.Col>
        <DataTable.Col source="summary" disableSort><MaskedField source="summary" /></DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  );
}

/** The 同意 tab: consents given and withdrawn (【4】(5)(6)(11), 【12】 guardian, 【15】 cookies). */
export function CustomerConsents(_props: TabContentProps) {
  return (
    <ReferenceManyField reference="Consent" target="customerId" sort={{ field: 'grantedAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick={false} bulkActionButtons={false}>
        <DataTable.Col source="purpose"><SelectField source="purpose" choices={enumChoices('consentPurpose')} /></DataTable.Col>
        <DataTable.Col source="grantedAt"><TokyoDateField source="grantedAt" /></DataTable.Col>
        <DataTable.Col source="withdrawnAt"><TokyoDateField source="withdrawnAt" /></DataTable.Col>
        <DataTable.Col source="source"><SelectField source="source" choices={enumChoices('customerSource')} /></DataTable.Col>
        <DataTable.Col source="guardianConsent"><BooleanField source="guardianConsent" /></DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  );
}
