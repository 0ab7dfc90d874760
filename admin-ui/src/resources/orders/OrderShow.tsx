import { Box, Divider, Typography } from '@mui/material';
import { ArrayField, DataTable, Labeled, SelectField, Show, SimpleShowLayout, TextField, useTranslate } from 'react-admin';
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

export function OrderShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="orderNumber" />
        <RefField source="customerId" reference="Customer" optionText="customerNumber" />
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
        <RefField source="carrierId" reference="Contractor" optionText="name" link={false} />
        <TokyoDateField source="placedAt" />
        <TokyoDateField source="paymentDueAt" />
        <TokyoDateField source="shippedAt" />
        <TokyoDateField source="deliveredAt" />
      </SimpleShowLayout>
    </Show>
  );
}
