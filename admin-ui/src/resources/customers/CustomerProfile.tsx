import { Box, Divider, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { BooleanField, Labeled, SelectField, TextField, useTranslate } from 'react-admin';
import type { TabContentProps } from './tabContent';
import { enumChoices } from '../../choices';
import { MaskedField } from '../../fields/MaskedField';
import { MaskedDateField, NameWithKanaField, PostalCodeField, TokyoDateField } from '../../fields/JapaneseFields';

function Section({ title, children }: { title: string; children: ReactNode }) {
  const translate = useTranslate();
  return (
    <Box component="section" sx={{ mb: 2 }}>
      <Typography variant="subtitle1" gutterBottom>{translate(title)}</Typography>
      <Divider sx={{ mb: 1 }} />
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' }, gap: 2 }}>{children}</Box>
    </Box>
  );
}

/** The プロフィール tab: every personal field through MaskedField, so masking follows `maskedFields`. */
export function CustomerProfile(_props: TabContentProps) {
  return (
    <Box sx={{ width: '100%' }}>
      <Section title="mamori.customer.sections.contact">
        <Labeled source="name"><NameWithKanaField source="name" /></Labeled>
        <Labeled source="postalCode"><PostalCodeField source="postalCode" /></Labeled>
        <Labeled source="prefecture"><MaskedField source="prefecture" /></Labeled>
        <Labeled source="city"><MaskedField source="city" /></Labeled>
        <Labeled source="addressLine"><MaskedField source="addressLine" /></Labeled>
        <Labeled source="phone"><MaskedField source="phone" /></Labeled>
        <Labeled source="email"><MaskedField source="email" /></Labeled>
      </Section>
      <Section title="mamori.customer.sections.demographic">
        <Labeled source="birthDate"><MaskedDateField source="birthDate" /></Labeled>
        <Labeled source="gender"><MaskedField source="gender" enumName="gender" /></Labeled>
        <Labeled source="occupation"><MaskedField source="occupation" /></Labeled>
        <Labeled source="lifestyle"><MaskedField source="lifestyle" /></Labeled>
      </Section>
      <Section title="mamori.customer.sections.card">
        <Labeled source="cardBrand"><MaskedField source="cardBrand" /></Labeled>
        <Labeled source="cardNumber"><MaskedField source="cardNumber" /></Labeled>
        <Labeled source="cardExpiry"><MaskedField source="cardExpiry" /></Labeled>
      </Section>
      <Section title="mamori.customer.sections.status">
        <Labeled source="customerNumber"><TextField source="customerNumber" /></Labeled>
        <Labeled source="status"><SelectField source="status" choices={enumChoices('customerStatus')} /></Labeled>
        <Labeled source="source"><SelectField source="source" choices={enumChoices('customerSource')} /></Labeled>
        <Labeled source="useStopped"><BooleanField source="useStopped" /></Labeled>
        <Labeled source="provisionStopped"><BooleanField source="provisionStopped" /></Labeled>
        <Labeled source="householdId"><TextField source="householdId" /></Labeled>
        <Labeled source="createdAt"><TokyoDateField source="createdAt" /></Labeled>
        <Labeled source="updatedAt"><TokyoDateField source="updatedAt" /></Labeled>
      </Section>
    </Box>
  );
}
