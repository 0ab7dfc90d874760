import { Box, Divider, Typography } from '@mui/material';
import { ArrayField, DataTable, Labeled, SelectField, Show, SimpleShowLayout, TextField, TopToolbar, usePermissions, useTranslate } from 'react-admin';
import { canAccessResource, type Permissions } from '../../access';
import { useCurrentPurpose } from '../../providers/session';
import { ShipmentStepButton } from './ShipmentStepButton';
import { RefField } from '../../fields/RefField';
import { enumChoices } from '../../choices';
import { MaskedField } from '../../fields/MaskedField';
import { PostalCodeField, TokyoDateField, YenField } from '../../fields/JapaneseFields';

/** The ship-to block: personal data of its own (order.shipping), masked per `shipTo.maskedFields`. */
function ShipTo({ label: _label }: { label?: false }) {
  const translate = useTranslate();
  return (
    <Box component="section" sx={{ width: '100%' }}>
      <Typography variant="subtitle1" gutterBottom>{translate('mamori.order.shipTo')}</Typography>
      <Divider sx={{ mb: 1 }} />
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' }, gap: 2 }}>
        <Labeled source="shipTo.name"><MaskedField source="shipTo.name" /></Labeled>
        <Labeled source="shipTo.postalCode"><PostalCodeField source="shipTo.postalCode" /></Labeled>
        <Labeled source="shipTo.prefecture"><MaskedField source="shipTo.prefecture" /></Labeled>
        <Labeled source="shipTo.city"><MaskedField source="shipTo.city" /></Labeled>
        <Labeled source="shipTo.addressLine"><MaskedField source="shipTo.addressLine" /></Labeled>
        <Labeled source="shipTo.phone"><MaskedField source="shipTo.phone" /></Labeled>
      </Box>
    </Box>
  );
}

/**
 * One order. Every label has a value or a word under it: a reference the role may not open (a carrier and the
 * customer behind a shipment) is left out rather than shown blank, and a date not yet reached says so.
 */
export function OrderShow() {
  const { permissions } = usePermissions<Permissions>();
  const purpose = useCurrentPurpose();
  const translate = useTranslate();
  return (
    <Show actions={<TopToolbar><ShipmentStepButton /></TopToolbar>}>
      <SimpleShowLayout>
        <TextField source="orderNumber" />
        {canAccessResource(permissions, 'Customer', 'show', purpose) && (
          <RefField source="customerId" reference="Customer" optionText="customerNumber" />
        )}
        <SelectField source="status" choices={enumChoices('orderStatus')} />
        <SelectField source="paymentStatus" choices={enumChoices('paymentStatus')} />
        <ArrayField source="items">
          <DataTable bulkActionButtons={false} rowClick={false}>
            <DataTable.Col source="productName" />
            <DataTable.Col source="quantity" align="right" />
            <DataTable.Col source="unitPriceYen" align="right"><YenField source="unitPriceYen" /></DataTable.Col>
          </DataTable>
        </ArrayField>
        <YenField source="totalYen" />
        <ShipTo label={false} />
        <TextField source="carrierName" emptyText={translate('mamori.order.noCarrier')} />
        <TokyoDateField source="placedAt" />
        <TokyoDateField source="paymentDueAt" emptyText={translate('mamori.order.noPaymentDue')} />
        <TokyoDateField source="shippedAt" emptyText={translate('mamori.order.notShipped')} />
        <TokyoDateField source="deliveredAt" emptyText={translate('mamori.order.notDelivered')} />
      </SimpleShowLayout>
    </Show>
  );
}
